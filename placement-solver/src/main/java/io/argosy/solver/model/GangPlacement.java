package io.argosy.solver.model;

/** Where one gang goes: a cluster name, or null when it stays pending this cycle. */
public record GangPlacement(String gang, String cluster) {

  public boolean placed() {
    return cluster != null;
  }
}
