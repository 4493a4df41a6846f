package io.argosy.scheduler.cycle;

import static io.argosy.scheduler.testing.Harness.pending;
import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.scheduler.testing.Harness;
import io.argosy.scheduler.testing.Nodes;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Gangs with one scheduling key fail fast after the first of them failed and nothing changed: they
 * carry the same pending reason as that one, and a change (a release, a new cycle) lets them fit again.
 */
class UnfeasibleKeyTest {
  private Harness h;

  @BeforeEach
  void fleet() {
    h = new Harness().cluster("gpu", List.of(Nodes.nvidia("n0", "NVIDIA-A100-SXM4-80GB", 8).build()));
    h.submit(PreemptionTest.CLASSES_YAML);
  }

  @Test
  void identicalBlockedGangsGetTheReasonOfTheFirst() {
    h.submit(PreemptionTest.job("big-1", "low", 2, 8) + PreemptionTest.job("big-2", "low", 2, 8)
        + PreemptionTest.job("big-3", "low", 2, 8));
    CycleResult r = h.cycle();
    assertThat(r.bindings()).isEmpty();
    String expected = "cluster gpu: 2/2 tasks in gang unschedulable: gang needs 16 nvidia.com/gpu, cluster has 8 free";
    for (String job : List.of("big-1", "big-2", "big-3")) {
      assertThat(pending(r, job).reasons()).containsExactly(expected);
    }
  }

  @Test
  void aReleaseLetsGangsOfAFailedKeyFitInTheNextCycle() {
    h.submit(PreemptionTest.job("fill", "low", 1, 8));
    assertThat(h.runAll(h.cycle()).bindings()).hasSize(1);
    h.advance(Duration.ofMinutes(1));
    h.submit(PreemptionTest.job("w1", "low", 1, 4) + PreemptionTest.job("w2", "low", 1, 4)
        + PreemptionTest.job("w3", "low", 1, 4));
    CycleResult blocked = h.cycle();
    assertThat(blocked.bindings()).isEmpty();
    assertThat(pending(blocked, "w2").reasons()).isEqualTo(pending(blocked, "w1").reasons())
        .isEqualTo(pending(blocked, "w3").reasons());
    h.finish("fill");
    CycleResult after = h.cycle();
    assertThat(after.bindings()).extracting(b -> b.job().name()).containsExactly("w1", "w2");
    assertThat(pending(after, "w3").reasons()).singleElement().asString().contains("insufficient nvidia.com/gpu");
  }
}
