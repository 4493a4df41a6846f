package io.argosy.solver.problem;

import io.argosy.solver.model.SpreadConstraint;
import java.util.List;

/** A job whose parts are gangs; carries the spread constraints shared by its parts. */
public record CompiledJob(String id, List<SpreadConstraint> spread) {

  public boolean hasSpread() {
    return !spread.isEmpty();
  }

  // identity semantics: Timefold hashes group keys on every move, and one compiled object stands
  // for exactly one input object
  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
