package io.argosy.scheduler.cycle;

import static io.argosy.scheduler.testing.Harness.binding;
import static io.argosy.scheduler.testing.Harness.bindings;
import static io.argosy.scheduler.testing.Harness.pending;
import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.queue.job.JobState;
import io.argosy.scheduler.fleet.GangBinding;
import io.argosy.scheduler.fleet.PodPlacement;
import io.argosy.scheduler.testing.Harness;
import io.argosy.scheduler.testing.Nodes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Gangs over three clusters with different accelerator vendors and modes. */
class MultiClusterGangTest {
  private Harness h;

  @BeforeEach
  void fleet() {
    h = new Harness()
        .cluster("gpu-a", Map.of("region", "us-east", "provider", "aws"), List.of(),
            Nodes.many("a100", 2, n -> Nodes.nvidia(n, "NVIDIA-A100-SXM4-80GB", 8)))
        .cluster("gpu-b", Map.of("region", "eu-west", "provider", "onprem"), List.of(),
            Nodes.many("t4", 2, n -> Nodes.hami(n, "Tesla T4", 4, 15360)))
        .cluster("npu-c", Map.of("region", "cn-north", "provider", "huawei"), List.of(),
            Nodes.many("npu", 2, n -> Nodes.ascend(n, "910B3", 8)));
  }

  private static final String GANGS = """
      apiVersion: batch.volcano.sh/v1alpha1
      kind: Job
      metadata: {name: llm-train}
      spec:
        minAvailable: 5
        tasks:
        - name: ps
          replicas: 1
          template:
            spec:
              containers: [{name: ps, image: x, resources: {requests: {cpu: "4", memory: 8Gi}}}]
        - name: worker
          replicas: 4
          template:
            metadata:
              annotations: {nvidia.com/use-gputype: A100}
            spec:
              containers:
              - name: w
                image: x
                resources: {requests: {cpu: "8", memory: 64Gi}, limits: {nvidia.com/gpu: 2}}
      ---
      apiVersion: batch.volcano.sh/v1alpha1
      kind: Job
      metadata: {name: infer-shares}
      spec:
        minAvailable: 3
        tasks:
        - name: server
          replicas: 3
          template:
            spec:
              containers:
              - name: s
                image: x
                resources: {limits: {nvidia.com/gpu: 1, nvidia.com/gpumem: 6000, nvidia.com/gpucores: 30}}
      ---
      apiVersion: batch.volcano.sh/v1alpha1
      kind: Job
      metadata: {name: pangu}
      spec:
        minAvailable: 2
        tasks:
        - name: worker
          replicas: 2
          template:
            spec:
              containers:
              - name: w
                image: x
                resources: {limits: {huawei.com/Ascend910: 8}}
      """;

  @Test
  void eachGangLandsWholeOnTheClusterWhoseDevicesItCanUse() {
    h.submit(GANGS);
    CycleResult r = h.cycle();

    GangBinding train = binding(r, "llm-train");
    assertThat(train.cluster()).isEqualTo("gpu-a");
    assertThat(train.pods()).extracting(PodPlacement::podName)
        .containsExactly("llm-train-ps-0", "llm-train-worker-0", "llm-train-worker-1", "llm-train-worker-2",
            "llm-train-worker-3");
    List<String> gpus = train.pods().stream().flatMap(p -> p.devices().stream()).toList();
    assertThat(gpus).hasSize(8).doesNotHaveDuplicates().allMatch(d -> d.matches("a100-[01]/gpu-[0-7]"));

    GangBinding shares = binding(r, "infer-shares");
    assertThat(shares.cluster()).isEqualTo("gpu-b");
    assertThat(shares.pods()).allSatisfy(p -> {
      assertThat(p.devices()).hasSize(1);
      assertThat(p.assignment().containers().get(0).grants().get(0).memoryMiB()).isEqualTo(6000);
    });

    GangBinding pangu = binding(r, "pangu");
    assertThat(pangu.cluster()).isEqualTo("npu-c");
    assertThat(pangu.pods()).extracting(PodPlacement::node).containsExactlyInAnyOrder("npu-0", "npu-1");
    assertThat(h.state("pangu")).isEqualTo(JobState.BOUND);
    assertThat(r.pending()).isEmpty();
  }

  @Test
  void aGangIsNeverSplitAcrossClustersEvenWhenTheFleetHasRoomInTotal() {
    h.submit("""
        apiVersion: batch.volcano.sh/v1alpha1
        kind: Job
        metadata: {name: huge}
        spec:
          minAvailable: 3
          tasks:
          - name: worker
            replicas: 3
            template:
              spec:
                containers: [{name: w, image: x, resources: {limits: {nvidia.com/gpu: 8}}}]
        """);
    CycleResult r = h.cycle();
    assertThat(r.bindings()).isEmpty();
    assertThat(pending(r, "huge").reasons()).containsExactly(
        "cluster gpu-a: 3/3 tasks in gang unschedulable: gang needs 24 nvidia.com/gpu, cluster has 16 free",
        "cluster gpu-b: 3/3 tasks in gang unschedulable: insufficient nvidia.com/gpu on 2 nodes",
        "cluster npu-c: 3/3 tasks in gang unschedulable: no nvidia.com/gpu on 2 nodes");
    assertThat(h.state("huge")).isEqualTo(JobState.PENDING);
    assertThat(h.queues.status(io.argosy.queue.job.JobId.parse("huge")).orElseThrow().pendingReason())
        .startsWith("cluster gpu-a: 3/3 tasks in gang unschedulable");
  }

