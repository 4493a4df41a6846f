package io.argosy.core.control;

import io.argosy.queue.placement.ClusterToleration;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Cluster health after Karmada's cluster controller and taint manager. From what its agent does, a
 * cluster is {@code Ready}, {@code NotReady} (its agent is connected but has no view of the member:
 * no snapshot yet, e.g. while the member API fails) or {@code Unknown} (its agent disconnected, or
 * sent nothing for the monitor grace period, 40 s by default like Karmada's
 * {@code --cluster-monitor-grace-period}). An unhealthy cluster is tainted {@code NoSchedule} at
 * once ({@code cluster.karmada.io/not-ready} or {@code cluster.karmada.io/unreachable}), and
 * {@code NoExecute} with the same key once it has been unhealthy for the eviction timeout (30 s by
 * default, Karmada's {@code --failover-eviction-timeout}). Gangs bound there are then requeued,
 * unless their placement's cluster tolerations tolerate the NoExecute taint: with
 * {@code tolerationSeconds} they stay that much longer, without it they stay.
 */
final class ClusterHealth {
  static final String NOT_READY = "cluster.karmada.io/not-ready";
  static final String UNREACHABLE = "cluster.karmada.io/unreachable";

  enum Status {
    READY("Ready"),
    NOT_READY("NotReady"),
    UNKNOWN("Unknown");

    final String display;

    Status(String display) {
      this.display = display;
    }
  }

  private ClusterHealth() {}

  static Status status(ClusterRecord c) {
    if (!c.connected || c.silent) {
      return Status.UNKNOWN;
    }
    return c.sequence < 0 || c.notReadySince != null ? Status.NOT_READY : Status.READY;
  }

  /** The taint key of an unhealthy cluster, or null when ready. */
  static String taintKey(ClusterRecord c) {
    return switch (status(c)) {
      case READY -> null;
      case NOT_READY -> NOT_READY;
      case UNKNOWN -> UNREACHABLE;
    };
  }

  /** The health taints ({@code key:Effect}) at {@code now}: NoSchedule while unhealthy, plus NoExecute past the eviction timeout. */
  static List<String> taints(ClusterRecord c, Instant now, Duration evictionTimeout) {
    String key = taintKey(c);
    if (key == null) {
      return List.of();
    }
    Instant since = c.notReadySince == null ? now : c.notReadySince;
    if (!now.isBefore(since.plus(evictionTimeout))) {
      return List.of(key + ":NoSchedule", key + ":NoExecute");
    }
    return List.of(key + ":NoSchedule");
  }

  /** When the NoExecute taint appears (or appeared): the eviction timeout after the cluster became unhealthy. */
  static Instant noExecuteAt(ClusterRecord c, Duration evictionTimeout) {
    return c.notReadySince == null ? null : c.notReadySince.plus(evictionTimeout);
  }

  /**
   * When a gang with these cluster tolerations must leave a cluster tainted NoExecute with
   * {@code key} since {@code taintedAt}: at once without a toleration, after its
   * {@code tolerationSeconds} with one, never (null) with one that has no limit.
   */
  static Instant evictAt(List<ClusterToleration> tolerations, String key, Instant taintedAt) {
    Instant latest = taintedAt;
    for (ClusterToleration t : tolerations) {
      if (t.tolerates(key, "", "NoExecute")) {
        if (t.tolerationSeconds() == null) {
          return null;
        }
        Instant until = taintedAt.plusSeconds(Math.max(0, t.tolerationSeconds()));
        if (until.isAfter(latest)) {
          latest = until;
        }
      }
    }
    return latest;
  }
}
