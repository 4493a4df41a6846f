package io.argosy.queue.placement;

import java.util.List;

/**
 * Where a job may go: the {@code spec.placement} of the Karmada PropagationPolicy that selects it.
 * {@link #ANY} (no policy) means every cluster, the whole gang in one of them.
 *
 * @param clusterAffinity the single affinity ({@link ClusterAffinity#ANY} when not set)
 * @param clusterAffinities ordered fallback affinities (exclusive with clusterAffinity)
 * @param clusterTolerations cluster taints tolerated
 * @param spreadConstraints spread over cluster groups
 * @param replicaScheduling how replicas split across clusters, or null when not set
 */
public record Placement(
    ClusterAffinity clusterAffinity,
    List<ClusterAffinityTerm> clusterAffinities,
    List<ClusterToleration> clusterTolerations,
    List<SpreadConstraint> spreadConstraints,
    ReplicaScheduling replicaScheduling) {

  public static final Placement ANY = new Placement(ClusterAffinity.ANY, List.of(), List.of(), List.of(), null);

  public Placement {
    clusterAffinity = clusterAffinity == null ? ClusterAffinity.ANY : clusterAffinity;
    clusterAffinities = clusterAffinities == null ? List.of() : List.copyOf(clusterAffinities);
    clusterTolerations = clusterTolerations == null ? List.of() : List.copyOf(clusterTolerations);
    spreadConstraints = spreadConstraints == null ? List.of() : List.copyOf(spreadConstraints);
  }

  /** True when the gang may be split across clusters ({@code replicaSchedulingType: Divided}). */
  public boolean allowsDivision() {
    return replicaScheduling != null && replicaScheduling.type() == ReplicaScheduling.Type.Divided;
  }
}
