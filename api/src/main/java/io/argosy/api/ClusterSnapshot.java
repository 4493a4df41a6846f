package io.argosy.api;

import java.util.List;
import java.util.Objects;

/**
 * The whole cluster, sent after every {@link Hello} and on {@link ResyncRequest}. It replaces
 * everything the core observed about the cluster before; deltas then continue from its sequence.
 *
 * @param cluster member cluster
 * @param sequence this message's sequence number; the next delta carries {@code sequence + 1}
 * @param nodes every node
 * @param pods every pod (all namespaces)
 * @param workloads Volcano Jobs and PodGroups the agent created (empty without Volcano)
 */
public record ClusterSnapshot(
    String cluster, long sequence, List<NodeReport> nodes, List<PodReport> pods, List<WorkloadReport> workloads)
    implements Message {

  public ClusterSnapshot {
    Objects.requireNonNull(cluster, "cluster");
    nodes = nodes == null ? List.of() : List.copyOf(nodes);
    pods = pods == null ? List.of() : List.copyOf(pods);
    workloads = workloads == null ? List.of() : List.copyOf(workloads);
  }
}
