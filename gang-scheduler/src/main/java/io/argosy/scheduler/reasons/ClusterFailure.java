package io.argosy.scheduler.reasons;

/**
 * Why a gang did not go to one cluster: a cluster-level reason (not ready, affinity, taint, quota,
 * reservation, not enough free in total) or Volcano's gang message over nodes.
 *
 * @param cluster the cluster
 * @param reason the text after {@code cluster <name>: }
 * @param capacity true when the cluster was eligible and lacked free capacity (preemption, reclaim
 *     and backfill may help), false when the placement policy or quota ruled it out
 */
public record ClusterFailure(String cluster, String reason, boolean capacity) {

  /** Volcano's gang message: {@code 3/4 tasks in gang unschedulable: insufficient nvidia.com/gpu on 12 nodes}. */
  public static ClusterFailure unschedulable(String cluster, int unschedulable, int total, NodeReasons why) {
    String detail = why.isEmpty() ? "no nodes" : why.render();
    return new ClusterFailure(cluster, unschedulable + "/" + total + " tasks in gang unschedulable: " + detail, true);
  }

  public static ClusterFailure policy(String cluster, String reason) {
    return new ClusterFailure(cluster, reason, false);
  }

  public static ClusterFailure capacity(String cluster, String reason) {
    return new ClusterFailure(cluster, reason, true);
  }

  /** {@code cluster gpu-a: <reason>}. */
  public String line() {
    return "cluster " + cluster + ": " + reason;
  }
}
