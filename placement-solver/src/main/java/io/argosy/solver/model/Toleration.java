package io.argosy.solver.model;

import java.util.List;

/**
 * A Karmada {@code clusterTolerations} entry, with Kubernetes toleration semantics: operator
 * {@code Exists} (value ignored; an empty key matches every key) or {@code Equal} (the default);
 * an empty effect matches every effect.
 */
public record Toleration(String key, String operator, String value, String effect) {

  public static final String EXISTS = "Exists";
  public static final String EQUAL = "Equal";

  public boolean tolerates(Taint taint) {
    if (effect != null && !effect.isEmpty() && !effect.equals(taint.effect())) {
      return false;
    }
    boolean exists = EXISTS.equals(operator);
    if (key == null || key.isEmpty()) {
      return exists;
    }
    if (!key.equals(taint.key())) {
      return false;
    }
    return exists || nullToEmpty(value).equals(nullToEmpty(taint.value()));
  }

  /** True when every binding taint is tolerated by at least one toleration. */
  public static boolean toleratesAll(List<Toleration> tolerations, List<Taint> taints) {
    for (Taint t : taints) {
      if (!t.isBinding()) {
        continue;
      }
      boolean ok = false;
      for (Toleration tol : tolerations) {
        if (tol.tolerates(t)) {
          ok = true;
          break;
        }
      }
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
