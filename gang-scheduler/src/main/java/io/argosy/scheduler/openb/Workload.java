package io.argosy.scheduler.openb;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The arrival order of one run, built as the FGD paper's simulator does ("workload tuning"): the
 * trace's pods in file order, shuffled with the seed; then, while the total GPU request is below
 * {@code tune} times the capacity, clones of pods drawn uniformly from the trace are appended, and
 * the first clone whose per-GPU share would take the total past the target ends the list (the
 * simulator's rule); a trace already above the target instead loses pods drawn at random until it
 * is at or below it. The same seed gives the same arrivals for every policy.
 */
public final class Workload {

  private Workload() {}

  /**
   * @param pods the trace's pods, in file order
   * @param capacityGpuMilli the cluster's GPU capacity in milli-GPU
   * @param tune target total request as a multiple of the capacity (1.3 in the paper); 0 or less
   *     keeps the trace as it is (shuffled)
   * @param seed the run's seed
   */
  public static List<TaskDemand> arrivals(
      List<TracePod> pods, long capacityGpuMilli, double tune, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<TaskDemand> list = new ArrayList<>(pods.size() * 2);
    long total = 0;
    for (TracePod p : pods) {
      list.add(p.demand());
      total += p.demand().totalGpuMilli();
    }
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      TaskDemand t = list.get(i);
      list.set(i, list.get(j));
      list.set(j, t);
    }
    if (tune <= 0) {
      return list;
    }
    double target = tune * capacityGpuMilli;
    if (total < target) {
      while (true) {
        TaskDemand clone = pods.get(random.nextInt(pods.size())).demand();
        if (total + clone.gpuMilliPerGpu() > target) {
          break;
        }
        list.add(clone);
        total += clone.totalGpuMilli();
      }
    } else {
      while (total > target && !list.isEmpty()) {
        TaskDemand removed = list.remove(random.nextInt(list.size()));
        total -= removed.totalGpuMilli();
      }
    }
    return list;
  }

  /** Total GPU request of a list of tasks, in milli-GPU. */
  public static long totalGpuMilli(List<TaskDemand> tasks) {
    long total = 0;
    for (TaskDemand t : tasks) {
      total += t.totalGpuMilli();
    }
    return total;
  }
}
