package io.argosy.solver.score;

import ai.timefold.solver.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore;
import ai.timefold.solver.core.api.score.stream.Constraint;
import ai.timefold.solver.core.api.score.stream.ConstraintCollectors;
import ai.timefold.solver.core.api.score.stream.ConstraintFactory;
import ai.timefold.solver.core.api.score.stream.ConstraintProvider;
import io.argosy.gpu.score.Policy;
import io.argosy.solver.domain.GangAssignment;
import io.argosy.solver.problem.CompiledCluster;
import io.argosy.solver.problem.CompiledGang;
import io.argosy.solver.problem.CompiledJob;
import io.argosy.solver.problem.CompiledQueue;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The placement score, one method per constraint.
 *
 * <ul>
 *   <li>Hard: gangs fit their cluster at node and device level; queue quota; cluster affinity;
 *       cluster taints.
 *   <li>Medium: priority-weighted placed GPU demand (Σ weight × milli-GPU).
 *   <li>Soft, in milli-GPU-like units: fragmentation growth (and reduction), the binpack or spread
 *       preference,
 *       clusterAffinities order and spread constraints (both weighted {@link #ORDER_WEIGHT}, so they
 *       dominate the other soft terms), and a small cost per gang left pending.
 * </ul>
 */
public final class PlacementConstraintProvider implements ConstraintProvider {

  public static final String GANG_FITS_NODES = "Gang fits cluster nodes and devices";
  public static final String QUEUE_QUOTA = "Queue quota";
  public static final String CLUSTER_AFFINITY = "Cluster affinity";
  public static final String CLUSTER_TAINTS = "Cluster taints";
  public static final String PLACED_DEMAND = "Priority-weighted placed GPU demand";
  public static final String FRAGMENTATION_GROWTH = "Fragmentation growth";
  public static final String FRAGMENTATION_REDUCTION = "Fragmentation reduction";
  public static final String BINPACK_PREFERENCE = "Binpack preference";
  public static final String SPREAD_PREFERENCE = "Spread preference";
  public static final String AFFINITY_ORDER = "Cluster affinity order";
  public static final String SPREAD_CONSTRAINTS = "Spread constraints";
  public static final String PENDING_GANGS = "Pending gangs";

  /** Soft cost of one clusterAffinities rank step or one spread group missing: 100 GPUs' worth. */
  public static final long ORDER_WEIGHT = 100_000;
  /** Soft cost of leaving a gang pending, per unit of weight. */
  public static final long PENDING_WEIGHT = 1_000;

  // shared instances so Bavet shares the cluster grouping between the fit and fragmentation constraints
  private static final Function<GangAssignment, CompiledCluster> CLUSTER = GangAssignment::getCluster;
  private static final Function<GangAssignment, CompiledQueue> QUEUE = a -> a.getGang().queue();
  private static final Function<GangAssignment, CompiledJob> JOB = a -> a.getGang().job();
  private static final Predicate<GangAssignment> LIMITED_QUEUE = a -> a.getGang().queue().limited();
  private static final Predicate<GangAssignment> SPREAD_JOB = a -> a.getGang().job().hasSpread();

  @Override
  public Constraint[] defineConstraints(ConstraintFactory factory) {
    return new Constraint[] {
      gangFitsNodes(factory),
      queueQuota(factory),
      clusterAffinity(factory),
      clusterTaints(factory),
      placedDemand(factory),
      fragmentationGrowth(factory),
      fragmentationReduction(factory),
      binpackPreference(factory),
      spreadPreference(factory),
      affinityOrder(factory),
      spreadConstraints(factory),
      pendingGangs(factory)
    };
  }

  /** Hard: pods of gangs that do not fit the cluster's free node buckets (device level). */
  Constraint gangFitsNodes(ConstraintFactory factory) {
    return factory.forEach(GangAssignment.class)
        .groupBy(CLUSTER, ClusterLoadCollector.INSTANCE)
        .filter((cluster, load) -> load.unplacedPods() > 0)
        .penalizeLong(HardMediumSoftLongScore.ONE_HARD, (cluster, load) -> load.unplacedPods())
        .asConstraint(GANG_FITS_NODES);
  }

  /** Hard: per queue, resource keys whose placed usage exceeds the remaining quota. */
  Constraint queueQuota(ConstraintFactory factory) {
    return factory.forEach(GangAssignment.class)
        .filter(LIMITED_QUEUE)
        .groupBy(QUEUE, QueueUsageCollector.INSTANCE)
        .filter((queue, usage) -> usage.exceededKeys() > 0)
        .penalizeLong(HardMediumSoftLongScore.ONE_HARD, (queue, usage) -> usage.exceededKeys())
        .asConstraint(QUEUE_QUOTA);
  }

  /** Hard: a gang on a cluster its clusterAffinity excludes (per pod). */
  Constraint clusterAffinity(ConstraintFactory factory) {
    return factory.forEach(GangAssignment.class)
        .filter(a -> !a.getGang().affinityAllows(a.getCluster().index()))
        .penalizeLong(HardMediumSoftLongScore.ONE_HARD, a -> a.getGang().podCount())
        .asConstraint(CLUSTER_AFFINITY);
  }

  /** Hard: a gang on a cluster with a NoSchedule/NoExecute taint it does not tolerate (per pod). */
  Constraint clusterTaints(ConstraintFactory factory) {
    return factory.forEach(GangAssignment.class)
        .filter(a -> !a.getGang().tolerated()[a.getCluster().index()])
        .penalizeLong(HardMediumSoftLongScore.ONE_HARD, a -> a.getGang().podCount())
        .asConstraint(CLUSTER_TAINTS);
  }

  /** Medium: reward weight × GPU demand (milli-GPU) of every placed gang. */
  Constraint placedDemand(ConstraintFactory factory) {
    return factory.forEach(GangAssignment.class)
        .filter(a -> a.getGang().weightedGpuMilli() > 0)
        .rewardLong(HardMediumSoftLongScore.ONE_MEDIUM, a -> a.getGang().weightedGpuMilli())
        .asConstraint(PLACED_DEMAND);
  }

  /** Soft: growth of the cluster's fragmented GPU over the cycle (milli-GPU). */
  Constraint fragmentationGrowth(ConstraintFactory factory) {
    return factory.forEach(GangAssignment.class)
        .groupBy(CLUSTER, ClusterLoadCollector.INSTANCE)
        .filter((cluster, load) -> load.fragmentationGrowth() > 0)
        .penalizeLong(HardMediumSoftLongScore.ONE_SOFT, (cluster, load) -> load.fragmentationGrowth())
        .asConstraint(FRAGMENTATION_GROWTH);
  }

  /** Soft: the cluster's fragmented GPU shrinking over the cycle (gangs filling partly used nodes). */
  Constraint fragmentationReduction(ConstraintFactory factory) {
    return factory.forEach(GangAssignment.class)
        .groupBy(CLUSTER, ClusterLoadCollector.INSTANCE)
        .filter((cluster, load) -> load.fragmentationGrowth() < 0)
        .rewardLong(HardMediumSoftLongScore.ONE_SOFT, (cluster, load) -> -load.fragmentationGrowth())
        .asConstraint(FRAGMENTATION_REDUCTION);
  }

  /**
   * Soft: binpack gangs prefer busy clusters: GPU demand × the cluster's utilisation at the start of
   * the cycle. The gang's own policy overrides the cluster's.
   */
  Constraint binpackPreference(ConstraintFactory factory) {
    return factory.forEach(GangAssignment.class)
        .filter(a -> a.getGang().policyOn(a.getCluster()) != Policy.SPREAD && policyWeight(a) > 0)
        .rewardLong(HardMediumSoftLongScore.ONE_SOFT, PlacementConstraintProvider::policyWeight)
        .asConstraint(BINPACK_PREFERENCE);
  }

  /** Soft: spread gangs prefer idle clusters: GPU demand × the cluster's utilisation is a cost. */
  Constraint spreadPreference(ConstraintFactory factory) {
    return factory.forEach(GangAssignment.class)
        .filter(a -> a.getGang().policyOn(a.getCluster()) == Policy.SPREAD && policyWeight(a) > 0)
        .penalizeLong(HardMediumSoftLongScore.ONE_SOFT, PlacementConstraintProvider::policyWeight)
        .asConstraint(SPREAD_PREFERENCE);
  }

  /** Soft: each clusterAffinities rank step below the first choice. */
  Constraint affinityOrder(ConstraintFactory factory) {
    return factory.forEach(GangAssignment.class)
        .filter(a -> a.getGang().ranks()[a.getCluster().index()] > 0)
        .penalizeLong(HardMediumSoftLongScore.ONE_SOFT, a -> ORDER_WEIGHT * a.getGang().ranks()[a.getCluster().index()])
        .asConstraint(AFFINITY_ORDER);
  }

  /** Soft: spread groups missing below minGroups or beyond maxGroups, per divisible job. */
  Constraint spreadConstraints(ConstraintFactory factory) {
    return factory.forEach(GangAssignment.class)
        .filter(SPREAD_JOB)
        .groupBy(JOB, ConstraintCollectors.toList(CLUSTER))
        .filter((job, clusters) -> SpreadViolations.of(job, clusters) > 0)
        .penalizeLong(HardMediumSoftLongScore.ONE_SOFT, (job, clusters) -> ORDER_WEIGHT * SpreadViolations.of(job, clusters))
        .asConstraint(SPREAD_CONSTRAINTS);
  }

  /** Soft: a small cost per weight unit of a gang left pending, so CPU-only gangs are placed too. */
  Constraint pendingGangs(ConstraintFactory factory) {
    return factory.forEachIncludingUnassigned(GangAssignment.class)
        .filter(a -> a.getCluster() == null)
        .penalizeLong(HardMediumSoftLongScore.ONE_SOFT, a -> PENDING_WEIGHT * a.getGang().weight())
        .asConstraint(PENDING_GANGS);
  }

  static long policyWeight(GangAssignment a) {
    return policyWeight(a.getGang(), a.getCluster());
  }

  /** GPU demand × the cluster's utilisation at the start of the cycle, milli-GPU. */
  static long policyWeight(CompiledGang g, CompiledCluster c) {
    return g.gpuMilli() * c.utilisationPermille() / 1000;
  }
}
