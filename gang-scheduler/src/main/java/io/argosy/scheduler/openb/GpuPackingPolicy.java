package io.argosy.scheduler.openb;

/**
 * GPU packing (the FGD paper's baseline): prefer, in this order, sharing a GPU that is already in
 * use (the less free share left the better), then using free GPUs on a node that is already in use
 * (the fewer the better), then an idle node (the fewer GPUs the better). CPU-only tasks score 0
 * everywhere. Integer scores as in the paper's simulator.
 */
public final class GpuPackingPolicy implements PlacementPolicy {

  @Override
  public String name() {
    return "packing";
  }

  @Override
  public double score(NodeView node, TaskDemand task, GpuChoice choice) {
    int mask = GpuChoice.bestFit(node, task);
    choice.set(mask);
    if (task.gpuCount() == 0) {
      return 0;
    }
    int fullyFree = node.fullyFreeGpus();
    if (fullyFree == node.gpuCount()) {
      return Math.max(100 / 3 - fullyFree, fullyFree);
    }
    // the GPUs the task would use: for each, the least-free one that fits (ascending free)
    int[] free = node.gpuFreeMilli();
    int wholeUsed = 0;
    long freeRatioOnUsed = 0;
    int need = task.gpuCount();
    int usedMask = 0;
    while (need > 0) {
      int best = -1;
      for (int g = 0; g < node.gpuCount(); g++) {
        if (((usedMask >>> g) & 1) == 0
            && free[g] >= task.gpuMilliPerGpu()
            && (best < 0 || free[g] < free[best])) {
          best = g;
        }
      }
      if (best < 0) {
        return 0;
      }
      usedMask |= 1 << best;
      need--;
      if (free[best] == TaskDemand.WHOLE) {
        wholeUsed++;
      }
      freeRatioOnUsed += free[best] * 100L / TaskDemand.WHOLE;
    }
    if (wholeUsed > 0) {
      return Math.max(50 - wholeUsed, 100 / 3);
    }
    return Math.max(100 - freeRatioOnUsed / 10, 50);
  }
}
