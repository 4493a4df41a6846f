package io.argosy.scheduler.openb;

/**
 * Read-only view of one node's free resources, the input of every {@link PlacementPolicy}. Kept
 * primitive so that the openb experiment (arrays) and the gang scheduler (NodeState) can both
 * implement it without copying.
 */
public interface NodeView {

  /** Free CPU in millicores. */
  long cpuFreeMilli();

  /** Allocatable CPU in millicores. */
  long cpuCapacityMilli();

  /** Free memory in MiB. */
  long memoryFreeMib();

  /** Allocatable memory in MiB. */
  long memoryCapacityMib();

  /** GPU model name, or null for a node without GPUs. */
  String gpuModel();

  /** Number of GPUs. */
  int gpuCount();

  /**
   * Free milli-GPU per device (1000 = whole GPU free). The array is live and must not be modified;
   * only the first {@link #gpuCount()} entries are meaningful.
   */
  int[] gpuFreeMilli();

  /** Number of GPU tasks on the node of the given kind: 0 = sharing one GPU, k = k whole GPUs. */
  int gpuTasksOfKind(int kind);

  /** Number of distinct kinds among the GPU tasks on the node. */
  int gpuTaskKinds();

  /** Total free milli-GPU. */
  default long gpuFreeTotal() {
    int[] free = gpuFreeMilli();
    long total = 0;
    for (int g = 0, n = gpuCount(); g < n; g++) {
      total += free[g];
    }
    return total;
  }

  /** Number of GPUs with nothing allocated. */
  default int fullyFreeGpus() {
    int[] free = gpuFreeMilli();
    int count = 0;
    for (int g = 0, n = gpuCount(); g < n; g++) {
      if (free[g] == TaskDemand.WHOLE) {
        count++;
      }
    }
    return count;
  }
}
