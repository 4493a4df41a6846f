package io.argosy.scheduler.cycle;

import static io.argosy.scheduler.testing.Harness.binding;
import static io.argosy.scheduler.testing.Harness.pending;
import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.scheduler.framework.SchedulerConfig;
import io.argosy.scheduler.plugins.SolverClusterChooser;
import io.argosy.scheduler.testing.Harness;
import io.argosy.scheduler.testing.Nodes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The placement solver chooses clusters for a contended pending set; node-level placement stays the cycle's. */
class SolverChooserTest {
  static String job(String name, int gpus) {
    return """
        ---
        apiVersion: batch.volcano.sh/v1alpha1
        kind: Job
        metadata: {name: %s}
        spec:
          minAvailable: 1
          tasks:
          - name: w
            replicas: 1
            template:
              spec:
                containers: [{name: w, image: x, resources: {requests: {cpu: "1"}, limits: {nvidia.com/gpu: %d}}}]
        """.formatted(name, gpus);
  }

  private static Harness fleet(SchedulerConfig config) {
    return new Harness(config)
        .cluster("big", Map.of(), List.of(), List.of(Nodes.nvidia("b0", "NVIDIA-A100-SXM4-80GB", 8).cpu(64)
            .capacity("ephemeral-storage", "900Gi").capacity("rdma/hca_shared_devices_a", "1k").build()))
        .cluster("small", Map.of(), List.of(), List.of(
            Nodes.nvidia("s0", "NVIDIA-A100-SXM4-80GB", 4).cpu(16).build(),
            Nodes.nvidia("s1", "NVIDIA-A100-SXM4-80GB", 4).cpu(16).build()));
  }

  @Test
  void theGreedyChoiceStrandsTheLargeGangTheSolverPlacesBoth() {
    Harness greedy = fleet(Harness.config().withSolver(null).withClustersEvaluated(1));
    greedy.submit(job("four", 4) + job("eight", 8));
    CycleResult g = greedy.cycle();
    assertThat(binding(g, "four").cluster()).isEqualTo("big"); // most free CPU first, the first that fits
    assertThat(pending(g, "eight").reasons()).hasSize(2);

    Harness solved = fleet(Harness.config().withClustersEvaluated(1));
    solved.submit(job("four", 4) + job("eight", 8));
    CycleResult s = solved.cycle();
    assertThat(binding(s, "four").cluster()).isEqualTo("small");
    assertThat(binding(s, "eight").cluster()).isEqualTo("big");
    assertThat(s.timings().planNanos()).isPositive();
    SolverClusterChooser chooser = (SolverClusterChooser) solved.scheduler.profile().chooser();
    assertThat(chooser.lastDecision().solverUsed()).isTrue();
  }

  @Test
  void anUncontendedSetKeepsTheGreedyChoice() {
    Harness h = fleet(Harness.config().withClustersEvaluated(1));
    h.submit(job("one", 1));
    CycleResult r = h.cycle();
    assertThat(binding(r, "one").cluster()).isEqualTo("big");
    SolverClusterChooser chooser = (SolverClusterChooser) h.scheduler.profile().chooser();
    assertThat(chooser.lastDecision().solverUsed()).isFalse();
  }
}
