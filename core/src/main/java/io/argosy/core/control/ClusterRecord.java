package io.argosy.core.control;

import io.argosy.api.Hello;
import io.argosy.api.NodeReport;
import io.argosy.api.PodReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A member cluster as the scheduler thread tracks it: connection, admin settings and the agent's view. */
final class ClusterRecord {
  final String name;
  Hello hello;
  boolean connected;
  Instant joinedAt;
  Instant lastSeen;
  /** Since when the cluster is not ready (disconnected); null while ready. */
  Instant notReadySince;
  /** Whether the jobs on it were already requeued for this outage. */
  boolean graceExpired;
  /** Connected but nothing heard for the monitor grace period (health Unknown until its next message). */
  boolean silent;
  /** Health taints ({@link ClusterHealth}), recomputed every tick. */
  List<String> healthTaints = List.of();
  boolean cordoned;
  List<String> adminTaints = new ArrayList<>();
  /** Labels and version last reported (kept across restarts for listings). */
  Map<String, String> labels = Map.of();
  String version = "";
  String mode = "";
  /** The agent's view: replaced by snapshots, patched by consecutive deltas. */
  final Map<String, NodeReport> nodes = new HashMap<>();
  final Map<String, PodReport> pods = new HashMap<>();
  long sequence = -1;
  /** Whether the fleet state knows this cluster (after its first snapshot). */
  boolean inFleet;
  /** Stale bindings already asked to be withdrawn on this connection (not asked again per delta). */
  final Set<String> withdrawn = new HashSet<>();

  ClusterRecord(String name) {
    this.name = name;
  }

  /** The taints the scheduler sees: the agent's, the administrator's and the cordon taint. */
  List<String> effectiveTaints() {
    List<String> out = new ArrayList<>();
    if (hello != null) {
      out.addAll(hello.taints());
    }
    for (String t : adminTaints) {
      if (!out.contains(t)) {
        out.add(t);
      }
    }
    if (cordoned) {
      out.add(ControlLoop.CORDON_TAINT);
    }
    out.addAll(healthTaints);
    return out;
  }

  boolean ready() {
    return connected && sequence >= 0 && notReadySince == null;
  }
}
