package io.argosy.solver.greedy;

import io.argosy.gpu.score.Policy;
import io.argosy.solver.model.SpreadConstraint;
import io.argosy.solver.packing.PackState;
import io.argosy.solver.problem.CompiledCluster;
import io.argosy.solver.problem.CompiledGang;
import io.argosy.solver.problem.CompiledProblem;
import io.argosy.solver.problem.CompiledQueue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Queue-order greedy, what Volcano, Kueue and Armada do across clusters: take the gangs in the order
 * the queues release them and put each one whole on its best feasible cluster, or skip it (backfill:
 * later, smaller gangs still get their chance).
 *
 * <p>Best feasible cluster: admitted by affinity and taints, within the queue's remaining quota,
 * fitting at node and device level on what is left; among those, first the lowest clusterAffinities
 * rank, then a cluster that helps meet the job's spread minimum, then by policy the most utilised
 * cluster (binpack) or the least utilised (spread), then list order.
 */
public final class GreedyPlacer {

  private GreedyPlacer() {}

  /** Cluster index per gang, -1 for unplaced. */
  public static int[] place(CompiledProblem problem) {
    List<CompiledCluster> clusters = problem.clusters();
    PackState[] states = new PackState[clusters.size()];
    long[] placedGpu = new long[clusters.size()];
    for (CompiledCluster c : clusters) {
      states[c.index()] = c.initialState();
    }
    Map<CompiledQueue, long[]> used = new HashMap<>();
    Map<String, List<Integer>> jobClusters = new HashMap<>();
    int[] out = new int[problem.gangs().size()];
    Arrays.fill(out, -1);
    for (CompiledGang g : problem.gangs()) {
      long[] queueUse = used.computeIfAbsent(g.queue(), q -> new long[q.keys().length]);
      if (!withinQuota(g, queueUse)) {
        continue;
      }
      List<Integer> partsOn = jobClusters.computeIfAbsent(g.job().id(), j -> new ArrayList<>());
      for (int c : candidates(g, clusters, placedGpu, partsOn)) {
        if (states[c].placeGang(g.shapes(), g.podCounts(), g.policyOn(clusters.get(c)))) {
          out[g.index()] = c;
          placedGpu[c] += g.gpuMilli();
          partsOn.add(c);
          for (int k = 0; k < queueUse.length; k++) {
            queueUse[k] += g.quotaUsage()[k];
          }
          break;
        }
      }
    }
    return out;
  }

  private static boolean withinQuota(CompiledGang g, long[] queueUse) {
    long[] remaining = g.queue().remaining();
    for (int k = 0; k < queueUse.length; k++) {
      if (queueUse[k] + g.quotaUsage()[k] > remaining[k]) {
        return false;
      }
    }
    return true;
  }

  private static List<Integer> candidates(
      CompiledGang g, List<CompiledCluster> clusters, long[] placedGpu, List<Integer> partsOn) {
    List<Integer> out = new ArrayList<>();
    List<long[]> keys = new ArrayList<>();
    for (CompiledCluster c : clusters) {
      int i = c.index();
      if (!g.allowed(i)) {
        continue;
      }
      int spreadKey = 0;
      boolean overMax = false;
      for (SpreadConstraint s : g.job().spread()) {
        Set<String> groups = new HashSet<>();
        for (int p : partsOn) {
          groups.add(clusters.get(p).offer().topologyValue(s.spreadByField()));
        }
        String mine = c.offer().topologyValue(s.spreadByField());
        boolean fresh = !groups.contains(mine);
        if (fresh && s.maxGroups() > 0 && groups.size() >= s.maxGroups()) {
          overMax = true;
        }
        if (!fresh && groups.size() < s.minGroups()) {
          spreadKey = 1;
        }
      }
      if (overMax) {
        continue;
      }
      long cap = c.gpuUsedMilli() + c.gpuFreeMilli();
      long util = cap == 0 ? 0 : (c.gpuUsedMilli() + placedGpu[i]) * 1000 / cap;
      long policyKey = g.policyOn(c) == Policy.SPREAD ? util : -util;
      out.add(i);
      keys.add(new long[] {g.ranks()[i], spreadKey, policyKey, i});
    }
    Integer[] order = new Integer[out.size()];
    for (int k = 0; k < order.length; k++) {
      order[k] = k;
    }
    Arrays.sort(order, (a, b) -> Arrays.compare(keys.get(a), keys.get(b)));
    List<Integer> sorted = new ArrayList<>(order.length);
    for (int k : order) {
      sorted.add(out.get(k));
    }
    return sorted;
  }
}
