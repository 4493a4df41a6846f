package io.argosy.fhpa.divide;

import io.argosy.gpu.demand.PodDemand;
import io.argosy.gpu.fit.NodeState;
import io.argosy.gpu.grade.ReplicaEstimator;
import io.argosy.gpu.score.ScoringPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Available replicas per cluster for {@code dynamicWeight: AvailableReplicas}: gpu-model's exact estimator over each cluster's nodes. */
public final class AvailableReplicas {
  private AvailableReplicas() {}

  /** @param limit stop counting a cluster at this many (the estimate is one fit per replica) */
  public static Map<String, Long> estimate(PodDemand template, Map<String, List<NodeState>> nodesByCluster, long limit) {
    Map<String, Long> out = new LinkedHashMap<>();
    nodesByCluster.forEach((c, nodes) -> out.put(c, ReplicaEstimator.exact(template, nodes, ScoringPolicy.DEFAULT, limit)));
    return out;
  }
}
