package io.argosy.scheduler.cycle;

import static io.argosy.scheduler.testing.Harness.binding;
import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.scheduler.framework.SchedulerConfig;
import io.argosy.scheduler.testing.Harness;
import io.argosy.scheduler.testing.Nodes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Above {@code firstFitBacklog} pending jobs the greedy choice takes the first cluster in its order
 * that can take the gang instead of comparing {@code clustersEvaluated} of them.
 */
class FirstFitBacklogTest {
  private static Harness fleet(SchedulerConfig config) {
    // "big" comes first in the greedy order (most free CPU); a 4-GPU pod fills "small"'s node exactly,
    // which the fragmentation score prefers to half of "big"'s node
    return new Harness(config)
        .cluster("big", Map.of(), List.of(), List.of(Nodes.nvidia("b0", "NVIDIA-A100-SXM4-80GB", 8).cpu(64).build()))
        .cluster("small", Map.of(), List.of(), List.of(Nodes.nvidia("s0", "NVIDIA-A100-SXM4-80GB", 4).cpu(16).build()));
  }

  private static String cycleAndPlace(SchedulerConfig config, int backlog) {
    Harness h = fleet(config.withSolver(null));
    StringBuilder jobs = new StringBuilder(SolverChooserTest.job("four", 4));
    for (int i = 1; i < backlog; i++) {
      jobs.append(SolverChooserTest.job("waiting-" + i, 16)); // fits nowhere: only makes the backlog
    }
    h.submit(jobs.toString());
    return binding(h.cycle(), "four").cluster();
  }

  @Test
  void atOrBelowTheBacklogTheClustersAreCompared() {
    assertThat(cycleAndPlace(Harness.config(), 1)).isEqualTo("small");
    assertThat(cycleAndPlace(Harness.config().withFirstFitBacklog(3), 3)).isEqualTo("small");
  }

  @Test
  void aboveTheBacklogTheFirstClusterThatCanTakeTheGangIsTaken() {
    assertThat(cycleAndPlace(Harness.config().withFirstFitBacklog(2), 3)).isEqualTo("big");
    assertThat(cycleAndPlace(Harness.config().withFirstFitBacklog(0), 1)).isEqualTo("big");
  }

  @Test
  void aNegativeBacklogIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SchedulerConfig.defaults().withFirstFitBacklog(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("firstFitBacklog");
  }
}
