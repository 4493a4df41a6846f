package io.argosy.solver.score;

import static io.argosy.solver.score.PlacementConstraintProvider.AFFINITY_ORDER;
import static io.argosy.solver.score.PlacementConstraintProvider.BINPACK_PREFERENCE;
import static io.argosy.solver.score.PlacementConstraintProvider.CLUSTER_AFFINITY;
import static io.argosy.solver.score.PlacementConstraintProvider.CLUSTER_TAINTS;
import static io.argosy.solver.score.PlacementConstraintProvider.FRAGMENTATION_GROWTH;
import static io.argosy.solver.score.PlacementConstraintProvider.FRAGMENTATION_REDUCTION;
import static io.argosy.solver.score.PlacementConstraintProvider.GANG_FITS_NODES;
import static io.argosy.solver.score.PlacementConstraintProvider.ORDER_WEIGHT;
import static io.argosy.solver.score.PlacementConstraintProvider.PENDING_GANGS;
import static io.argosy.solver.score.PlacementConstraintProvider.PENDING_WEIGHT;
import static io.argosy.solver.score.PlacementConstraintProvider.PLACED_DEMAND;
import static io.argosy.solver.score.PlacementConstraintProvider.QUEUE_QUOTA;
import static io.argosy.solver.score.PlacementConstraintProvider.SPREAD_CONSTRAINTS;
import static io.argosy.solver.score.PlacementConstraintProvider.SPREAD_PREFERENCE;

import io.argosy.gpu.score.Policy;
import io.argosy.solver.model.PlanMetrics;
import io.argosy.solver.model.ScoreBreakdown;
import io.argosy.solver.problem.ClusterPacker;
import io.argosy.solver.problem.CompiledCluster;
import io.argosy.solver.problem.CompiledGang;
import io.argosy.solver.problem.CompiledJob;
import io.argosy.solver.problem.CompiledProblem;
import io.argosy.solver.problem.CompiledQueue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores an assignment from scratch, constraint by constraint, exactly as
 * {@link PlacementConstraintProvider} does incrementally. Gives plans their breakdown and metrics
 * (greedy plans never meet Timefold), and tests check the two agree.
 */
public final class PlanEvaluator {

  private PlanEvaluator() {}

  /** Score breakdown and metrics of an assignment. */
  public record Evaluation(ScoreBreakdown score, PlanMetrics metrics) {}

  /** @param assignment cluster index per gang, -1 for unplaced */
  public static Evaluation evaluate(CompiledProblem p, int[] assignment) {
    Map<String, Long> by = new LinkedHashMap<>();
    for (String name : List.of(GANG_FITS_NODES, QUEUE_QUOTA, CLUSTER_AFFINITY, CLUSTER_TAINTS, PLACED_DEMAND,
        FRAGMENTATION_GROWTH, FRAGMENTATION_REDUCTION, BINPACK_PREFERENCE, SPREAD_PREFERENCE, AFFINITY_ORDER,
        SPREAD_CONSTRAINTS, PENDING_GANGS)) {
      by.put(name, 0L);
    }
    List<List<CompiledGang>> perCluster = new ArrayList<>();
    for (int c = 0; c < p.clusters().size(); c++) {
      perCluster.add(new ArrayList<>());
    }
    Map<CompiledQueue, long[]> usage = new HashMap<>();
    Map<CompiledJob, List<CompiledCluster>> jobClusters = new LinkedHashMap<>();
    long placedGpu = 0;
    int placed = 0;
    for (CompiledGang g : p.gangs()) {
      int c = assignment[g.index()];
      if (c < 0) {
        add(by, PENDING_GANGS, -PENDING_WEIGHT * g.weight());
        continue;
      }
      CompiledCluster cluster = p.clusters().get(c);
      perCluster.get(c).add(g);
      placed++;
      placedGpu += g.gpuMilli();
      if (g.queue().limited()) {
        long[] u = usage.computeIfAbsent(g.queue(), q -> new long[q.keys().length]);
        for (int k = 0; k < u.length; k++) {
          u[k] += g.quotaUsage()[k];
        }
      }
      if (!g.affinityAllows(c)) {
        add(by, CLUSTER_AFFINITY, -g.podCount());
      }
      if (!g.tolerated()[c]) {
        add(by, CLUSTER_TAINTS, -g.podCount());
      }
      add(by, PLACED_DEMAND, g.weightedGpuMilli());
      long policy = PlacementConstraintProvider.policyWeight(g, cluster);
      if (g.policyOn(cluster) == Policy.SPREAD) {
        add(by, SPREAD_PREFERENCE, -policy);
      } else {
        add(by, BINPACK_PREFERENCE, policy);
      }
      if (g.ranks()[c] > 0) {
        add(by, AFFINITY_ORDER, -ORDER_WEIGHT * g.ranks()[c]);
      }
      if (g.job().hasSpread()) {
        jobClusters.computeIfAbsent(g.job(), j -> new ArrayList<>()).add(cluster);
      }
    }
    long fragmentation = 0;
    for (CompiledCluster cluster : p.clusters()) {
      List<CompiledGang> gangs = perCluster.get(cluster.index());
      if (gangs.isEmpty()) {
        fragmentation += cluster.fragmentationBefore();
        continue;
      }
      ClusterPacker.Packing packing = ClusterPacker.pack(cluster, gangs);
      fragmentation += packing.fragmentation();
      add(by, GANG_FITS_NODES, -packing.unplacedPods());
      long growth = packing.fragmentation() - cluster.fragmentationBefore();
      add(by, growth > 0 ? FRAGMENTATION_GROWTH : FRAGMENTATION_REDUCTION, -growth);
    }
    for (Map.Entry<CompiledQueue, long[]> e : usage.entrySet()) {
      add(by, QUEUE_QUOTA, -e.getKey().exceeded(e.getValue()));
    }
    for (Map.Entry<CompiledJob, List<CompiledCluster>> e : jobClusters.entrySet()) {
      add(by, SPREAD_CONSTRAINTS, -ORDER_WEIGHT * SpreadViolations.of(e.getKey(), e.getValue()));
    }
    long hard = by.get(GANG_FITS_NODES) + by.get(QUEUE_QUOTA) + by.get(CLUSTER_AFFINITY) + by.get(CLUSTER_TAINTS);
    long medium = by.get(PLACED_DEMAND);
    long soft = by.get(FRAGMENTATION_GROWTH) + by.get(FRAGMENTATION_REDUCTION) + by.get(BINPACK_PREFERENCE)
        + by.get(SPREAD_PREFERENCE) + by.get(AFFINITY_ORDER) + by.get(SPREAD_CONSTRAINTS) + by.get(PENDING_GANGS);
    PlanMetrics metrics = new PlanMetrics(medium, placedGpu, placed, p.gangs().size() - placed, fragmentation);
    return new Evaluation(new ScoreBreakdown(hard, medium, soft, by), metrics);
  }

  private static void add(Map<String, Long> by, String name, long v) {
    by.merge(name, v, Long::sum);
  }
}
