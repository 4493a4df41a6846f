package io.argosy.solver.model;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A cycle's answer: each gang's cluster (or unplaced), in the problem's gang order.
 *
 * @param method who produced it
 * @param placements one entry per gang, in problem order
 * @param score score by level and constraint
 * @param metrics objective figures
 * @param elapsed wall time spent producing it
 */
public record PlacementPlan(
    Method method, List<GangPlacement> placements, ScoreBreakdown score, PlanMetrics metrics, Duration elapsed) {

  public enum Method {
    /** Queue-order greedy: each gang whole onto its best feasible cluster. */
    GREEDY,
    /** Timefold local search started from the greedy plan. */
    SOLVER
  }

  public PlacementPlan {
    placements = List.copyOf(placements);
  }

  /** The cluster chosen for {@code gangId}; empty when unplaced or unknown. */
  public Optional<String> clusterOf(String gangId) {
    for (GangPlacement p : placements) {
      if (p.gang().equals(gangId)) {
        return Optional.ofNullable(p.cluster());
      }
    }
    return Optional.empty();
  }
}
