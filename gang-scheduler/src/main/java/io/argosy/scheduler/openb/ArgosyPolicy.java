package io.argosy.scheduler.openb;

import io.argosy.gpu.frag.Fragmentation;
import io.argosy.gpu.frag.TaskClass;
import io.argosy.gpu.frag.WorkloadMix;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Argosy's default placement policy: FGD, made CPU-aware and model-aware. For a task on a node
 *
 * <pre>
 *   score = int(100 * sigmoid(-(dFrag + dStranded) / 1000))        as FGD, plus stranded GPU
 *         - 20 * pressure(model) * GPUs                            flexible tasks spare scarce models
 *         + 10 * (1 - freeGpu / 8 GPUs) + 0.01 * (1 - cpuLeft / 128 cores)   CPU-only tasks only
 * </pre>
 *
 * <ul>
 *   <li>{@code dFrag} is FGD's fragmentation delta for the workload mix, and {@code dStranded} the
 *       change of {@link Fragmentation#cpuStranded}: free GPU the node's free CPU could no longer
 *       feed at the mix's CPU-per-GPU ratio. FGD looks at one next task at a time, so it lets nodes
 *       run out of CPU while GPUs are still free; counting that GPU as fragmented keeps CPU and GPU
 *       draining together.
 *   <li>{@code pressure(model)} is the demand of model-restricted classes per GPU of the models they
 *       accept, summed over the classes that accept this model, relative to the mix's demand per GPU
 *       of the whole cluster. It is 0 when no class is restricted.
 *   <li>A CPU-only task prefers nodes with few free GPUs: their CPU can no longer serve GPU tasks.
 * </ul>
 *
 * The FGD score stays an integer on purpose: most nodes tie, and ties are broken by a fixed node
 * order, which fills nodes one after another (first fit) and keeps whole nodes free for large
 * tasks; finer scores spread tasks out and lose several points of allocation.
 */
public final class ArgosyPolicy implements PlacementPolicy {

  /** Score points per GPU for taking a model under a pressure of 1. */
  static final double PRESSURE_POINTS = 20;

  /** Score points a CPU-only task gains on a node with no free GPU over one with 8 free. */
  static final double CPU_ONLY_POINTS = 10;

  private final WorkloadMix mix;
  private final Map<String, Double> pressure;

  /**
   * @param mix the workload mix (the trace's typical pods, as FGD)
   * @param nodes the cluster, for the GPU capacity per model that {@code pressure} divides by
   */
  public ArgosyPolicy(WorkloadMix mix, List<TraceNode> nodes) {
    this.mix = mix;
    this.pressure = pressure(mix, nodes);
  }

  @Override
  public String name() {
    return "argosy";
  }

  @Override
  public double score(NodeView node, TaskDemand task, GpuChoice choice) {
    int model = mix.modelIndex(node.gpuModel());
    int[] free = node.gpuFreeMilli();
    int n = node.gpuCount();
    long cpu = node.cpuFreeMilli();
    long gpuFree = node.gpuFreeTotal();
    double strandedDelta =
        Fragmentation.cpuStranded(mix, cpu - task.cpuMilli(), gpuFree - task.totalGpuMilli())
            - Fragmentation.cpuStranded(mix, cpu, gpuFree);
    double fgd;
    if (task.sharesGpu()) {
      double before = Fragmentation.fragmentation(mix, model, cpu, free, n);
      double best = Double.POSITIVE_INFINITY;
      int bestMask = 0;
      for (int g = 0; g < n; g++) {
        if (free[g] >= task.gpuMilliPerGpu() && !GpuChoice.sameAsEarlier(free, g)) {
          double d =
              Fragmentation.fragmentationAfter(
                      mix, model, cpu, free, n, task.cpuMilli(), 1 << g, task.gpuMilliPerGpu())
                  - before;
          if (d < best) {
            best = d;
            bestMask = 1 << g;
          }
        }
      }
      choice.set(bestMask);
      fgd = FgdPolicy.quantized(-(best + strandedDelta));
    } else {
      int mask = GpuChoice.lowestFree(free, n, task.gpuCount());
      choice.set(mask);
      double d =
          Fragmentation.placementDelta(
              mix, model, cpu, free, n, task.cpuMilli(), mask, task.gpuMilliPerGpu());
      fgd = FgdPolicy.quantized(-(d + strandedDelta));
    }
    double score = fgd;
    if (task.gpuCount() > 0) {
      Double p = pressure.get(node.gpuModel());
      if (p != null) {
        score -= PRESSURE_POINTS * p * task.totalGpuMilli() / TaskDemand.WHOLE;
      }
    } else {
      score +=
          CPU_ONLY_POINTS * (1 - gpuFree / BestFitPolicy.MAX_GPU)
              + 0.01 * (1 - (cpu - task.cpuMilli()) / BestFitPolicy.MAX_CPU);
    }
    return score;
  }

  /**
   * Pressure per GPU model: each restricted class's GPU demand (popularity x GPUs) is spread over the
   * capacity of the models it accepts; a model's pressure is what lands on it per GPU, relative to
   * the whole mix's GPU demand per GPU of the cluster. Models no restricted class accepts are absent
   * (pressure 0).
   */
  static Map<String, Double> pressure(WorkloadMix mix, List<TraceNode> nodes) {
    Map<String, Long> capacity = new HashMap<>();
    long total = 0;
    for (TraceNode n : nodes) {
      if (n.gpuCount() > 0) {
        capacity.merge(n.model(), (long) n.gpuCount(), Long::sum);
        total += n.gpuCount();
      }
    }
    double demand = 0;
    Map<String, Double> density = new HashMap<>();
    for (TaskClass c : mix.classes()) {
      double d = c.weight() * c.gpuCount() * c.gpuMilliPerGpu();
      demand += d;
      if (c.allowedModels().isEmpty() || d == 0) {
        continue;
      }
      long accepted = 0;
      for (String m : c.allowedModels()) {
        accepted += capacity.getOrDefault(m, 0L);
      }
      if (accepted == 0) {
        continue;
      }
      for (String m : c.allowedModels()) {
        if (capacity.containsKey(m)) {
          density.merge(m, d / accepted, Double::sum);
        }
      }
    }
    Map<String, Double> out = new HashMap<>();
    if (demand > 0 && total > 0) {
      double perGpu = demand / total;
      density.forEach((m, v) -> out.put(m, v / perGpu));
    }
    return Map.copyOf(out);
  }
}
