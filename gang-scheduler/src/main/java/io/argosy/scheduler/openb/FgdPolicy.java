package io.argosy.scheduler.openb;

import io.argosy.gpu.frag.Fragmentation;
import io.argosy.gpu.frag.WorkloadMix;

/**
 * Fragmentation Gradient Descent (Weng et al., ATC '23), as the paper's simulator runs it: a node's
 * score is {@code int(100 * sigmoid((fragBefore - fragAfter) / 1000))} for the workload mix of the
 * trace's typical pods, so placements that grow fragmentation least score highest. A sharing task
 * is tried on every GPU with room and keeps the best (the lowest index among equal integer scores);
 * a whole-GPU task takes the lowest-indexed free GPUs (all free GPUs are alike). The integer score
 * is part of the published behaviour: ties between nodes are then broken at random.
 */
public final class FgdPolicy implements PlacementPolicy {

  private final WorkloadMix mix;

  public FgdPolicy(WorkloadMix mix) {
    this.mix = mix;
  }

  @Override
  public String name() {
    return "fgd";
  }

  @Override
  public double score(NodeView node, TaskDemand task, GpuChoice choice) {
    int model = mix.modelIndex(node.gpuModel());
    int[] free = node.gpuFreeMilli();
    int n = node.gpuCount();
    long cpu = node.cpuFreeMilli();
    double before = Fragmentation.fragmentation(mix, model, cpu, free, n);
    if (task.sharesGpu()) {
      long best = -1;
      int bestMask = 0;
      for (int g = 0; g < n; g++) {
        if (free[g] >= task.gpuMilliPerGpu() && !GpuChoice.sameAsEarlier(free, g)) {
          double after =
              Fragmentation.fragmentationAfter(
                  mix, model, cpu, free, n, task.cpuMilli(), 1 << g, task.gpuMilliPerGpu());
          long s = quantized(before - after);
          if (s > best) {
            best = s;
            bestMask = 1 << g;
          }
        }
      }
      choice.set(bestMask);
      return best;
    }
    int mask = GpuChoice.lowestFree(free, n, task.gpuCount());
    choice.set(mask);
    double after =
        Fragmentation.fragmentationAfter(
            mix, model, cpu, free, n, task.cpuMilli(), mask, task.gpuMilliPerGpu());
    return quantized(before - after);
  }

  /** The simulator's node score: a sigmoid of the fragmentation decrease in GPUs, times 100. */
  static long quantized(double decrease) {
    return (long) (100.0 / (1.0 + Math.exp(-decrease / 1000.0)));
  }
}
