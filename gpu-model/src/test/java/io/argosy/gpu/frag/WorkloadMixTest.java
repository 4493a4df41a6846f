package io.argosy.gpu.frag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.argosy.gpu.InvalidSpecException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkloadMixTest {

  private static List<TaskClass> observations() {
    List<TaskClass> obs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      obs.add(TaskClass.of(8_000, 1, 1000, 1));
    }
    for (int i = 0; i < 3; i++) {
      obs.add(TaskClass.of(4_000, 1, 500, 1));
    }
    obs.add(new TaskClass(2_000, 2, 1000, Set.of("T4"), 1));
    return obs;
  }

  @Test
  void fromObservedCountsEqualDemandsAsOneClass() {
    WorkloadMix mix = WorkloadMix.fromObserved(observations(), 1.0);
    assertThat(mix.classes())
        .extracting(c -> c.withWeight(1))
        .containsExactly(
            TaskClass.of(8_000, 1, 1000, 1),
            TaskClass.of(4_000, 1, 500, 1),
            new TaskClass(2_000, 2, 1000, Set.of("T4"), 1));
    assertThat(mix.classes().stream().mapToDouble(TaskClass::weight).toArray())
        .containsExactly(new double[] {0.6, 0.3, 0.1}, within(1e-12));
  }

  @Test
  void coverageKeepsThePopularClassesUntilTheyCoverTheShareAndRenormalises() {
    // 6 + 3 = 9 of 10 observations = 90%: the third class is dropped
    WorkloadMix mix = WorkloadMix.fromObserved(observations(), 0.9);
    assertThat(mix.classes())
        .containsExactly(TaskClass.of(8_000, 1, 1000, 2.0 / 3), TaskClass.of(4_000, 1, 500, 1.0 / 3));
    // 95% needs the third class too
    assertThat(WorkloadMix.fromObserved(observations(), 0.95).classes()).hasSize(3);
  }

  @Test
  void theResultDoesNotDependOnObservationOrder() {
    List<TaskClass> obs = observations();
    obs.add(TaskClass.of(1_000, 1, 200, 1)); // ties with the T4 class at 1 observation
    WorkloadMix first = WorkloadMix.fromObserved(obs, 0.95);
    Collections.shuffle(obs, new Random(7));
    assertThat(WorkloadMix.fromObserved(obs, 0.95).classes()).isEqualTo(first.classes());
    // 6 + 3 + 1 = 10 of 11 < 95%: both tied classes are kept
    assertThat(first.classes()).hasSize(4);
  }

  @Test
  void theObserverFollowsThePodsSeenSoFar() {
    WorkloadMix.Observer o = WorkloadMix.observer();
    o.observe(4_000, 1, 500, Set.of());
    assertThat(o.mix(1.0).classes()).containsExactly(TaskClass.of(4_000, 1, 500, 1.0));
    o.observe(4_000, 1, 1000, Set.of()).observe(4_000, 1, 1000, Set.of());
    assertThat(o.observedWeight()).isEqualTo(3.0);
    assertThat(o.mix(1.0).classes().get(0)).isEqualTo(TaskClass.of(4_000, 1, 1000, 2.0 / 3));
  }

  @Test
  void anEmptyObserverOrABadCoverageIsRejected() {
    assertThatThrownBy(() -> WorkloadMix.observer().mix(0.95))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageStartingWith("observed:");
    assertThatThrownBy(() -> WorkloadMix.fromObserved(observations(), 0))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageStartingWith("coverage:");
  }
}
