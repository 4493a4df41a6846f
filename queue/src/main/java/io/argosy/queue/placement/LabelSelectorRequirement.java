package io.argosy.queue.placement;

import java.util.List;
import java.util.Map;

/** One {@code matchExpressions} entry of a Kubernetes label selector: In, NotIn, Exists, DoesNotExist. */
public record LabelSelectorRequirement(String key, String operator, List<String> values) {
  public LabelSelectorRequirement {
    values = values == null ? List.of() : List.copyOf(values);
  }

  public boolean matches(Map<String, String> labels) {
    String v = labels.get(key);
    return switch (operator) {
      case "In" -> v != null && values.contains(v);
      case "NotIn" -> v == null || !values.contains(v);
      case "Exists" -> v != null;
      case "DoesNotExist" -> v == null;
      default -> false;
    };
  }
}
