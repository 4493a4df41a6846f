package io.argosy.agent.apply;

import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;

/** Kubernetes' taint/toleration matching, for taints written {@code key[=value]:Effect}. */
final class Tolerations {
  private Tolerations() {}

  /** The first NoSchedule/NoExecute taint no toleration matches, or null. */
  static String untolerated(List<String> taints, List<Toleration> tolerations) {
    for (String t : taints) {
      int colon = t.lastIndexOf(':');
      String effect = t.substring(colon + 1);
      if (!effect.equals("NoSchedule") && !effect.equals("NoExecute")) {
        continue;
      }
      String kv = t.substring(0, colon);
      int eq = kv.indexOf('=');
      String key = eq < 0 ? kv : kv.substring(0, eq);
      String value = eq < 0 ? "" : kv.substring(eq + 1);
      if (tolerations.stream().noneMatch(tol -> tolerates(tol, key, value, effect))) {
        return t;
      }
    }
    return null;
  }

  static boolean tolerates(Toleration tol, String key, String value, String effect) {
    if (tol.getEffect() != null && !tol.getEffect().isEmpty() && !tol.getEffect().equals(effect)) {
      return false;
    }
    boolean exists = "Exists".equals(tol.getOperator());
    if (tol.getKey() == null || tol.getKey().isEmpty()) {
      return exists;
    }
    if (!tol.getKey().equals(key)) {
      return false;
    }
    return exists || value.equals(tol.getValue() == null ? "" : tol.getValue());
  }
}
