package io.argosy.queue.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResourceVectorTest {

  @Test
  void arithmeticKeepsTheUnionOfKeys() {
    ResourceVector a = ResourceVector.of("cpu", 1000, "nvidia.com/gpu", 2);
    ResourceVector b = ResourceVector.of("cpu", 500, "memory", 1024);
    assertThat(a.plus(b).toMap()).containsExactly(
        java.util.Map.entry("cpu", 1500L), java.util.Map.entry("memory", 1024L), java.util.Map.entry("nvidia.com/gpu", 2L));
    assertThat(a.minus(a).isZero()).isTrue();
    assertThat(a.minus(a).size()).isEqualTo(2);
    assertThat(a.times(3).get("nvidia.com/gpu")).isEqualTo(6);
  }

  @Test
  void zeroEntriesAreKeptBecauseAZeroQuotaIsNotNoQuota() {
    ResourceVector v = ResourceVector.of("nvidia.com/gpu[H100]", 0);
    assertThat(v.has("nvidia.com/gpu[H100]")).isTrue();
    assertThat(v.isZero()).isTrue();
    assertThat(v).isNotEqualTo(ResourceVector.EMPTY);
  }

  @Test
  void parsesTheCommandLineForm() {
    ResourceVector v = ResourceVector.parse("cpu=4000, nvidia.com/gpu[H100]=32,nvidia.com/mig-3g.40gb=7");
    assertThat(v.get("cpu")).isEqualTo(4000);
    assertThat(v.get("nvidia.com/gpu[H100]")).isEqualTo(32);
    assertThat(v.get("nvidia.com/mig-3g.40gb")).isEqualTo(7);
    assertThatThrownBy(() -> ResourceVector.parse("cpu=four"))
        .hasMessage("amount of cpu must be an integer, got 'four'");
    assertThatThrownBy(() -> ResourceVector.parse("nvidia.com/gpu[H100=3"))
        .hasMessage("resource name nvidia.com/gpu[H100 must be written name or name[model], e.g. nvidia.com/gpu[H100]");
    assertThatThrownBy(() -> ResourceVector.parse("nvidia.com/gpu[]=3"))
        .hasMessage("resource name nvidia.com/gpu[] has an empty model");
  }

  @Test
  void qualifiedKeysKnowTheirBaseAndModel() {
    int id = ResourceKeys.id("nvidia.com/gpu[H100-80GB]");
    assertThat(ResourceKeys.isQualified(id)).isTrue();
    assertThat(ResourceKeys.name(ResourceKeys.baseId(id))).isEqualTo("nvidia.com/gpu");
    assertThat(ResourceKeys.model(id)).isEqualTo("H100-80GB");
    ResourceVector v = ResourceVector.of("nvidia.com/gpu", 8, "nvidia.com/gpu[H100-80GB]", 8);
    assertThat(v.base().toMap()).containsOnlyKeys("nvidia.com/gpu");
    assertThat(v.qualified().toMap()).containsOnlyKeys("nvidia.com/gpu[H100-80GB]");
  }

  @Test
  void aQuotaModelCoversDeviceModelsOfItsFamilyButNotLongerNumbers() {
    assertThat(ResourceKeys.modelCovers("H100", "H100-80GB")).isTrue();
    assertThat(ResourceKeys.modelCovers("H100", "h100nvl")).isTrue();
    assertThat(ResourceKeys.modelCovers("Ascend910", "Ascend910B3")).isTrue();
    assertThat(ResourceKeys.modelCovers("A100-80GB", "A100-80GB")).isTrue();
    assertThat(ResourceKeys.modelCovers("A10", "A100-80GB")).isFalse();
    assertThat(ResourceKeys.modelCovers("A100-80GB", "A100-40GB")).isFalse();
    assertThat(ResourceKeys.modelCovers("H100-80GB", "H100")).isFalse();
  }

  @Test
  void coveredSumsEveryModelAQualifiedQuotaKeyCovers() {
    ResourceVector usage = ResourceVector.builder()
        .put("nvidia.com/gpu[H100-80GB]", 4)
        .put("nvidia.com/gpu[H100-NVL]", 2)
        .put("nvidia.com/gpu[A100-80GB]", 8)
        .put("nvidia.com/gpumem[H100-80GB]", 40960)
        .build();
    assertThat(usage.covered(ResourceKeys.id("nvidia.com/gpu[H100]"))).isEqualTo(6);
    assertThat(usage.covered(ResourceKeys.id("nvidia.com/gpu[A100]"))).isEqualTo(8);
    assertThat(usage.covered(ResourceKeys.id("nvidia.com/gpumem[H100]"))).isEqualTo(40960);
    assertThat(usage.covered(ResourceKeys.id("nvidia.com/gpu"))).isZero();
  }
}
