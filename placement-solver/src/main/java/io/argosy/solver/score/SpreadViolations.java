package io.argosy.solver.score;

import io.argosy.solver.model.SpreadConstraint;
import io.argosy.solver.problem.CompiledCluster;
import io.argosy.solver.problem.CompiledJob;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** Counts how far a job's placed parts are from its spread constraints. */
final class SpreadViolations {

  private SpreadViolations() {}

  static int of(CompiledJob job, Collection<CompiledCluster> clusters) {
    int total = 0;
    for (SpreadConstraint s : job.spread()) {
      Set<String> groups = new HashSet<>();
      for (CompiledCluster c : clusters) {
        groups.add(c.offer().topologyValue(s.spreadByField()));
      }
      total += s.violation(groups.size());
    }
    return total;
  }
}
