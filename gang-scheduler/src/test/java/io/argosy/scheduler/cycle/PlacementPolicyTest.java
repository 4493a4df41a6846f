package io.argosy.scheduler.cycle;

import static io.argosy.scheduler.testing.Harness.binding;
import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.scheduler.fleet.PlacementMode;
import io.argosy.scheduler.fleet.PodPlacement;
import io.argosy.scheduler.framework.SchedulerConfig;
import io.argosy.scheduler.testing.Harness;
import io.argosy.scheduler.testing.Nodes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Node and device policies: cluster label, workload annotation (wins), HAMi's own annotations, and the default. */
class PlacementPolicyTest {

  static String job(String name, String limits, String annotations) {
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
              metadata:
                annotations: {%s}
              spec:
                containers: [{name: w, image: x, resources: {requests: {cpu: "1"}, limits: {%s}}}]
        """.formatted(name, annotations, limits);
  }

  private static List<String> nodes(CycleResult r, String... jobs) {
    return java.util.Arrays.stream(jobs).map(j -> binding(r, j).pods().get(0).node()).toList();
  }

  private static Harness twoNodes(SchedulerConfig config, Map<String, String> clusterLabels) {
    return new Harness(config).cluster("gpu", clusterLabels, List.of(), List.of(
        Nodes.nvidia("n0", "NVIDIA-A100-SXM4-80GB", 8).build(), Nodes.nvidia("n1", "NVIDIA-A100-SXM4-80GB", 8).build()));
  }

  @Test
  void binpackFillsOneNodeSpreadUsesBoth() {
    Harness pack = twoNodes(Harness.config().withDefaultMode(PlacementMode.BINPACK), Map.of());
    pack.submit(job("a", "nvidia.com/gpu: 1", "") + job("b", "nvidia.com/gpu: 1", ""));
    assertThat(nodes(pack.cycle(), "a", "b")).containsExactly("n0", "n0");

    Harness spread = twoNodes(Harness.config().withDefaultMode(PlacementMode.SPREAD), Map.of());
    spread.submit(job("a", "nvidia.com/gpu: 1", "") + job("b", "nvidia.com/gpu: 1", ""));
    assertThat(nodes(spread.cycle(), "a", "b")).containsExactly("n0", "n1");
  }

  @Test
  void theDefaultFragmentationPolicyKeepsWholeNodesFreeForLargePods() {
    Harness h = twoNodes(Harness.config(), Map.of());
    h.submit(job("a", "nvidia.com/gpu: 1", "") + job("b", "nvidia.com/gpu: 3", "") + job("c", "nvidia.com/gpu: 8", ""));
    CycleResult r = h.cycle();
    assertThat(nodes(r, "a", "b")).containsExactly("n0", "n0");
    assertThat(nodes(r, "c")).containsExactly("n1");
  }

  @Test
  void theWorkloadsModeWinsOverTheClustersLabel() {
    Harness h = twoNodes(Harness.config(), Map.of(PlacementMode.LABEL, "spread"));
    h.submit(job("a", "nvidia.com/gpu: 1", "") + job("b", "nvidia.com/gpu: 1", "")
        + job("c", "nvidia.com/gpu: 1", "argosy.io/placement-policy: binpack")
        + job("d", "nvidia.com/gpu: 1", "hami.io/node-scheduler-policy: binpack"));
    CycleResult r = h.cycle();
    assertThat(nodes(r, "a", "b")).containsExactly("n0", "n1"); // the cluster spreads
    // binpack: the fuller node (n0 and n1 hold one pod each; the lower index wins the tie, then the fuller)
    assertThat(nodes(r, "c", "d")).containsExactly("n0", "n0");
  }

  @Test
  void devicePoliciesPlaceSharesOnTheSameOrDifferentGpus() {
    Harness h = new Harness().cluster("vgpu", List.of(Nodes.hami("hami-0", "NVIDIA A100-PCIE-40GB", 4, 40960).build()));
    String share = "nvidia.com/gpu: 1, nvidia.com/gpumem: 8000, nvidia.com/gpucores: 20";
    h.submit(job("p1", share, "") + job("p2", share, "")
        + job("s1", share, "hami.io/gpu-scheduler-policy: spread") + job("s2", share, "hami.io/gpu-scheduler-policy: spread"));
    CycleResult r = h.cycle();
    List<String> packed = List.of(binding(r, "p1").pods().get(0).devices().get(0), binding(r, "p2").pods().get(0).devices().get(0));
    assertThat(packed.get(0)).isEqualTo(packed.get(1)); // the fragmentation mode packs shares on one device
    List<String> spread = List.of(binding(r, "s1").pods().get(0).devices().get(0), binding(r, "s2").pods().get(0).devices().get(0));
    assertThat(spread).doesNotHaveDuplicates().doesNotContain(packed.get(0));
    assertThat(r.bindings()).flatExtracting(b -> b.pods()).extracting(PodPlacement::node).containsOnly("hami-0");
  }
}
