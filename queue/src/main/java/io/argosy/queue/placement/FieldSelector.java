package io.argosy.queue.placement;

import java.util.List;
import java.util.Map;

/**
 * Karmada's cluster field selector: expressions over the cluster's {@code provider},
 * {@code region} and {@code zone} with In/NotIn.
 */
public record FieldSelector(List<LabelSelectorRequirement> matchExpressions) {
  public static final FieldSelector EVERYTHING = new FieldSelector(List.of());

  public FieldSelector {
    matchExpressions = matchExpressions == null ? List.of() : List.copyOf(matchExpressions);
  }

  /** @param fields the cluster's {@code provider}, {@code region}, {@code zone} values (absent when unknown) */
  public boolean matches(Map<String, String> fields) {
    for (LabelSelectorRequirement r : matchExpressions) {
      if (!r.matches(fields)) {
        return false;
      }
    }
    return true;
  }
}
