package io.argosy.queue.placement;

import java.util.List;
import java.util.Map;

/**
 * Karmada {@code clusterAffinity}: a cluster qualifies when it is listed in {@code clusterNames}
 * (if any are listed), is not in {@code exclude}, and matches both selectors.
 */
public record ClusterAffinity(
    LabelSelector labelSelector, FieldSelector fieldSelector, List<String> clusterNames, List<String> exclude) {
  public static final ClusterAffinity ANY =
      new ClusterAffinity(LabelSelector.EVERYTHING, FieldSelector.EVERYTHING, List.of(), List.of());

  public ClusterAffinity {
    labelSelector = labelSelector == null ? LabelSelector.EVERYTHING : labelSelector;
    fieldSelector = fieldSelector == null ? FieldSelector.EVERYTHING : fieldSelector;
    clusterNames = clusterNames == null ? List.of() : List.copyOf(clusterNames);
    exclude = exclude == null ? List.of() : List.copyOf(exclude);
  }

  public boolean matches(String cluster, Map<String, String> labels, Map<String, String> fields) {
    return (clusterNames.isEmpty() || clusterNames.contains(cluster))
        && !exclude.contains(cluster)
        && labelSelector.matches(labels)
        && fieldSelector.matches(fields);
  }
}
