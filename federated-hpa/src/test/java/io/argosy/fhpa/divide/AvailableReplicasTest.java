package io.argosy.fhpa.divide;

import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.demand.DemandParser;
import io.argosy.gpu.demand.PodDemand;
import io.argosy.gpu.fit.NodeState;
import io.argosy.gpu.inventory.InventoryReader;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AvailableReplicasTest {
  static Node node(String name, String cpu, int gpus) {
    Map<String, Quantity> cap = new java.util.HashMap<>(Map.of("cpu", new Quantity(cpu), "memory", new Quantity("64Gi"), "pods", new Quantity("110")));
    if (gpus > 0) {
      cap.put("nvidia.com/gpu", new Quantity(String.valueOf(gpus)));
    }
    return new NodeBuilder().withNewMetadata().withName(name)
        .withLabels(gpus > 0 ? Map.of("nvidia.com/gpu.product", "NVIDIA-A100-SXM4-80GB") : Map.of()).endMetadata()
        .withNewStatus().withCapacity(cap).withAllocatable(cap).endStatus().build();
  }

  @Test
  void gpuRequestsLimitAvailableReplicasNotJustCpu() {
    Catalog catalog = Catalog.builtin();
    InventoryReader reader = new InventoryReader(catalog);
    PodSpec spec = new PodSpecBuilder().addNewContainer().withName("m").withNewResources()
        .withRequests(Map.of("cpu", new Quantity("1"), "nvidia.com/gpu", new Quantity("1")))
        .withLimits(Map.of("nvidia.com/gpu", new Quantity("1"))).endResources().endContainer().build();
    PodDemand demand = new DemandParser(catalog).parse(spec, Map.of());
    Map<String, List<NodeState>> clusters = new java.util.LinkedHashMap<>();
    clusters.put("cpu-only", List.of(reader.stateOf(node("c1", "96", 0), List.of())));
    clusters.put("gpu", List.of(reader.stateOf(node("g1", "32", 4), List.of()), reader.stateOf(node("g2", "32", 2), List.of())));
    Map<String, Long> avail = AvailableReplicas.estimate(demand, clusters, 1000);
    assertThat(avail).containsExactly(Map.entry("cpu-only", 0L), Map.entry("gpu", 6L));
    assertThat(ReplicaDivider.divide(4, List.of("cpu-only", "gpu"), Division.DYNAMIC, avail, Map.of()))
        .containsExactly(Map.entry("cpu-only", 0), Map.entry("gpu", 4));
  }
}
