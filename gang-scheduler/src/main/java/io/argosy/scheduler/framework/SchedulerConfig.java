package io.argosy.scheduler.framework;

import io.argosy.scheduler.fleet.PlacementMode;
import java.time.Duration;

/**
 * Scheduler settings.
 *
 * @param defaultMode node placement where neither the workload nor the cluster says
 * @param preemption higher-priority gangs may evict lower-priority preemptible gangs of their queue
 * @param reclaim a queue below its deserved share may evict gangs of queues that borrow
 * @param backfill a blocked gang reserves its cluster; later jobs start there only if they end before
 * @param assumeTtl bindings neither confirmed nor rejected after this long are expired and their jobs requeued
 * @param clustersEvaluated how many clusters that can take a gang are compared before choosing
 * @param firstFitBacklog above this many pending jobs at the start of a cycle, the greedy choice
 *     compares one cluster per gang (the first in its order that can take it) instead of
 *     {@code clustersEvaluated}: with such a backlog the cycle's length delays every gang more than a
 *     comparison improves one (kube-scheduler's and Volcano's adaptive share of nodes to score)
 * @param tieBreakWeight weight of Volcano's binpack score under the pure fragmentation score (it only breaks ties)
 * @param referencePath fit every pod node by node instead of once per node class (tests compare the two)
 * @param maxVictimCandidates victims considered per cluster for one preemption or reclaim
 * @param solver the placement solver's budget per cycle, or null to choose clusters greedily only
 * @param solverMaxGangs the solver plans a cycle only up to this many pending gangs (and with at
 *     least two clusters); above it the greedy choice alone runs
 */
public record SchedulerConfig(
    PlacementMode defaultMode,
    boolean preemption,
    boolean reclaim,
    boolean backfill,
    Duration assumeTtl,
    int clustersEvaluated,
    int firstFitBacklog,
    double tieBreakWeight,
    boolean referencePath,
    int maxVictimCandidates,
    io.argosy.solver.model.SolveBudget solver,
    int solverMaxGangs) {

  public SchedulerConfig {
    if (defaultMode == null) {
      throw new IllegalArgumentException("defaultMode is required");
    }
    if (clustersEvaluated < 1 || maxVictimCandidates < 1) {
      throw new IllegalArgumentException("clustersEvaluated and maxVictimCandidates must be at least 1");
    }
    if (firstFitBacklog < 0) {
      throw new IllegalArgumentException("firstFitBacklog must not be negative");
    }
  }

  /**
   * See {@code firstFitBacklog}. Up to it a cycle that compares three clusters per gang stays under
   * about a second on a 2-core machine (20,000 gangs on 100 x 1,000 nodes: 0.54 s, benchmarks/README).
   */
  public static final int DEFAULT_FIRST_FIT_BACKLOG = 20_000;

  public static SchedulerConfig defaults() {
    return new SchedulerConfig(PlacementMode.ARGOSY, true, true, true, Duration.ofMinutes(5), 3, DEFAULT_FIRST_FIT_BACKLOG, 0.001, false, 64,
        io.argosy.solver.model.SolveBudget.DEFAULT, 5_000);
  }

  public SchedulerConfig withDefaultMode(PlacementMode m) {
    return new SchedulerConfig(m, preemption, reclaim, backfill, assumeTtl, clustersEvaluated, firstFitBacklog, tieBreakWeight,
        referencePath, maxVictimCandidates, solver, solverMaxGangs);
  }

  public SchedulerConfig withReferencePath(boolean on) {
    return new SchedulerConfig(defaultMode, preemption, reclaim, backfill, assumeTtl, clustersEvaluated,
        firstFitBacklog, tieBreakWeight, on, maxVictimCandidates, solver, solverMaxGangs);
  }

  public SchedulerConfig withActions(boolean preempt, boolean reclaimOn, boolean backfillOn) {
    return new SchedulerConfig(defaultMode, preempt, reclaimOn, backfillOn, assumeTtl, clustersEvaluated,
        firstFitBacklog, tieBreakWeight, referencePath, maxVictimCandidates, solver, solverMaxGangs);
  }

  public SchedulerConfig withClustersEvaluated(int n) {
    return new SchedulerConfig(defaultMode, preemption, reclaim, backfill, assumeTtl, n, firstFitBacklog, tieBreakWeight,
        referencePath, maxVictimCandidates, solver, solverMaxGangs);
  }

  /** With the backlog above which each gang takes the first cluster that can take it (0: always). */
  public SchedulerConfig withFirstFitBacklog(int n) {
    return new SchedulerConfig(defaultMode, preemption, reclaim, backfill, assumeTtl, clustersEvaluated, n,
        tieBreakWeight, referencePath, maxVictimCandidates, solver, solverMaxGangs);
  }

  /** With the placement solver's budget (null: greedy cluster choice only). */
  public SchedulerConfig withSolver(io.argosy.solver.model.SolveBudget budget) {
    return new SchedulerConfig(defaultMode, preemption, reclaim, backfill, assumeTtl, clustersEvaluated,
        firstFitBacklog, tieBreakWeight, referencePath, maxVictimCandidates, budget, solverMaxGangs);
  }
}
