package io.argosy.core.control;

import io.argosy.api.AgentMode;
import io.argosy.api.BindingResult;
import io.argosy.api.ClusterDelta;
import io.argosy.api.ClusterSnapshot;
import io.argosy.api.Heartbeat;
import io.argosy.api.Hello;
import io.argosy.api.Message;
import io.argosy.api.NodeReport;
import io.argosy.api.PodBinding;
import io.argosy.api.PodPhase;
import io.argosy.api.PodReport;
import io.argosy.api.ResyncRequest;
import io.argosy.api.StatusEvent;
import io.argosy.api.WithdrawReason;
import io.argosy.api.WorkloadReport;
import io.argosy.core.json.Json;
import io.argosy.core.store.ConfigKind;
import io.argosy.core.store.StoreOp;
import io.argosy.queue.job.JobId;
import io.argosy.queue.job.JobKind;
import io.argosy.scheduler.fleet.GangBinding;
import io.argosy.scheduler.fleet.PodPlacement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Turns what agents report into the fleet state and job states: a snapshot replaces a cluster's
 * view, consecutive deltas patch it (a gap asks for a resync), pods feed the fleet state as
 * observed usage, pods of Argosy's bindings drive their jobs, binding results confirm or reject,
 * and after a reconnect or a restart bindings are reconciled against the pods that exist.
 * Scheduler thread only.
 */
final class AgentSync {
  private static final Logger LOG = Logger.getLogger(AgentSync.class.getName());

  /** A cluster as stored: what is needed to list it before its agent connects again. */
  record StoredCluster(String joinedAt, boolean cordoned, List<String> taints, Map<String, String> labels, String version,
      String mode) {}

  private final ControlLoop loop;

  AgentSync(ControlLoop loop) {
    this.loop = loop;
  }

  private Lifecycle lifecycle() {
    return loop.lifecycle();
  }

  // ------------------------------------------------------------------ connections

  void connected(String cluster, Hello hello) {
    ClusterRecord c = loop.clusters.computeIfAbsent(cluster, ClusterRecord::new);
    Instant now = loop.clock.instant();
    String mode = hello.mode() == AgentMode.PULL ? "Pull" : "Push";
    boolean changed = c.joinedAt == null || !hello.labels().equals(c.labels) || !hello.kubernetesVersion().equals(c.version)
        || !mode.equals(c.mode);
    c.hello = hello;
    c.connected = true;
    c.lastSeen = now;
    c.sequence = -1;
    c.withdrawn.clear();
    c.labels = hello.labels();
    c.version = hello.kubernetesVersion() == null ? "" : hello.kubernetesVersion();
    c.mode = mode;
    if (c.joinedAt == null) {
      c.joinedAt = now;
    }
    if (changed) {
      saveCluster(c);
    }
    loop.metrics.agentMessage("Hello");
    loop.readDirty = true;
  }

  void disconnected(String cluster, String reason) {
    ClusterRecord c = loop.clusters.get(cluster);
    if (c == null) {
      return;
    }
    c.connected = false;
    c.sequence = -1;
    if (c.notReadySince == null) {
      c.notReadySince = loop.clock.instant();
      c.graceExpired = false;
    }
    LOG.info("cluster " + cluster + " disconnected: " + reason);
    c.healthTaints = ClusterHealth.taints(c, loop.clock.instant(), loop.options.clusterGrace());
    updateFleetCluster(c);
    loop.readDirty = true;
    loop.wantCycle();
  }

  /**
   * Health, every tick ({@link ClusterHealth}): a connected agent silent for the monitor grace period
   * makes its cluster Unknown; health taints follow; gangs on a cluster tainted NoExecute are
   * requeued unless they tolerate it (for their {@code tolerationSeconds}).
   */
  void checkGrace() {
    Instant now = loop.clock.instant();
    Duration eviction = loop.options.clusterGrace();
    Duration monitor = loop.options.monitorGrace();
    for (ClusterRecord c : loop.clusters.values()) {
      if (c.connected && !c.silent && c.lastSeen != null && Duration.between(c.lastSeen, now).compareTo(monitor) > 0) {
        c.silent = true;
        if (c.notReadySince == null) {
          c.notReadySince = c.lastSeen.plus(monitor);
          c.graceExpired = false;
        }
        LOG.info("cluster " + c.name + ": nothing heard for more than " + monitor.toSeconds() + "s; health Unknown");
        loop.readDirty = true;
      }
      List<String> taints = ClusterHealth.taints(c, now, eviction);
      if (!taints.equals(c.healthTaints)) {
        c.healthTaints = taints;
        updateFleetCluster(c);
        loop.readDirty = true;
      }
      Instant tainted = ClusterHealth.noExecuteAt(c, eviction);
      if (tainted != null && !c.graceExpired && !now.isBefore(tainted)) {
        String key = ClusterHealth.taintKey(c);
        String why = "cluster " + c.name + " not ready for more than " + eviction.toSeconds() + "s (" + key + ":NoExecute)";
        c.graceExpired = lifecycle().evictFromTainted(c, key, tainted, now, why);
      }
    }
  }

