package io.argosy.scheduler.framework;

import io.argosy.gpu.score.Policy;
import io.argosy.gpu.score.ScoringPolicy;
import io.argosy.scheduler.fleet.ClusterState;
import io.argosy.scheduler.fleet.PlacementMode;

/** Which placement mode and scoring policy apply to a pod in a cluster: the workload's wins. */
public final class Modes {
  private Modes() {}

  /**
   * The workload's {@value PlacementMode#LABEL} annotation, else its {@code hami.io/node-scheduler-policy},
   * else the cluster's mode, else the scheduler's default.
   */
  public static PlacementMode mode(PodSpec pod, ClusterState cluster, SchedulerConfig config) {
    if (pod.modeOverride() != null) {
      return pod.modeOverride();
    }
    Policy p = pod.demand().nodePolicy();
    if (p != null) {
      return p == Policy.SPREAD ? PlacementMode.SPREAD : PlacementMode.BINPACK;
    }
    return cluster.mode() != null ? cluster.mode() : config.defaultMode();
  }

  /** The gpu-model scoring policy for fit and score under the mode (see {@link ClusterState#policy}). */
  public static ScoringPolicy policy(PlacementMode mode, ClusterState cluster) {
    return cluster.policy(mode);
  }
}
