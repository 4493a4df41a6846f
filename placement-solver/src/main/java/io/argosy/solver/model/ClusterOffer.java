package io.argosy.solver.model;

import io.argosy.gpu.score.Policy;
import java.util.List;
import java.util.Map;

/**
 * A member cluster as the solver sees it this cycle.
 *
 * @param name cluster name
 * @param topology Karmada topology fields for spread constraints: {@code region}, {@code zone}, {@code provider}
 * @param taints cluster taints
 * @param policy the cluster's binpack/spread preference (a gang's own policy overrides it)
 * @param gpuUsedMilli GPU already allocated in the cluster (for binpack/spread utilisation), milli-GPU
 * @param nodes free capacity as node buckets
 */
public record ClusterOffer(
    String name,
    Map<String, String> topology,
    List<Taint> taints,
    Policy policy,
    long gpuUsedMilli,
    List<NodeBucket> nodes) {

  public ClusterOffer {
    topology = Map.copyOf(topology);
    taints = List.copyOf(taints);
    nodes = List.copyOf(nodes);
  }

  public static ClusterOffer of(String name, Policy policy, long gpuUsedMilli, List<NodeBucket> nodes) {
    return new ClusterOffer(name, Map.of(), List.of(), policy, gpuUsedMilli, nodes);
  }

  /** Free GPU worth of the whole cluster in milli-GPU. */
  public long freeGpuMilli() {
    long sum = 0;
    for (NodeBucket b : nodes) {
      sum += b.count() * b.freeGpuMilliPerNode();
    }
    return sum;
  }

  /** Value of a topology field for spread constraints; {@code cluster} is the cluster's name. */
  public String topologyValue(String field) {
    if (SpreadConstraint.CLUSTER.equals(field)) {
      return name;
    }
    return topology.getOrDefault(field, "");
  }
}
