package io.argosy.gpu.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argosy.gpu.InvalidSpecException;
import java.io.StringReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CatalogTest {
  private final Catalog catalog = Catalog.builtin();

  @ParameterizedTest
  @ValueSource(strings = {
      "A100-40GB", "A100-80GB", "A800-80GB", "H100-80GB", "H800-80GB", "H200-141GB", "A30", "A10", "L40S", "L4",
      "T4", "V100-16GB", "V100-32GB", "P100", "Ascend910A", "Ascend910B2", "Ascend910B3", "Ascend910B4",
      "Ascend310P", "BI-V100", "BI-V150", "MR-V100", "MR-V50", "C500", "MLU370-X4", "MLU370-X8", "MLU590"})
  void shipsEveryModelTheIssueNames(String name) {
    assertThat(catalog.byName(name)).get().extracting(AcceleratorModel::name).isEqualTo(name);
  }

  @ParameterizedTest
  @CsvSource({
      "NVIDIA-A100-SXM4-80GB, A100-80GB",
      "NVIDIA-A100-SXM4-40GB, A100-40GB",
      "NVIDIA-A100-PCIE-40GB, A100-40GB",
      "NVIDIA-A100-80GB-PCIe, A100-80GB",
      "Tesla-V100-SXM2-32GB, V100-32GB",
      "Tesla-V100-PCIE-16GB, V100-16GB",
      "NVIDIA-NVIDIA A100-SXM4-80GB, A100-80GB",
      "NVIDIA A800-SXM4-80GB, A800-80GB",
      "NVIDIA-H100-80GB-HBM3, H100-80GB",
      "NVIDIA-H800, H800-80GB",
      "NVIDIA-H200, H200-141GB",
      "NVIDIA-A100-SXM4-40GB-MIG-1g.5gb, A100-40GB",
      "Tesla-T4, T4",
      "NVIDIA-A10, A10",
      "NVIDIA-L40S, L40S",
      "NVIDIA-L4, L4",
      "Tesla-P100-PCIE-16GB, P100",
      "Ascend910B3, Ascend910B3",
      "Ascend310P3, Ascend310P",
      "910B4, Ascend910B4",
      "BI-V150, BI-V150",
      "MXC500, C500",
      "MLU370-X8, MLU370-X8"})
  void resolvesProductStringsDevicePluginsPublish(String product, String model) {
    assertThat(catalog.resolveProduct(product)).get().extracting(AcceleratorModel::name).isEqualTo(model);
  }

  @ParameterizedTest
  @ValueSource(strings = {"NVIDIA-A100", "NVIDIA-GeForce-RTX-4090", "Tesla-K80", ""})
  void doesNotGuessAmbiguousOrUnknownProducts(String product) {
    assertThat(catalog.resolveProduct(product)).isEmpty();
  }

  @Test
  void migLayoutsAndProfilesFollowTheDesign() {
    AcceleratorModel a100 = catalog.byName("A100-80GB").orElseThrow();
    assertThat(a100.computeSlices()).isEqualTo(7);
    assertThat(a100.memorySlices()).isEqualTo(8);
    assertThat(a100.partition("3g.40gb")).get().extracting(PartitionProfile::maxPerDevice).isEqualTo(2);
    assertThat(a100.layouts().get("all-balanced")).containsExactly("1g.10gb", "1g.10gb", "2g.20gb", "3g.40gb");
    assertThat(catalog.byName("A30").orElseThrow().partition("1g.6gb")).get()
        .extracting(PartitionProfile::maxPerDevice).isEqualTo(4);
    assertThat(catalog.byName("Ascend310P").orElseThrow().partition("vir02")).get()
        .extracting(PartitionProfile::name).isEqualTo("2c");
  }

  @Test
  void adminOverlayAddsAndOverridesByName() {
    Catalog c = catalog.withOverlay(new StringReader("""
        models:
          - {name: RTX-4090, vendor: NVIDIA, memoryMiB: 24564, aliases: [GeForce-RTX-4090]}
          - {name: T4, vendor: NVIDIA, memoryMiB: 15360}
        """));
    assertThat(c.resolveProduct("NVIDIA-GeForce-RTX-4090")).get().extracting(AcceleratorModel::name).isEqualTo("RTX-4090");
    assertThat(c.byName("T4").orElseThrow().memoryMiB()).isEqualTo(15360);
    assertThat(c.models()).hasSize(catalog.models().size() + 1);
    assertThat(catalog.byName("T4").orElseThrow().memoryMiB()).isEqualTo(16384);
  }

  @Test
  void overlayErrorsNameTheEntryAndField() {
    assertThatThrownBy(() -> catalog.withOverlay(new StringReader("""
        models:
          - {name: X1, vendor: NVIDIA, memoryMiB: 1000}
          - {name: X2, vendor: NVIDIA}
        """)))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("models[1].memoryMiB: missing");
    assertThatThrownBy(() -> catalog.withOverlay(new StringReader("""
        models:
          - {name: X1, vendor: Nvidea, memoryMiB: 1000}
        """)))
        .isInstanceOf(InvalidSpecException.class)
        .extracting(e -> ((InvalidSpecException) e).field()).isEqualTo("models[0].vendor");
  }

  @Test
  void overlayRejectsLayoutsThatDoNotFitTheSlices() {
    assertThatThrownBy(() -> catalog.withOverlay(new StringReader("""
        models:
          - name: G1
            vendor: NVIDIA
            memoryMiB: 81920
            computeSlices: 7
            memorySlices: 8
            partitions:
              - {name: 4g.40gb, computeSlices: 4, memorySlices: 4, memoryMiB: 40960, maxPerDevice: 2}
            layouts:
              bad: [4g.40gb, 4g.40gb]
        """)))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("models[0].layouts[bad]: needs 8 compute slices, G1 has 7");
  }

  @Test
  void typeMatchingIsHamisCaseInsensitiveSubstring() {
    AcceleratorModel a100 = catalog.byName("A100-80GB").orElseThrow();
    assertThat(Catalog.typeMatches(a100, "a100")).isTrue();
    assertThat(Catalog.typeMatches(a100, "SXM4")).isTrue();
    assertThat(Catalog.typeMatches(a100, "H100")).isFalse();
  }
}
