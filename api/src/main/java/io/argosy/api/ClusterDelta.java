package io.argosy.api;

import java.util.List;
import java.util.Objects;

/**
 * What changed since the previous snapshot or delta. Sequences are consecutive: a delta whose
 * sequence is not the last applied one plus one means something was lost, and the core answers
 * with a {@link ResyncRequest}. Upserts carry the whole new report, never a patch.
 *
 * @param cluster member cluster
 * @param sequence previous sequence + 1
 * @param upsertedNodes nodes added or changed
 * @param deletedNodes names of nodes removed
 * @param upsertedPods pods added or changed
 * @param deletedPods {@code namespace/name} of pods removed
 * @param upsertedWorkloads workloads added or changed
 * @param deletedWorkloads {@link WorkloadReport#key()} of workloads removed
 */
public record ClusterDelta(
    String cluster,
    long sequence,
    List<NodeReport> upsertedNodes,
    List<String> deletedNodes,
    List<PodReport> upsertedPods,
    List<String> deletedPods,
    List<WorkloadReport> upsertedWorkloads,
    List<String> deletedWorkloads)
    implements Message {

  public ClusterDelta {
    Objects.requireNonNull(cluster, "cluster");
    upsertedNodes = upsertedNodes == null ? List.of() : List.copyOf(upsertedNodes);
    deletedNodes = deletedNodes == null ? List.of() : List.copyOf(deletedNodes);
    upsertedPods = upsertedPods == null ? List.of() : List.copyOf(upsertedPods);
    deletedPods = deletedPods == null ? List.of() : List.copyOf(deletedPods);
    upsertedWorkloads = upsertedWorkloads == null ? List.of() : List.copyOf(upsertedWorkloads);
    deletedWorkloads = deletedWorkloads == null ? List.of() : List.copyOf(deletedWorkloads);
  }

  public boolean isEmpty() {
    return upsertedNodes.isEmpty()
        && deletedNodes.isEmpty()
        && upsertedPods.isEmpty()
        && deletedPods.isEmpty()
        && upsertedWorkloads.isEmpty()
        && deletedWorkloads.isEmpty();
  }
}
