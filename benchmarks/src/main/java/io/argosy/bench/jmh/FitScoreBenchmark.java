package io.argosy.bench.jmh;

import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.demand.DemandParser;
import io.argosy.gpu.demand.PodDemand;
import io.argosy.gpu.fit.FitResult;
import io.argosy.gpu.fit.NodeState;
import io.argosy.gpu.inventory.InventoryReader;
import io.argosy.gpu.score.Scorer;
import io.argosy.gpu.score.ScoringPolicy;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fit + score of one pod against one 8-device node that is partly used, the scheduler's inner loop:
 * whole A100s (pod asks 2), A100-80GB MIG mixed all-balanced (pod asks one 3g.40gb of the 2 left),
 * HAMi vGPU (pod asks 2 shares of 20000 MiB / 30% cores). Nodes and pods are built as the device
 * plugins publish them and read once in setup; only fit and score are measured.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xmx1g"})
public class FitScoreBenchmark {

  @Param({"whole", "mig-mixed", "vgpu"})
  public String node;

  private NodeState state;
  private PodDemand demand;
  private final ScoringPolicy policy = ScoringPolicy.DEFAULT;

  @Setup
  public void setup() {
    Catalog catalog = Catalog.builtin();
    InventoryReader reader = new InventoryReader(catalog);
    DemandParser parser = new DemandParser(catalog);
    switch (node) {
      case "whole" -> {
        state = reader.stateOf(node(Map.of("nvidia.com/gpu.product", "NVIDIA-A100-SXM4-80GB", "nvidia.com/gpu.memory", "81920"),
            Map.of(), Map.of("nvidia.com/gpu", "8")), pods(Map.of("nvidia.com/gpu", "5")));
        demand = parser.parse(pod(Map.of("cpu", "8", "memory", "64Gi", "nvidia.com/gpu", "2"), Map.of()));
      }
      case "mig-mixed" -> {
        state = reader.stateOf(node(
            Map.of("nvidia.com/gpu.product", "NVIDIA-A100-SXM4-80GB", "nvidia.com/mig.strategy", "mixed",
                "nvidia.com/mig.config", "all-balanced"),
            Map.of(), Map.of("nvidia.com/mig-1g.10gb", "16", "nvidia.com/mig-2g.20gb", "8", "nvidia.com/mig-3g.40gb", "8")),
            pods(Map.of("nvidia.com/mig-3g.40gb", "6"), Map.of("nvidia.com/mig-1g.10gb", "10"),
                Map.of("nvidia.com/mig-2g.20gb", "3")));
        demand = parser.parse(pod(Map.of("cpu", "8", "memory", "64Gi", "nvidia.com/mig-3g.40gb", "1"), Map.of()));
      }
      case "vgpu" -> {
        StringBuilder register = new StringBuilder("[");
        for (int i = 0; i < 8; i++) {
          register.append(i == 0 ? "" : ",").append("{\"id\":\"GPU-").append(i)
              .append("\",\"count\":10,\"devmem\":81920,\"devcore\":100,\"type\":\"NVIDIA-NVIDIA A100-SXM4-80GB\",")
              .append("\"numa\":").append(i / 4).append(",\"health\":true}");
        }
        register.append(']');
        state = reader.stateOf(node(Map.of(), Map.of("hami.io/node-nvidia-register", register.toString()),
            Map.of("nvidia.com/gpu", "80")),
            pods(Map.of("nvidia.com/gpu", "2", "nvidia.com/gpumem", "30000", "nvidia.com/gpucores", "40"),
                Map.of("nvidia.com/gpu", "3", "nvidia.com/gpumem", "10000", "nvidia.com/gpucores", "20")));
        demand = parser.parse(pod(Map.of("cpu", "4", "memory", "16Gi", "nvidia.com/gpu", "2", "nvidia.com/gpumem", "20000",
            "nvidia.com/gpucores", "30"), Map.of()));
      }
      default -> throw new IllegalArgumentException(node);
    }
    if (!state.fit(demand, policy).fits()) {
      throw new IllegalStateException("benchmark pod must fit " + node);
    }
  }

  @Benchmark
  public double fitAndScore() {
    FitResult r = state.fit(demand, policy);
    if (r instanceof FitResult.Fits f) {
      return Scorer.score(state, demand, f.assignment(), policy);
    }
    return -1;
  }

  private static Node node(Map<String, String> labels, Map<String, String> annotations, Map<String, String> devices) {
    Map<String, Quantity> capacity = new LinkedHashMap<>();
    capacity.put("cpu", new Quantity("128"));
    capacity.put("memory", new Quantity("1Ti"));
    capacity.put("pods", new Quantity("110"));
    devices.forEach((k, v) -> capacity.put(k, new Quantity(v)));
    return new NodeBuilder().withNewMetadata().withName("bench-node").withLabels(labels).withAnnotations(annotations)
        .endMetadata().withNewStatus().withCapacity(capacity).withAllocatable(capacity).endStatus().build();
  }

  @SafeVarargs
  private static List<Pod> pods(Map<String, String>... limits) {
    List<Pod> out = new ArrayList<>();
    for (Map<String, String> l : limits) {
      out.add(pod(l, Map.of()));
    }
    return out;
  }

  private static Pod pod(Map<String, String> limits, Map<String, String> annotations) {
    Map<String, Quantity> q = new LinkedHashMap<>();
    limits.forEach((k, v) -> q.put(k, new Quantity(v)));
    return new PodBuilder().withNewMetadata().withName("p").withAnnotations(annotations).endMetadata()
        .withNewSpec().addNewContainer().withName("c").withNewResources().withLimits(q).endResources().endContainer()
        .endSpec().build();
  }
}
