package io.argosy.scheduler.framework;

import io.argosy.scheduler.fleet.NodeShape;
import io.argosy.scheduler.fleet.Taint;
import java.util.List;
import java.util.Map;

/**
 * What a pod template says about nodes: {@code nodeSelector}, required node affinity and
 * tolerations. Node taints with NoSchedule/NoExecute must be tolerated; a pod asking for an extended
 * resource tolerates taints keyed by that resource name (Kubernetes' ExtendedResourceToleration
 * admission plugin, which is how GPU nodes are usually fenced).
 *
 * @param requiredTerms node selector terms, any of which must match (each term: all requirements)
 * @param perNode true when a constraint names something unique per node (a per-node label such as
 *     {@code kubernetes.io/hostname}, or {@code matchFields}): such pods are placed node by node
 */
public record NodeConstraints(
    Map<String, String> nodeSelector, List<List<Requirement>> requiredTerms, List<Toleration> tolerations,
    boolean perNode) {

  public static final NodeConstraints NONE = new NodeConstraints(Map.of(), List.of(), List.of(), false);

  public NodeConstraints {
    nodeSelector = Map.copyOf(nodeSelector);
    requiredTerms = requiredTerms.stream().map(List::copyOf).toList();
    tolerations = List.copyOf(tolerations);
  }

  /** Builds constraints and works out whether they are per node. */
  public static NodeConstraints of(
      Map<String, String> nodeSelector, List<List<Requirement>> requiredTerms, List<Toleration> tolerations) {
    boolean perNode = false;
    for (String k : nodeSelector.keySet()) {
      perNode |= NodeShape.PER_NODE_LABELS.contains(k);
    }
    for (List<Requirement> term : requiredTerms) {
      for (Requirement r : term) {
        perNode |= r.field() || NodeShape.PER_NODE_LABELS.contains(r.key());
      }
    }
    if (nodeSelector.isEmpty() && requiredTerms.isEmpty() && tolerations.isEmpty()) {
      return NONE;
    }
    return new NodeConstraints(nodeSelector, requiredTerms, tolerations, perNode);
  }

  public boolean isNone() {
    return nodeSelector.isEmpty() && requiredTerms.isEmpty() && tolerations.isEmpty();
  }

  /** Whether the node's labels (and name, for matchFields) satisfy the selector and the affinity. */
  public boolean matches(String nodeName, Map<String, String> labels) {
    for (Map.Entry<String, String> e : nodeSelector.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    if (requiredTerms.isEmpty()) {
      return true;
    }
    for (List<Requirement> term : requiredTerms) {
      boolean all = true;
      for (Requirement r : term) {
        if (!r.matches(nodeName, labels)) {
          all = false;
          break;
        }
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  /** Whether the pod's tolerations (or an extended resource it asks for) tolerate the taint. */
  public boolean tolerates(Taint t, Map<String, Long> podResources) {
    for (Toleration tol : tolerations) {
      if (tol.tolerates(t)) {
        return true;
      }
    }
    return Taint.NO_SCHEDULE.equals(t.effect()) && t.key().indexOf('/') > 0 && podResources.containsKey(t.key());
  }

  /**
   * One node selector requirement.
   *
   * @param field true for {@code matchFields} (only {@code metadata.name} exists)
   * @param operator In, NotIn, Exists, DoesNotExist, Gt, Lt
   */
  public record Requirement(String key, String operator, List<String> values, boolean field) {
    public Requirement {
      values = List.copyOf(values);
    }

    boolean matches(String nodeName, Map<String, String> labels) {
      String v = field ? ("metadata.name".equals(key) ? nodeName : null) : labels.get(key);
      return switch (operator) {
        case "In" -> v != null && values.contains(v);
        case "NotIn" -> v == null || !values.contains(v);
        case "Exists" -> v != null;
        case "DoesNotExist" -> v == null;
        case "Gt", "Lt" -> compare(v);
        default -> false;
      };
    }

    private boolean compare(String v) {
      if (v == null || values.size() != 1) {
        return false;
      }
      try {
        long have = Long.parseLong(v);
        long bound = Long.parseLong(values.get(0));
        return operator.equals("Gt") ? have > bound : have < bound;
      } catch (NumberFormatException e) {
        return false;
      }
    }
  }

  /** A Kubernetes toleration: empty key with Exists tolerates every taint; empty effect every effect. */
  public record Toleration(String key, String operator, String value, String effect) {
    public Toleration {
      key = key == null ? "" : key;
      operator = operator == null || operator.isEmpty() ? "Equal" : operator;
      value = value == null ? "" : value;
      effect = effect == null ? "" : effect;
    }

    public boolean tolerates(Taint t) {
      if (!effect.isEmpty() && !effect.equals(t.effect())) {
        return false;
      }
      if (key.isEmpty()) {
        return operator.equals("Exists");
      }
      return key.equals(t.key()) && (operator.equals("Exists") || value.equals(t.value()));
    }
  }
}
