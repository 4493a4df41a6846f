package io.argosy.scheduler.plugins;

import io.argosy.scheduler.fleet.ClusterState;
import io.argosy.scheduler.framework.ClusterChooser;
import io.argosy.scheduler.framework.CycleContext;
import io.argosy.scheduler.framework.GangSpec;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * The greedy cluster choice: clusters with the most free CPU relative to the gang first (a cheap
 * proxy for "likely to fit"), then by name; the cycle places the gang in the first few that can take
 * it and keeps the one whose placement scores best.
 *
 * <p>Gangs of one placement policy share one candidate list per cycle, and a gang changes the free
 * CPU of one or a few clusters: so each list's order is kept for the cycle and repaired by an
 * insertion sort (linear when nearly sorted) instead of sorted per gang. Called on the scheduler
 * thread only, as every plugin.
 */
public final class GreedyClusterChooser implements ClusterChooser {
  private static final int MAX_LISTS = 256;
  private long epoch = -1;
  private final IdentityHashMap<List<ClusterState>, Order> orders = new IdentityHashMap<>();

  @Override
  public String name() {
    return "Greedy";
  }

  @Override
  public List<ClusterState> order(CycleContext ctx, GangSpec gang, List<ClusterState> candidates) {
    if (candidates.size() < 2) {
      return candidates;
    }
    if (epoch != ctx.epoch() || orders.size() >= MAX_LISTS) {
      orders.clear();
      epoch = ctx.epoch();
    }
    Order o = orders.get(candidates);
    if (o == null) {
      o = new Order(candidates.toArray(new ClusterState[0]));
      orders.put(candidates, o);
    }
    return Arrays.asList(o.sorted());
  }

  /** One candidate list in order, with each cluster's free CPU when last sorted. */
  static final class Order {
    private final ClusterState[] clusters;
    private final long[] keys;

    Order(ClusterState[] clusters) {
      this.clusters = clusters;
      this.keys = new long[clusters.length];
      for (int i = 0; i < clusters.length; i++) {
        keys[i] = clusters[i].freeCpuMilli();
      }
      sort();
    }

    /** A copy of the list in order: most free CPU first, then by name. */
    ClusterState[] sorted() {
      boolean changed = false;
      for (int i = 0; i < clusters.length; i++) {
        long k = clusters[i].freeCpuMilli();
        if (k != keys[i]) {
          keys[i] = k;
          changed = true;
        }
      }
      if (changed) {
        sort();
      }
      return clusters.clone();
    }

    private void sort() {
      for (int i = 1; i < clusters.length; i++) {
        ClusterState c = clusters[i];
        long k = keys[i];
        int j = i - 1;
        while (j >= 0 && before(k, c, keys[j], clusters[j])) {
          clusters[j + 1] = clusters[j];
          keys[j + 1] = keys[j];
          j--;
        }
        clusters[j + 1] = c;
        keys[j + 1] = k;
      }
    }

    private static boolean before(long k, ClusterState c, long otherKey, ClusterState other) {
      return k != otherKey ? k > otherKey : c.name().compareTo(other.name()) < 0;
    }
  }

  /** {@code clustersEvaluated}, or one above the configured backlog (see {@code SchedulerConfig.firstFitBacklog}). */
  @Override
  public int compare(CycleContext ctx, GangSpec gang) {
    return ctx.backlog() > ctx.config().firstFitBacklog() ? 1 : ctx.config().clustersEvaluated();
  }
}
