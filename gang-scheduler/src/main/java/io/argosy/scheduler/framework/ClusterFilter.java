package io.argosy.scheduler.framework;

import io.argosy.queue.placement.ClusterAffinity;
import io.argosy.scheduler.fleet.ClusterState;

/** Extension point "filter clusters": may this gang go to this cluster at all? */
public interface ClusterFilter {
  String name();

  /**
   * @param term the cluster affinity being tried (the single {@code clusterAffinity}, or the current
   *     entry of {@code clusterAffinities})
   * @return null when the cluster passes, else why not (one line, e.g. {@code taint gpu=a100:NoSchedule not tolerated})
   */
  String filter(CycleContext ctx, GangSpec gang, ClusterAffinity term, ClusterState cluster);

  /**
   * True when the answer depends only on the job's placement policy and the cluster (not on the job
   * itself), so the cycle may cache it per placement policy and cluster.
   */
  default boolean placementOnly() {
    return false;
  }

  /**
   * False when {@link #filter} passes every cluster for this gang, known without looking at a
   * cluster (the cycle then skips the per-cluster calls).
   */
  default boolean mayRefuse(CycleContext ctx, GangSpec gang) {
    return true;
  }
}
