package io.argosy.gpu.fit;

import java.util.List;

/** Either an assignment of a pod to a node, or the reasons it does not fit (one per failed check). */
public sealed interface FitResult {

  boolean fits();

  record Fits(Assignment assignment) implements FitResult {
    @Override
    public boolean fits() {
      return true;
    }
  }

  record NoFit(List<Reason> reasons) implements FitResult {
    public NoFit {
      reasons = List.copyOf(reasons);
    }

    @Override
    public boolean fits() {
      return false;
    }
  }
}
