package io.argosy.queue.override;

import io.argosy.queue.placement.ClusterAffinity;
import java.util.Map;

/**
 * One {@code overrideRules[]} entry: the overriders apply in the clusters {@code targetCluster}
 * selects (every cluster when it is not given).
 */
public record OverrideRule(ClusterAffinity targetCluster, Overriders overriders) {
  public OverrideRule {
    targetCluster = targetCluster == null ? ClusterAffinity.ANY : targetCluster;
  }

  public boolean targets(String cluster, Map<String, String> labels, Map<String, String> fields) {
    return targetCluster.matches(cluster, labels, fields);
  }
}
