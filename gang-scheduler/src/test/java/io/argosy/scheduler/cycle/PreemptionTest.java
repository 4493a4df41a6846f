package io.argosy.scheduler.cycle;

import static io.argosy.scheduler.testing.Harness.binding;
import static io.argosy.scheduler.testing.Harness.pending;
import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.queue.job.JobId;
import io.argosy.queue.job.JobState;
import io.argosy.scheduler.fleet.HeldPod;
import io.argosy.scheduler.preempt.Preemption;
import io.argosy.scheduler.testing.Harness;
import io.argosy.scheduler.testing.Nodes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Priority preemption within a queue and reclaim across queues: whole gangs, fewest and cheapest victims. */
class PreemptionTest {
  static final String CLASSES_YAML = """
      apiVersion: scheduling.k8s.io/v1
      kind: PriorityClass
      metadata: {name: low}
      value: 100
      ---
      apiVersion: scheduling.k8s.io/v1
      kind: PriorityClass
      metadata: {name: mid}
      value: 200
      ---
      apiVersion: scheduling.k8s.io/v1
      kind: PriorityClass
      metadata: {name: high}
      value: 1000
      """;

  private Harness h;

  @BeforeEach
  void fleet() {
    h = new Harness().cluster("gpu", List.of(Nodes.nvidia("n0", "NVIDIA-A100-SXM4-80GB", 8).build()));
    h.submit(CLASSES_YAML);
  }

  static String job(String name, String priorityClass, int replicas, int gpus) {
    return job(name, priorityClass, replicas, gpus, "default", "");
  }

  static String job(String name, String priorityClass, int replicas, int gpus, String queue, String annotations) {
    return """
        ---
        apiVersion: batch.volcano.sh/v1alpha1
        kind: Job
        metadata:
          name: %s
          annotations: {%s}
        spec:
          minAvailable: %d
          queue: %s
          priorityClassName: %s
          tasks:
          - name: worker
            replicas: %d
            template:
              spec:
                containers: [{name: w, image: x, resources: {limits: {nvidia.com/gpu: %d}}}]
        """.formatted(name, annotations, replicas, queue, priorityClass, replicas, gpus);
  }

  private void fill() {
    h.submit(job("l1", "low", 1, 1) + job("l2", "low", 1, 1) + job("l3", "low", 1, 2) + job("l4", "low", 2, 2));
    CycleResult r = h.runAll(h.cycle());
    assertThat(r.bindings()).hasSize(4);
    h.advance(Duration.ofMinutes(1));
  }

  @Test
  void evictsTheSingleGangThatFreesEnoughRatherThanSeveralSmallOnes() {
    fill();
    h.submit(job("h2", "high", 1, 2));
    CycleResult r = h.cycle();
    assertThat(r.preemptions()).extracting(Preemption::victim).containsExactly(JobId.parse("l3"));
    assertThat(r.preemptions().get(0).kind()).isEqualTo(Preemption.Kind.PREEMPT);
    assertThat(r.preemptions().get(0).preemptor()).isEqualTo(JobId.parse("h2"));
    assertThat(binding(r, "h2").cluster()).isEqualTo("gpu");
    assertThat(h.state("l3")).isEqualTo(JobState.PENDING);
    assertThat(h.queues.status(JobId.parse("l3")).orElseThrow().history())
        .extracting(t -> t.to()).contains(JobState.PREEMPTED);
  }

  @Test
  void evictsAWholeMultiPodGangAndNothingElse() {
    fill();
    h.submit(job("h4", "high", 1, 4));
    CycleResult r = h.cycle();
    assertThat(r.preemptions()).extracting(Preemption::victim).containsExactly(JobId.parse("l4"));
    assertThat(h.fleet.gang(JobId.parse("l4"))).isNull();
    assertThat(h.fleet.cluster("gpu").pods().values()).extracting(HeldPod::job)
        .doesNotContain(JobId.parse("l4"));
    assertThat(binding(r, "h4").pods().get(0).devices()).hasSize(4);
  }

  @Test
  void prefersLowerPriorityThenTheNewestAmongEqualChoices() {
    h.submit(job("old-low", "low", 1, 2) + job("mid", "mid", 1, 2));
    h.runAll(h.cycle());
    h.advance(Duration.ofMinutes(5));
    h.submit(job("new-low", "low", 1, 2) + job("mid-2", "mid", 1, 2));
    h.runAll(h.cycle());
    h.advance(Duration.ofMinutes(5));
    h.submit(job("urgent", "high", 1, 2));
    CycleResult r = h.cycle();
    assertThat(r.preemptions()).extracting(Preemption::victim).containsExactly(JobId.parse("new-low"));
  }

  @Test
  void neverEvictsForAGangThatWouldStillNotFit() {
    fill();
    h.submit(job("h16", "high", 2, 8));
    CycleResult r = h.cycle();
    assertThat(r.preemptions()).isEmpty();
    assertThat(pending(r, "h16").reasons()).containsExactly(
        "cluster gpu: 2/2 tasks in gang unschedulable: insufficient nvidia.com/gpu on 1 node");
    assertThat(h.fleet.gangs()).hasSize(4);
  }