  @Test
  void reasonsCountNodesPerReasonWhenTheGangFailsPartWay() {
    // the cluster has 12 free GPUs for 4 x 3 but only 3 pods fit the nodes; Volcano's "1/4 tasks in gang unschedulable"
    Harness small = new Harness().cluster("gpu-a", List.of(
        Nodes.nvidia("a100-0", "NVIDIA-A100-SXM4-80GB", 8).build(),
        Nodes.nvidia("a100-1", "NVIDIA-A100-SXM4-80GB", 8).notReady().build(),
        Nodes.nvidia("a100-2", "NVIDIA-A100-SXM4-80GB", 4).build(),
        Nodes.node("cpu-0").build()));
    small.submit("""
        apiVersion: batch.volcano.sh/v1alpha1
        kind: Job
        metadata: {name: four}
        spec:
          minAvailable: 4
          tasks:
          - name: worker
            replicas: 4
            template:
              spec:
                containers: [{name: w, image: x, resources: {limits: {nvidia.com/gpu: 3}}}]
        """);
    CycleResult r = small.cycle();
    assertThat(pending(r, "four").reasons()).containsExactly("cluster gpu-a: 1/4 tasks in gang unschedulable: "
        + "insufficient nvidia.com/gpu on 2 nodes, no nvidia.com/gpu on 1 node, node not ready on 1 node");
    assertThat(small.fleet.cluster("gpu-a").node("a100-0").state().deviceCount()).isEqualTo(8);
    assertThat(small.fleet.gangs()).isEmpty(); // nothing held for a gang that did not fit
  }

  @Test
  void dividedPlacementSplitsAGangAcrossClustersOnlyWhenItsPolicyAllows() {
    Harness two = new Harness()
        .cluster("east", Map.of("region", "us-east"), List.of(), Nodes.many("e", 1, n -> Nodes.nvidia(n, "NVIDIA-H100-80GB-HBM3", 8)))
        .cluster("west", Map.of("region", "us-west"), List.of(), Nodes.many("w", 1, n -> Nodes.nvidia(n, "NVIDIA-H100-80GB-HBM3", 8)));
    two.submit("""
        apiVersion: policy.karmada.io/v1alpha1
        kind: PropagationPolicy
        metadata: {name: divide, namespace: default}
        spec:
          resourceSelectors:
          - {apiVersion: batch.volcano.sh/v1alpha1, kind: Job, name: wide}
          placement:
            replicaScheduling: {replicaSchedulingType: Divided, replicaDivisionPreference: Aggregated}
        ---
        apiVersion: batch.volcano.sh/v1alpha1
        kind: Job
        metadata: {name: wide}
        spec:
          minAvailable: 12
          tasks:
          - name: worker
            replicas: 12
            template:
              spec:
                containers: [{name: w, image: x, resources: {limits: {nvidia.com/gpu: 1}}}]
        ---
        apiVersion: batch.volcano.sh/v1alpha1
        kind: Job
        metadata: {name: narrow}
        spec:
          minAvailable: 3
          tasks:
          - name: worker
            replicas: 3
            template:
              spec:
                containers: [{name: w, image: x, resources: {limits: {nvidia.com/gpu: 2}}}]
        """);
    CycleResult r = two.cycle();
    List<GangBinding> wide = bindings(r, "wide");
    assertThat(wide).extracting(GangBinding::cluster).containsExactly("east", "west");
    assertThat(wide.get(0).pods()).hasSize(8);
    assertThat(wide.get(1).pods()).hasSize(4);
    Set<String> names = wide.stream().flatMap(b -> b.pods().stream()).map(PodPlacement::podName).collect(Collectors.toSet());
    assertThat(names).hasSize(12);
    // 4 GPUs left, all in west: the undivided 3 x 2 GPU gang cannot use them
    assertThat(pending(r, "narrow").reasons()).containsExactly(
        "cluster east: 3/3 tasks in gang unschedulable: insufficient nvidia.com/gpu on 1 node",
        "cluster west: 3/3 tasks in gang unschedulable: gang needs 6 nvidia.com/gpu, cluster has 4 free");
  }

  @Test
  void staticWeightsDivideReplicasByWeight() {
    Harness two = new Harness()
        .cluster("east", Map.of("region", "us-east"), List.of(), Nodes.many("e", 2, n -> Nodes.nvidia(n, "NVIDIA-H100-80GB-HBM3", 8)))
        .cluster("west", Map.of("region", "us-west"), List.of(), Nodes.many("w", 2, n -> Nodes.nvidia(n, "NVIDIA-H100-80GB-HBM3", 8)));
    two.submit("""
        apiVersion: policy.karmada.io/v1alpha1
        kind: PropagationPolicy
        metadata: {name: weighted, namespace: default}
        spec:
          resourceSelectors:
          - {apiVersion: batch.volcano.sh/v1alpha1, kind: Job, name: wide}
          placement:
            replicaScheduling:
              replicaSchedulingType: Divided
              replicaDivisionPreference: Weighted
              weightPreference:
                staticWeightList:
                - targetCluster: {clusterNames: [east]}
                  weight: 1
                - targetCluster: {clusterNames: [west]}
                  weight: 2
        ---
        apiVersion: batch.volcano.sh/v1alpha1
        kind: Job
        metadata: {name: wide}
        spec:
          minAvailable: 24
          tasks:
          - name: worker
            replicas: 24
            template:
              spec:
                containers: [{name: w, image: x, resources: {limits: {nvidia.com/gpu: 1}}}]
        """);
    CycleResult r = two.cycle();
    List<GangBinding> wide = bindings(r, "wide");
    assertThat(wide).extracting(GangBinding::cluster).containsExactly("east", "west");
    assertThat(wide).extracting(b -> b.pods().size()).containsExactly(8, 16);
  }
}
