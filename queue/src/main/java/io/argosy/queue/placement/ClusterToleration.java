package io.argosy.queue.placement;

/**
 * A toleration of cluster taints (Karmada {@code clusterTolerations}), with Kubernetes toleration
 * semantics: empty key with Exists tolerates everything; empty effect matches every effect.
 *
 * @param operator {@code Equal} (default) or {@code Exists}
 * @param tolerationSeconds for NoExecute: how long the binding stays after the taint appears, or null
 */
public record ClusterToleration(String key, String operator, String value, String effect, Long tolerationSeconds) {
  public ClusterToleration {
    key = key == null ? "" : key;
    operator = operator == null || operator.isEmpty() ? "Equal" : operator;
    value = value == null ? "" : value;
    effect = effect == null ? "" : effect;
  }

  public boolean tolerates(String taintKey, String taintValue, String taintEffect) {
    if (!effect.isEmpty() && !effect.equals(taintEffect)) {
      return false;
    }
    if (key.isEmpty()) {
      return operator.equals("Exists");
    }
    if (!key.equals(taintKey)) {
      return false;
    }
    return operator.equals("Exists") || value.equals(taintValue == null ? "" : taintValue);
  }
}
