package io.argosy.solver.search;

import io.argosy.solver.domain.GangAssignment;
import io.argosy.solver.domain.PlacementSolution;
import io.argosy.solver.problem.ClusterPacker;
import io.argosy.solver.problem.CompiledCluster;
import io.argosy.solver.problem.CompiledGang;
import io.argosy.solver.problem.CompiledQueue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** The working solution seen by cluster: gangs per cluster, the pending ones, queue usage. */
final class SolutionView {

  final List<List<GangAssignment>> byCluster = new ArrayList<>();
  final List<GangAssignment> pending = new ArrayList<>();
  final List<GangAssignment> placed = new ArrayList<>();
  final List<CompiledCluster> clusters;
  private final GangAssignment[] byIndex;
  private final Map<CompiledQueue, long[]> usage = new HashMap<>();

  SolutionView(PlacementSolution s) {
    clusters = s.getClusters();
    byIndex = new GangAssignment[s.getAssignments().size()];
    for (int c = 0; c < clusters.size(); c++) {
      byCluster.add(new ArrayList<>());
    }
    for (GangAssignment a : s.getAssignments()) {
      byIndex[a.getGang().index()] = a;
      if (a.getCluster() == null) {
        pending.add(a);
      } else {
        byCluster.get(a.getCluster().index()).add(a);
        placed.add(a);
        CompiledQueue q = a.getGang().queue();
        if (q.limited()) {
          long[] u = usage.computeIfAbsent(q, k -> new long[k.keys().length]);
          for (int k = 0; k < u.length; k++) {
            u[k] += a.getGang().quotaUsage()[k];
          }
        }
      }
    }
  }

  /** A gang drawn with probability proportional to its weighted GPU demand (plus one, for CPU-only gangs). */
  static GangAssignment drawByValue(List<GangAssignment> gangs, Random random) {
    long total = 0;
    for (GangAssignment a : gangs) {
      total += a.getGang().weightedGpuMilli() + 1;
    }
    long pick = (long) (random.nextDouble() * total);
    for (GangAssignment a : gangs) {
      pick -= a.getGang().weightedGpuMilli() + 1;
      if (pick < 0) {
        return a;
      }
    }
    return gangs.get(gangs.size() - 1);
  }

  /**
   * A cluster drawn with probability proportional to the weighted demand of the pending gangs it
   * admits (plus one): where re-choosing can gain most.
   */
  CompiledCluster drawClusterByPendingValue(Random random) {
    long[] value = new long[clusters.size()];
    long total = 0;
    for (CompiledCluster c : clusters) {
      value[c.index()] = 1;
    }
    for (GangAssignment p : pending) {
      CompiledGang g = p.getGang();
      for (CompiledCluster c : clusters) {
        if (g.allowed(c.index())) {
          value[c.index()] += g.weightedGpuMilli();
        }
      }
    }
    for (long v : value) {
      total += v;
    }
    long pick = (long) (random.nextDouble() * total);
    for (CompiledCluster c : clusters) {
      pick -= value[c.index()];
      if (pick < 0) {
        return c;
      }
    }
    return clusters.get(clusters.size() - 1);
  }

  GangAssignment assignment(CompiledGang g) {
    return byIndex[g.index()];
  }

  /** A copy of the queues' usage by placed gangs, to track a move's effect on quota. */
  Map<CompiledQueue, long[]> usageCopy() {
    Map<CompiledQueue, long[]> copy = new HashMap<>();
    usage.forEach((q, u) -> copy.put(q, u.clone()));
    return copy;
  }

  static boolean withinQuota(Map<CompiledQueue, long[]> usage, CompiledGang g) {
    CompiledQueue q = g.queue();
    if (!q.limited()) {
      return true;
    }
    long[] u = usage.computeIfAbsent(q, k -> new long[k.keys().length]);
    for (int k = 0; k < u.length; k++) {
      if (u[k] + g.quotaUsage()[k] > q.remaining()[k]) {
        return false;
      }
    }
    return true;
  }

  static void charge(Map<CompiledQueue, long[]> usage, CompiledGang g, int sign) {
    CompiledQueue q = g.queue();
    if (!q.limited()) {
      return;
    }
    long[] u = usage.computeIfAbsent(q, k -> new long[k.keys().length]);
    for (int k = 0; k < u.length; k++) {
      u[k] += sign * g.quotaUsage()[k];
    }
  }

  static void insertByIndex(List<CompiledGang> sorted, CompiledGang g) {
    int at = sorted.size();
    while (at > 0 && sorted.get(at - 1).index() > g.index()) {
      at--;
    }
    sorted.add(at, g);
  }

  /**
   * A cluster other than {@code from} where {@code e} fits next to what is there (minus
   * {@code leaving}, plus {@code arriving}), trying at most {@code tries} random admitted clusters.
   */
  CompiledCluster rehome(
      CompiledGang e, CompiledCluster from, GangAssignment leaving, List<List<CompiledGang>> arriving,
      int tries, Random random) {
    return rehome(e, Set.of(from), leaving, arriving, tries, random);
  }

  /** {@link #rehome} avoiding every cluster of {@code excluded}. */
  CompiledCluster rehome(
      CompiledGang e, Set<CompiledCluster> excluded, List<List<CompiledGang>> arriving,
      int tries, Random random) {
    return rehome(e, excluded, null, arriving, tries, random);
  }

  private CompiledCluster rehome(
      CompiledGang e, Set<CompiledCluster> excluded, GangAssignment leaving,
      List<List<CompiledGang>> arriving, int tries, Random random) {
    List<CompiledCluster> options = new ArrayList<>();
    for (CompiledCluster c : clusters) {
      if (!excluded.contains(c) && e.allowed(c.index())) {
        options.add(c);
      }
    }
    for (int t = 0; t < tries && !options.isEmpty(); t++) {
      CompiledCluster c = options.remove(random.nextInt(options.size()));
      List<CompiledGang> members = new ArrayList<>();
      for (GangAssignment m : byCluster.get(c.index())) {
        if (m != leaving) {
          members.add(m.getGang());
        }
      }
      for (CompiledGang x : arriving.get(c.index())) {
        insertByIndex(members, x);
      }
      insertByIndex(members, e);
      if (ClusterPacker.allFit(c, members)) {
        return c;
      }
    }
    return null;
  }

  List<List<CompiledGang>> emptyArrivals() {
    List<List<CompiledGang>> added = new ArrayList<>();
    for (int i = 0; i < clusters.size(); i++) {
      added.add(new ArrayList<>());
    }
    return added;
  }
}