  @Test
  void equalPriorityNonPreemptibleAndOtherQueuesAreNotVictims() {
    h.submit("""
        apiVersion: scheduling.volcano.sh/v1beta1
        kind: Queue
        metadata: {name: other}
        spec: {weight: 1}
        """);
    h.submit(job("pinned", "low", 1, 4, "default", "volcano.sh/preemptable: \"false\"")
        + job("elsewhere", "low", 1, 2, "other", "") + job("peer", "high", 1, 2));
    assertThat(h.cycle().bindings()).hasSize(3);
    h.submit(job("h4", "high", 1, 4));
    CycleResult r = h.cycle();
    assertThat(r.preemptions()).isEmpty();
    assertThat(pending(r, "h4").reasons()).containsExactly(
        "cluster gpu: 1/1 tasks in gang unschedulable: insufficient nvidia.com/gpu on 1 node");
  }

  @Test
  void aQueueBelowItsDeservedShareReclaimsWhatAnotherQueueBorrowed() {
    h.submit("""
        apiVersion: scheduling.volcano.sh/v1beta1
        kind: Queue
        metadata: {name: team-a}
        spec: {weight: 1, reclaimable: true, deserved: {nvidia.com/gpu: 4}}
        ---
        apiVersion: scheduling.volcano.sh/v1beta1
        kind: Queue
        metadata: {name: team-b}
        spec: {weight: 1, reclaimable: true, deserved: {nvidia.com/gpu: 4}}
        """);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      b.append(job("b" + i, "high", 1, 1, "team-b", ""));
      }
    h.submit(b.toString());
    assertThat(h.runAll(h.cycle()).bindings()).hasSize(8); // team-b borrows team-a's idle half
    h.advance(Duration.ofMinutes(1));
    h.submit(job("a-train", "low", 1, 2, "team-a", ""));
    CycleResult r = h.cycle();
    assertThat(r.preemptions()).hasSize(2).allSatisfy(p -> {
      assertThat(p.kind()).isEqualTo(Preemption.Kind.RECLAIM);
      assertThat(p.preemptor()).isEqualTo(JobId.parse("a-train"));
    });
    assertThat(binding(r, "a-train").cluster()).isEqualTo("gpu");
    assertThat(h.queues.ledger().usage("team-b", "nvidia.com/gpu")).isEqualTo(6);
    assertThat(h.queues.ledger().usage("team-a", "nvidia.com/gpu")).isEqualTo(2);
  }

  @Test
  void reclaimStopsAtTheDeservedShareOfTheVictimQueue() {
    h.submit("""
        apiVersion: scheduling.volcano.sh/v1beta1
        kind: Queue
        metadata: {name: team-a}
        spec: {weight: 1, deserved: {nvidia.com/gpu: 4}}
        ---
        apiVersion: scheduling.volcano.sh/v1beta1
        kind: Queue
        metadata: {name: team-b}
        spec: {weight: 1, deserved: {nvidia.com/gpu: 4}}
        """);
    h.submit(job("a0", "high", 1, 4, "team-a", "") + job("b0", "low", 1, 4, "team-b", ""));
    assertThat(h.cycle().bindings()).hasSize(2);
    // team-a wants more, but team-b is within its deserved share (and a0 outranks a1): nothing to evict
    h.submit(job("a1", "mid", 1, 1, "team-a", ""));
    CycleResult r = h.cycle();
    assertThat(r.preemptions()).isEmpty();
    assertThat(pending(r, "a1").reasons()).hasSize(1);
  }

  @Test
  void aDividedVictimIsEvictedInEveryClusterItRunsIn() {
    Harness two = new Harness()
        .cluster("east", Map.of(), List.of(), List.of(Nodes.nvidia("e0", "NVIDIA-A100-SXM4-80GB", 4).build()))
        .cluster("west", Map.of(), List.of(), List.of(Nodes.nvidia("w0", "NVIDIA-A100-SXM4-80GB", 4).build()));
    two.submit(CLASSES_YAML + """
        ---
        apiVersion: policy.karmada.io/v1alpha1
        kind: PropagationPolicy
        metadata: {name: divide, namespace: default}
        spec:
          resourceSelectors:
          - {apiVersion: batch.volcano.sh/v1alpha1, kind: Job, name: spread-low}
          placement:
            replicaScheduling: {replicaSchedulingType: Divided}
        """);
    two.submit(job("spread-low", "low", 8, 1));
    assertThat(two.cycle().bindings()).hasSize(2);
    two.submit(job("h3", "high", 1, 3));
    CycleResult r = two.cycle();
    assertThat(r.preemptions()).singleElement().satisfies(p -> {
      assertThat(p.victim()).isEqualTo(JobId.parse("spread-low"));
      assertThat(p.clusters()).containsExactlyInAnyOrder("east", "west");
    });
    String used = binding(r, "h3").cluster();
    String other = used.equals("east") ? "west" : "east";
    assertThat(two.fleet.cluster(used).pods()).hasSize(1);
    assertThat(two.fleet.cluster(other).pods()).isEmpty();
  }
}
