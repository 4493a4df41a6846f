package io.argosy.solver.model;

/**
 * What {@code PlacementSolver.place} returns: the plan to apply, the greedy plan it started from
 * (the gang-scheduler's fallback when node-level verification rejects a solver choice), and the
 * contention report that decided whether the solver ran, and where the cycle's time went.
 */
public record PlacementDecision(
    PlacementPlan plan, PlacementPlan greedy, ContentionReport contention, CycleTimings timings) {

  public boolean solverUsed() {
    return plan.method() == PlacementPlan.Method.SOLVER;
  }
}