  /** Tells the fleet state the cluster's labels, taints (with cordon and admin taints) and readiness. */
  void updateFleetCluster(ClusterRecord c) {
    if (c.inFleet) {
      loop.fleet.upsertCluster(c.name, c.labels, c.effectiveTaints(), c.ready(), loop.policy.scoring());
    }
  }

  void saveCluster(ClusterRecord c) {
    StoredCluster s = new StoredCluster(ControlLoop.iso(c.joinedAt), c.cordoned, c.adminTaints, c.labels, c.version, c.mode);
    loop.ops.add(new StoreOp.ConfigPut(ConfigKind.CLUSTER, c.name, Json.write(s)));
  }

  // ------------------------------------------------------------------ messages

  void message(String cluster, Message m) {
    ClusterRecord c = loop.clusters.get(cluster);
    if (c == null || !c.connected) {
      return;
    }
    c.lastSeen = loop.clock.instant();
    if (c.silent) {
      c.silent = false;
      if (c.sequence >= 0) {
        c.notReadySince = null;
        c.graceExpired = false;
      }
      c.healthTaints = ClusterHealth.taints(c, c.lastSeen, loop.options.clusterGrace());
      updateFleetCluster(c);
      loop.readDirty = true;
    }
    loop.metrics.agentMessage(m.getClass().getSimpleName());
    if (m instanceof ClusterSnapshot s) {
      snapshot(c, s);
    } else if (m instanceof ClusterDelta d) {
      delta(c, d);
    } else if (m instanceof StatusEvent e) {
      status(c, e);
    } else if (m instanceof BindingResult r) {
      bindingResult(c, r);
    } else if (m instanceof Heartbeat h) {
      if (c.sequence >= 0 && h.sequence() > c.sequence) {
        resync(c, "heartbeat at sequence " + h.sequence() + ", last applied " + c.sequence);
      }
    }
  }

  private void snapshot(ClusterRecord c, ClusterSnapshot s) {
    boolean first = !c.inFleet;
    c.sequence = s.sequence();
    c.notReadySince = null;
    c.graceExpired = false;
    c.silent = false;
    c.healthTaints = List.of();
    if (first) {
      c.inFleet = true;
    }
    updateFleetCluster(c);
    Set<String> nodes = new HashSet<>();
    for (NodeReport n : s.nodes()) {
      nodes.add(n.name());
    }
    for (String old : List.copyOf(c.nodes.keySet())) {
      if (!nodes.contains(old)) {
        c.nodes.remove(old);
        loop.fleet.removeNode(c.name, old);
      }
    }
    for (NodeReport n : s.nodes()) {
      c.nodes.put(n.name(), n);
      loop.fleet.upsertNode(c.name, n.inventory());
    }
    Map<String, PodReport> pods = new HashMap<>();
    for (PodReport p : s.pods()) {
      pods.put(p.key(), p);
    }
    for (String old : List.copyOf(c.pods.keySet())) {
      if (!pods.containsKey(old)) {
        podGone(c, old);
      }
    }
    for (PodReport p : s.pods()) {
      podReport(c, p);
    }
    Set<String> workloads = new HashSet<>();
    for (WorkloadReport w : s.workloads()) {
      workloads.add(w.kind() + ":" + w.namespace() + "/" + w.name());
    }
    reconcile(c, pods, workloads);
    loop.readDirty = true;
    loop.wantCycle();
  }

  private void delta(ClusterRecord c, ClusterDelta d) {
    if (c.sequence < 0 || d.sequence() != c.sequence + 1) {
      resync(c, "expected sequence " + (c.sequence + 1) + ", got " + d.sequence());
      return;
    }
    c.sequence = d.sequence();
    for (String n : d.deletedNodes()) {
      c.nodes.remove(n);
      loop.fleet.removeNode(c.name, n);
    }
    for (NodeReport n : d.upsertedNodes()) {
      c.nodes.put(n.name(), n);
      loop.fleet.upsertNode(c.name, n.inventory());
    }
    for (String key : d.deletedPods()) {
      podGone(c, key);
    }
    for (PodReport p : d.upsertedPods()) {
      podReport(c, p);
    }
    if (!d.upsertedNodes().isEmpty() || !d.deletedNodes().isEmpty()) {
      loop.readDirty = true;
    }
    if (loop.queues.pendingCount() > 0) {
      loop.wantCycle();
    }
  }

  private void resync(ClusterRecord c, String why) {
    ResyncRequest req = new ResyncRequest(c.name, why);
    loop.after.add(() -> {
      var g = loop.gateway();
      if (g != null) {
        g.send(c.name, req);
      }
    });
    c.sequence = -1;
  }

