package io.argosy.solver.model;

import java.util.Map;

/**
 * The plan's score by level and by constraint (constraint name to its signed contribution on its
 * level; penalties are negative). Hard must be 0 for a plan to be applied.
 */
public record ScoreBreakdown(long hard, long medium, long soft, Map<String, Long> byConstraint) {

  public ScoreBreakdown {
    byConstraint = Map.copyOf(byConstraint);
  }

  public boolean feasible() {
    return hard == 0;
  }

  @Override
  public String toString() {
    return hard + "hard/" + medium + "medium/" + soft + "soft";
  }
}
