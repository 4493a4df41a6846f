package io.argosy.api;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class PodNamesTest {

  @Test
  void followsVolcanoNaming() {
    assertThat(PodNames.of("mnist", "worker", 3)).isEqualTo("mnist-worker-3");
    assertThat(PodNames.labelValue("team-a/mnist")).isEqualTo("team-a.mnist");
  }

  @Property(tries = 300, seed = "42")
  void alwaysAStableDnsLabel(@ForAll @StringLength(min = 1, max = 120) String job,
      @ForAll @StringLength(min = 1, max = 40) String task, @ForAll @IntRange(max = 10_000) int index) {
    String name = PodNames.of(job, task, index);
    assertThat(name).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    assertThat(PodNames.of(job, task, index)).isEqualTo(name);
  }

  @Property(tries = 200, seed = "7")
  void longNamesStayDistinct(@ForAll @StringLength(min = 70, max = 90) String a, @ForAll @IntRange(max = 50) int i) {
    String base = "x".repeat(70) + a.hashCode();
    assertThat(PodNames.of(base, "t", i)).isNotEqualTo(PodNames.of(base, "t", i + 1));
  }
}
