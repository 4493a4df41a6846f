package io.argosy.scheduler.cycle;

import static io.argosy.scheduler.testing.Harness.binding;
import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.queue.job.JobId;
import io.argosy.queue.job.JobState;
import io.argosy.scheduler.fleet.GangBinding;
import io.argosy.scheduler.testing.Harness;
import io.argosy.scheduler.testing.Nodes;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Elastic gangs (minAvailable below replicas) and the assume TTL of unconfirmed bindings. */
class ElasticAndTtlTest {
  static final String ELASTIC = """
      apiVersion: batch.volcano.sh/v1alpha1
      kind: Job
      metadata: {name: elastic}
      spec:
        minAvailable: 2
        queue: %s
        tasks:
        - name: w
          replicas: 4
          template:
            spec:
              containers: [{name: w, image: x, resources: {requests: {cpu: "1"}, limits: {nvidia.com/gpu: 4}}}]
      """;

  @Test
  void anElasticGangTakesItsMandatoryPodsThenAsManyMoreAsFit() {
    Harness h = new Harness().cluster("gpu", List.of(Nodes.nvidia("n0", "NVIDIA-A100-SXM4-80GB", 8).build(),
        Nodes.nvidia("n1", "NVIDIA-A100-SXM4-80GB", 4).build()));
    h.submit(ELASTIC.formatted("default"));
    CycleResult r = h.cycle();
    assertThat(binding(r, "elastic").pods()).hasSize(3);
    assertThat(h.queues.ledger().usage("default", "nvidia.com/gpu")).isEqualTo(12);
    assertThat(h.queues.status(JobId.parse("elastic")).orElseThrow().charged().get("nvidia.com/gpu")).isEqualTo(12);
  }

  @Test
  void optionalPodsAreDroppedWhenTheQueuesQuotaRefusesThem() {
    Harness h = new Harness().cluster("gpu", List.of(Nodes.nvidia("n0", "NVIDIA-A100-SXM4-80GB", 8).build(),
        Nodes.nvidia("n1", "NVIDIA-A100-SXM4-80GB", 8).build()));
    h.submit("""
        apiVersion: scheduling.volcano.sh/v1beta1
        kind: Queue
        metadata: {name: capped}
        spec: {capability: {nvidia.com/gpu: 8}}
        ---
        """ + ELASTIC.formatted("capped"));
    CycleResult r = h.cycle();
    assertThat(binding(r, "elastic").pods()).extracting(p -> p.podName()).containsExactly("elastic-w-0", "elastic-w-1");
    assertThat(h.queues.ledger().usage("capped", "nvidia.com/gpu")).isEqualTo(8);
  }

  @Test
  void aBindingNobodyConfirmsExpiresAndTheJobIsPlacedAgain() {
    Harness h = new Harness().cluster("gpu", List.of(Nodes.nvidia("n0", "NVIDIA-A100-SXM4-80GB", 8).build()));
    h.submit(ELASTIC.formatted("default"));
    GangBinding first = binding(h.cycle(), "elastic");
    h.advance(Duration.ofMinutes(4));
    assertThat(h.cycle().expired()).isEmpty();
    h.advance(Duration.ofMinutes(2));
    CycleResult r = h.cycle();
    assertThat(r.expired()).containsExactly(first);
    GangBinding again = binding(r, "elastic");
    assertThat(again.bindingId()).isNotEqualTo(first.bindingId());
    assertThat(h.state("elastic")).isEqualTo(JobState.BOUND);
    assertThat(h.queues.status(JobId.parse("elastic")).orElseThrow().history()).extracting(t -> t.to())
        .containsSubsequence(JobState.BOUND, JobState.PENDING, JobState.ADMITTED, JobState.BOUND);
  }
}
