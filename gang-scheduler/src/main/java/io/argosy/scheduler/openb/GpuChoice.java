package io.argosy.scheduler.openb;

/**
 * The devices a policy picks for a task on one node, as a bit mask over GPU indexes (bit g = GPU
 * g). Mutable and reused so that scoring allocates nothing.
 */
public final class GpuChoice {
  private int mask;

  /** The chosen GPUs; 0 for a CPU-only task. */
  public int mask() {
    return mask;
  }

  public void set(int mask) {
    this.mask = mask;
  }

  /**
   * Open-GPU-Share's default ("best") choice: a sharing task takes the GPU with the least free share
   * that still fits it (lowest index on ties); a whole-GPU task takes the lowest-indexed free GPUs.
   * Returns 0 when the task asks for no GPU; the caller has checked that the task fits.
   */
  public static int bestFit(NodeView node, TaskDemand task) {
    if (task.gpuCount() == 0) {
      return 0;
    }
    int[] free = node.gpuFreeMilli();
    int n = node.gpuCount();
    if (task.sharesGpu()) {
      int best = -1;
      for (int g = 0; g < n; g++) {
        if (free[g] >= task.gpuMilliPerGpu() && (best < 0 || free[g] < free[best])) {
          best = g;
        }
      }
      return best < 0 ? 0 : 1 << best;
    }
    return lowestFree(free, n, task.gpuCount());
  }

  /**
   * True when GPU g has the same free share as a lower-indexed GPU: placing a share there scores the
   * same, so policies that keep the lowest index on ties can skip it.
   */
  public static boolean sameAsEarlier(int[] free, int g) {
    for (int h = 0; h < g; h++) {
      if (free[h] == free[g]) {
        return true;
      }
    }
    return false;
  }

  /** The lowest-indexed {@code count} fully free GPUs, or 0 if there are not enough. */
  public static int lowestFree(int[] free, int n, int count) {
    int mask = 0;
    for (int g = 0; g < n && count > 0; g++) {
      if (free[g] == TaskDemand.WHOLE) {
        mask |= 1 << g;
        count--;
      }
    }
    return count == 0 ? mask : 0;
  }
}