  private void podReport(ClusterRecord c, PodReport p) {
    PodReport old = c.pods.put(p.key(), p);
    if (p.node() != null && !p.phase().terminal() && p.assignment() != null) {
      loop.fleet.observePod(c.name, p.key(), p.node(), p.assignment());
    } else if (p.phase().terminal() || (old != null && old.node() != null && p.node() == null)) {
      loop.fleet.forgetPod(c.name, p.key());
    }
    if (!p.managed()) {
      return;
    }
    BindingEntry b = loop.bindings.get(p.bindingId());
    if (b != null && b.cluster.equals(c.name)) {
      lifecycle().podPhase(b, p.name(), p.phase(), p.reason());
    } else if (b == null && !p.phase().terminal() && p.jobId() != null && c.withdrawn.add(p.bindingId())) {
      // a pod of a binding that no longer holds capacity (requeued, preempted, cancelled): withdraw it
      loop.withdrawAfterCommit(c.name, JobId.parse(p.jobId()), p.bindingId(), WithdrawReason.MOVED);
    }
  }

  private void podGone(ClusterRecord c, String key) {
    PodReport old = c.pods.remove(key);
    loop.fleet.forgetPod(c.name, key);
    if (old == null || !old.managed()) {
      return;
    }
    BindingEntry b = loop.bindings.get(old.bindingId());
    if (b != null && b.accepted && !old.phase().terminal()) {
      lifecycle().podPhase(b, old.name(), PodPhase.FAILED, "Deleted");
    }
  }

  private void status(ClusterRecord c, StatusEvent e) {
    if (e.bindingId() == null) {
      return;
    }
    BindingEntry b = loop.bindings.get(e.bindingId());
    if (b != null && b.cluster.equals(c.name)) {
      lifecycle().podPhase(b, e.pod(), e.phase(), e.reason());
    }
  }

  private void bindingResult(ClusterRecord c, BindingResult r) {
    BindingEntry b = loop.bindings.get(r.bindingId());
    if (b == null || !b.cluster.equals(c.name)) {
      if (r.accepted() && c.withdrawn.add(r.bindingId()) && r.jobId() != null) {
        // accepted after it stopped holding capacity (expired, cancelled): take it back
        loop.withdrawAfterCommit(c.name, JobId.parse(r.jobId()), r.bindingId(), WithdrawReason.MOVED);
      }
      return;
    }
    if (r.accepted()) {
      loop.metrics.bindingResult("accepted");
      lifecycle().accepted(b);
    } else {
      loop.metrics.bindingResult("rejected");
      LOG.info("binding " + b.wireId + " of " + b.job.job.id() + " rejected by " + c.name + ": " + r.reason());
      lifecycle().rejected(b, r.reason());
      loop.wantCycle();
    }
  }

  // ------------------------------------------------------------------ reconcile after (re)connect

  /**
   * After a snapshot: bindings restored from the store are assumed in the fleet state (linking the
   * pods that exist); bindings the agent never confirmed are sent again (applying is idempotent,
   * nothing runs twice); pods of confirmed bindings that no longer exist are lost.
   */
  private void reconcile(ClusterRecord c, Map<String, PodReport> pods, Set<String> workloads) {
    List<BindingEntry> here = new ArrayList<>();
    for (BindingEntry b : loop.bindings.values()) {
      if (b.cluster.equals(c.name)) {
        here.add(b);
      }
    }
    here.sort((a, b) -> Long.compare(a.sequence, b.sequence));
    for (BindingEntry b : here) {
      if (!loop.bindings.containsKey(b.wireId)) {
        continue; // closed while reconciling an earlier one (its job ended)
      }
      String ns = b.job.job.id().namespace();
      if (!b.assumed) {
        try {
          List<PodPlacement> placed = new ArrayList<>();
          for (PodBinding p : b.pods) {
            placed.add(new PodPlacement(p.name(), p.task(), p.node(), p.assignment()));
          }
          loop.fleet.assume(new GangBinding(b.fleetId, b.job.job.id(), b.cluster, placed), b.createdAt);
          b.assumed = true;
          if (b.accepted) {
            loop.fleet.confirm(b.fleetId);
          }
          lifecycle().refreshPlacement(b.job); // node inventories are known now: name the devices
        } catch (RuntimeException e) {
          LOG.info("restored binding " + b.wireId + " no longer fits cluster " + c.name + ": " + e.getMessage());
          lifecycle().rejected(b, "no longer fits after restart: " + e.getMessage());
          continue;
        }
      }
      if (!b.accepted) {
        loop.sendAfterCommit(b);
        continue;
      }
      boolean volcanoJobExists = b.job.job.kind() == JobKind.VOLCANO_JOB
          && workloads.contains("Job.batch.volcano.sh:" + ns + "/" + b.job.job.id().name());
      for (PodBinding p : b.pods) {
        if (!pods.containsKey(ns + "/" + p.name()) && !volcanoJobExists) {
          lifecycle().podPhase(b, p.name(), PodPhase.FAILED, "Deleted");
        }
      }
    }
  }
}
