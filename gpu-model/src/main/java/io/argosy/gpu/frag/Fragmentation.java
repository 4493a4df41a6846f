package io.argosy.gpu.frag;

/**
 * The fragmentation measure of the FGD paper (Weng et al., "Beware of Fragmentation", USENIX ATC
 * '23): the expected amount of a node's free GPU that the next task, drawn from the workload mix,
 * could not use.
 *
 * <p>For one task class the unusable amount of a node is
 *
 * <ul>
 *   <li>all free GPU, when the class asks for no GPU, may not use this GPU model, needs more CPU than
 *       is free, or finds fewer than {@code gpuCount} GPUs each with at least {@code gpuMilliPerGpu}
 *       free;
 *   <li>otherwise the free GPU on the GPUs that have less than {@code gpuMilliPerGpu} free.
 * </ul>
 *
 * The node's fragmentation is the popularity-weighted sum over the classes. Memory is not part of
 * the definition. A node's free resources are plain numbers and an array, so callers keep their own
 * layout; nothing is allocated. FGD places a task where {@link #placementDelta} is smallest.
 */
public final class Fragmentation {

  private Fragmentation() {}

  /**
   * Expected unusable milli-GPU of a node.
   *
   * @param mix the workload mix
   * @param model the node's GPU model as {@link WorkloadMix#modelIndex(String)} gives it
   * @param cpuFreeMilli free CPU in millicores
   * @param gpuFreeMilli free milli-GPU per device (a whole free GPU is 1000); only the first {@code
   *     gpuCount} entries are read
   * @param gpuCount number of GPUs on the node (at most 32)
   */
  public static double fragmentation(
      WorkloadMix mix, int model, long cpuFreeMilli, int[] gpuFreeMilli, int gpuCount) {
    return measure(mix.table(model), cpuFreeMilli, gpuFreeMilli, checked(gpuFreeMilli, gpuCount), 0, 0);
  }

  /** {@link #fragmentation(WorkloadMix, int, long, int[], int)} with the model by name. */
  public static double fragmentation(
      WorkloadMix mix, String model, long cpuFreeMilli, int[] gpuFreeMilli) {
    return fragmentation(
        mix, mix.modelIndex(model), cpuFreeMilli, gpuFreeMilli, gpuFreeMilli.length);
  }

  /**
   * Fragmentation of the node after a task takes {@code taskCpuMilli} CPU and {@code
   * taskGpuMilliPerGpu} from each GPU whose bit is set in {@code gpuMask}. The caller has checked
   * that the task fits.
   */
  public static double fragmentationAfter(
      WorkloadMix mix,
      int model,
      long cpuFreeMilli,
      int[] gpuFreeMilli,
      int gpuCount,
      long taskCpuMilli,
      int gpuMask,
      int taskGpuMilliPerGpu) {
    return measure(
        mix.table(model),
        cpuFreeMilli - taskCpuMilli,
        gpuFreeMilli,
        checked(gpuFreeMilli, gpuCount),
        gpuMask,
        taskGpuMilliPerGpu);
  }

  /**
   * FGD's score of a placement: how much the node's fragmentation grows (negative when it shrinks)
   * if the task takes {@code taskCpuMilli} CPU and {@code taskGpuMilliPerGpu} from each GPU in
   * {@code gpuMask}. Smaller is better.
   */
  public static double placementDelta(
      WorkloadMix mix,
      int model,
      long cpuFreeMilli,
      int[] gpuFreeMilli,
      int gpuCount,
      long taskCpuMilli,
      int gpuMask,
      int taskGpuMilliPerGpu) {
    WorkloadMix.ModelTable t = mix.table(model);
    int n = checked(gpuFreeMilli, gpuCount);
    double before = measure(t, cpuFreeMilli, gpuFreeMilli, n, 0, 0);
    double after =
        measure(t, cpuFreeMilli - taskCpuMilli, gpuFreeMilli, n, gpuMask, taskGpuMilliPerGpu);
    return after - before;
  }

  /**
   * Free GPU the node's free CPU cannot feed: the milli-GPU beyond {@code cpuFreeMilli /
   * mix.cpuPerGpu()}, the share a task of the mix would bring CPU for. FGD's measure sees CPU only
   * through the next task's request; this counts GPU that every task of the mix, taken together,
   * would leave idle for lack of CPU. 0 when the mix has no GPU class.
   */
  public static double cpuStranded(WorkloadMix mix, long cpuFreeMilli, long gpuFreeMilli) {
    double perGpu = mix.cpuPerGpu();
    if (perGpu <= 0 || gpuFreeMilli <= 0) {
      return 0;
    }
    return Math.max(0, gpuFreeMilli - Math.max(0, cpuFreeMilli) / perGpu);
  }

  private static int checked(int[] gpuFreeMilli, int gpuCount) {
    if (gpuCount < 0 || gpuCount > 32 || gpuCount > gpuFreeMilli.length) {
      throw new IllegalArgumentException(
          "gpuCount " + gpuCount + " must be in [0, min(32, " + gpuFreeMilli.length + ")]");
    }
    return gpuCount;
  }

  /**
   * frag = totalFree - sum over usable classes of weight x (free on GPUs with at least the class's
   * share free), which equals the per-class definition because the weights sum to 1.
   */
  private static double measure(
      WorkloadMix.ModelTable t, long cpuFree, int[] free, int n, int subMask, int subMilli) {
    long total = 0;
    for (int g = 0; g < n; g++) {
      total += free[g] - (((subMask >>> g) & 1) * subMilli);
    }
    if (total <= 0) {
      return 0;
    }
    double usable = 0;
    int group = 0;
    int groups = t.groupThreshold.length;
    int[] thresholds = t.thresholds;
    for (int ti = 0; ti < thresholds.length && group < groups; ti++) {
      int thr = thresholds[ti];
      int count = 0;
      long use = 0;
      for (int g = 0; g < n; g++) {
        int f = free[g] - (((subMask >>> g) & 1) * subMilli);
        if (f >= thr) {
          count++;
          use += f;
        }
      }
      if (count == 0) {
        break; // larger shares fit nowhere either
      }
      for (; group < groups && t.groupThreshold[group] == ti; group++) {
        if (count >= t.groupGpus[group]) {
          usable += t.weightWithin(group, cpuFree) * use;
        }
      }
    }
    double frag = total - usable;
    return frag < 0 ? 0 : frag; // rounding of the weights must not make it negative
  }
}
