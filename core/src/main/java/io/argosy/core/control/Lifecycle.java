package io.argosy.core.control;

import io.argosy.api.ApiCodec;
import io.argosy.api.PodBinding;
import io.argosy.api.PodNames;
import io.argosy.api.PodPhase;
import io.argosy.api.WithdrawReason;
import io.argosy.core.json.Json;
import io.argosy.core.store.ConfigKind;
import io.argosy.core.store.StoreOp;
import io.argosy.core.store.StoredBinding;
import io.argosy.queue.job.Job;
import io.argosy.queue.job.JobState;
import io.argosy.queue.job.LifecyclePolicy;
import io.argosy.queue.job.Task;
import io.argosy.queue.override.OverrideApplier;
import io.argosy.queue.override.OverrideException;
import io.argosy.queue.override.OverridePolicy;
import io.argosy.queue.override.OverrideResolver;
import io.argosy.scheduler.fleet.ClusterState;
import io.argosy.scheduler.fleet.GangBinding;
import io.argosy.scheduler.fleet.PodPlacement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A job's life after the scheduler placed it: bindings registered and closed, pod phases turned into
 * job states (api/README.md's table), failures restarted or ended, cancellation, and the short
 * backoff before a job whose binding was rejected is queued again. Scheduler thread only.
 */
final class Lifecycle {
  /** Pod failure reasons caused by the infrastructure, not the workload: restarted within maxRetry. */
  static final Set<String> INFRASTRUCTURE = Set.of("NodeLost", "Deleted", "Evicted", "Preempted", "Shutdown",
      "Terminated", "UnexpectedAdmissionError", "NodeAffinity", "OutOfpods");

  private final ControlLoop loop;

  Lifecycle(ControlLoop loop) {
    this.loop = loop;
  }

  // ------------------------------------------------------------------ bindings

  /** Registers a binding the cycle emitted and stores it; the caller sends it after the commit. */
  BindingEntry newBinding(JobRecord job, GangBinding gb, Instant now) {
    long seq = ++loop.bindingSequence;
    String wire = wireId(job.job.id().name(), seq);
    List<PodBinding> pods = podBindings(job.job, gb.pods());
    BindingEntry e = new BindingEntry(wire, gb.bindingId(), job, gb.cluster(), pods, now, seq, false);
    e.assumed = true;
    register(e);
    loop.ops.add(new StoreOp.BindingSaved(new StoredBinding(wire, job.uid, job.job.id().toString(), gb.cluster(),
        ApiCodec.toJson(pods), now, seq, false, false)));
    refreshPlacement(job);
    return e;
  }

  /**
   * Applies the override policies that select the job for the binding's cluster, so the agent
   * receives the overridden manifest. Returns why they cannot be applied, or null. Stored only
   * when something changed: a restart re-sends exactly what was sent.
   */
  String applyOverrides(BindingEntry e) {
    if (loop.overridePolicies.isEmpty()) {
      return null;
    }
    List<OverridePolicy> applicable = OverrideResolver.applicable(List.copyOf(loop.overridePolicies.values()), e.job.target());
    if (applicable.isEmpty()) {
      return null;
    }
    ClusterRecord c = loop.clusters.get(e.cluster);
    Map<String, String> labels = c == null ? Map.of() : c.labels;
    OverrideApplier.Result result;
    try {
      result = OverrideApplier.apply(e.job.job.source(), applicable, e.cluster, labels, ClusterState.fieldsOf(labels));
    } catch (OverrideException | IllegalArgumentException x) {
      return "override policies cannot be applied: " + x.getMessage();
    }
    if (result.changes().isEmpty()) {
      return null;
    }
    e.manifest = result.manifest();
    e.overrideChanges = result.changes();
    loop.ops.add(new StoreOp.ConfigPut(ConfigKind.BINDING_MANIFEST, e.wireId,
        Json.write(new StoredManifest(result.manifest(), result.changes()))));
    refreshPlacement(e.job);
    return null;
  }

  /** A binding's overridden manifest as stored. */
  record StoredManifest(String manifest, List<String> changes) {}

  /** Binding ids are DNS labels (agents label objects with them), unique for ever through the stored sequence. */
  static String wireId(String jobName, long sequence) {
    return PodNames.dnsLabel(jobName + "-b" + Long.toString(sequence, 36));
  }

  void register(BindingEntry e) {
    if (!e.accepted) {
      loop.unconfirmed++;
    }
    loop.bindings.put(e.wireId, e);
    loop.bindingsByFleetId.put(e.fleetId, e);
    e.job.bindings.put(e.wireId, e);
  }

  /**
   * Forgets a binding (it holds nothing any more) and, when {@code withdraw} is set, asks its
   * agent to delete what it created. The fleet state is the caller's business.
   */
  void closeBinding(BindingEntry e, String reason, WithdrawReason withdraw) {
    if (loop.bindings.remove(e.wireId) != null && !e.accepted) {
      loop.unconfirmed--;
    }
    loop.bindingsByFleetId.remove(e.fleetId);
    e.job.bindings.remove(e.wireId);
    loop.ops.add(new StoreOp.BindingClosed(e.wireId, reason));
    if (e.manifest != null) {
      loop.ops.add(new StoreOp.ConfigDeleted(ConfigKind.BINDING_MANIFEST, e.wireId));
    }
    if (withdraw != null) {
      loop.withdrawAfterCommit(e.cluster, e.job.job.id(), e.wireId, withdraw);
    }
    loop.touch(e.job);
  }

  private void closeAll(JobRecord r, String reason, WithdrawReason withdraw) {
    for (BindingEntry e : List.copyOf(r.bindings.values())) {
      closeBinding(e, reason, withdraw);
    }
  }

  /** The pods of a placement, with their index in their task (from the deterministic name). */
  static List<PodBinding> podBindings(Job job, List<PodPlacement> placements) {
    List<PodBinding> out = new ArrayList<>(placements.size());
    Map<String, Integer> next = new HashMap<>();
    for (PodPlacement p : placements) {
      int index = indexOf(job, p);
      if (index < 0) {
        index = next.getOrDefault(p.task(), 0);
      }
      next.merge(p.task(), index + 1, Math::max);
      out.add(new PodBinding(p.podName(), p.task(), index, p.node(), p.assignment()));
    }
    return out;
  }

  private static int indexOf(Job job, PodPlacement p) {
    String prefix = job.id().name() + "-" + p.task() + "-";
    if (p.podName().startsWith(prefix)) {
      try {
        return Integer.parseInt(p.podName().substring(prefix.length()));
      } catch (NumberFormatException e) {
        // a shortened name: look it up below
      }
    }
    for (Task t : job.tasks()) {
      if (t.name().equals(p.task())) {
        for (int i = 0; i < t.replicas(); i++) {
          if (PodNames.of(job.id().name(), t.name(), i).equals(p.podName())) {
            return i;
          }
        }
      }
    }
    return -1;
  }

  void refreshPlacement(JobRecord r) {
    if (r.bindings.isEmpty()) {
      return;
    }
    r.placement = Views.placement(r, loop.clusters);
    Set<String> cl = new LinkedHashSet<>();
    for (BindingEntry e : r.bindings.values()) {
      cl.add(e.cluster);
    }
    r.clusters = List.copyOf(cl);
    Map<String, List<String>> overrides = new java.util.TreeMap<>();
    for (BindingEntry e : r.bindings.values()) {
      if (!e.overrideChanges.isEmpty()) {
        overrides.computeIfAbsent(e.cluster, k -> new ArrayList<>()).addAll(e.overrideChanges);
      }
    }
    r.overrides = overrides;
    loop.touch(r);
  }

  // ------------------------------------------------------------------ agent answers

  void accepted(BindingEntry e) {
    if (e.accepted) {
      return;
    }
    e.accepted = true;
    if (loop.bindings.get(e.wireId) == e) {
      loop.unconfirmed--;
    }
    loop.ops.add(new StoreOp.BindingAccepted(e.wireId));
    if (e.assumed && loop.fleet.binding(e.fleetId) != null) {
      loop.fleet.confirm(e.fleetId);
    }
  }

  /** The agent rejected a binding: nothing of it remains; the job goes back to its queue after a short backoff. */
  void rejected(BindingEntry e, String reason) {
    JobRecord r = e.job;
    if (e.assumed) {
      loop.fleet.expire(e.fleetId);
    }
    String why = "binding rejected by cluster " + e.cluster + ": " + reason;
    closeBinding(e, why, null);
    if (!r.bindings.isEmpty()) {
      closeAll(r, why, WithdrawReason.MOVED); // a divided gang goes back whole
      loop.fleet.evict(r.job.id());
    }
    deferRequeue(r, why, loop.options.rejectBackoff(), "binding-rejected");
  }

  private void deferRequeue(JobRecord r, String reason, java.time.Duration delay, String cause) {
    if (!r.state.canTransitionTo(JobState.PENDING) || r.requeueAtNanos != 0) {
      return;
    }
    r.requeueAtNanos = System.nanoTime() + delay.toNanos();
    r.requeueReason = reason;
    r.requeueCause = cause;
    r.pendingReasons = List.of(reason);
    loop.touch(r);
    loop.backoffs.add(r);
  }

  /** Requeues the jobs whose backoff is over. */
  void dueRequeues(long now) {
    if (loop.backoffs.isEmpty()) {
      return;
    }
    for (Iterator<JobRecord> it = loop.backoffs.iterator(); it.hasNext(); ) {
      JobRecord r = it.next();
      if (now - r.requeueAtNanos < 0) {
        continue;
      }
      it.remove();
      r.requeueAtNanos = 0;
      if (r.live() && r.state != JobState.PENDING && r.state.canTransitionTo(JobState.PENDING) && r.bindings.isEmpty()) {
        loop.queues.requeue(r.job.id(), r.requeueReason);
        loop.metrics.requeue(r.requeueCause);
        loop.wantCycle();
      }
    }
  }

  // ------------------------------------------------------------------ pod phases -> job state

  /** A pod of a binding changed phase (status event, pod report, or found missing). */
  void podPhase(BindingEntry e, String pod, PodPhase phase, String reason) {
    if (!e.hasPod(pod)) {
      return;
    }
    PodPhase old = e.phases.get(pod);
    if (old == phase) {
      return;
    }
    if (old != null && old.terminal()) {
      return; // phases only move forward
    }
    e.phases.put(pod, phase);
    if (reason != null) {
      e.reasons.put(pod, reason);
    } else {
      e.reasons.remove(pod);
    }
    e.job.placement = Views.placement(e.job, loop.clusters);
    loop.touch(e.job);
    evaluate(e.job);
  }

  /** Derives the job's state from its pods: api/README.md "Pod phase to job transition". */
  void evaluate(JobRecord r) {
    if ((r.state != JobState.BOUND && r.state != JobState.RUNNING) || r.bindings.isEmpty() || r.requeueAtNanos != 0) {
      return;
    }
    int total = 0;
    int running = 0;
    int succeeded = 0;
    String failedPod = null;
    String failedReason = null;
    for (BindingEntry e : r.bindings.values()) {
      for (PodBinding p : e.pods) {
        total++;
        PodPhase ph = e.phases.getOrDefault(p.name(), PodPhase.PENDING);
        switch (ph) {
          case RUNNING -> running++;
          case SUCCEEDED -> succeeded++;
          case FAILED, UNKNOWN -> {
            if (ph == PodPhase.FAILED && failedPod == null) {
              failedPod = p.name();
              failedReason = e.reasons.getOrDefault(p.name(), "Error");
            }
          }
          default -> { }
        }
      }
    }
    if (failedPod != null) {
      failed(r, failedPod, failedReason);
    } else if (succeeded == total) {
      List<BindingEntry> done = List.copyOf(r.bindings.values());
      closeAll(r, "job succeeded", null);
      loop.queues.succeeded(r.job.id(), "all " + total + " pods succeeded");
      loop.cleanups.finished(r, done);
    } else if (r.state == JobState.BOUND && running + succeeded == total) {
      loop.queues.running(r.job.id(), "all " + total + " pods running on " + String.join(", ", r.clusters));
      if (r.submittedNanos != 0) {
        loop.metrics.submitToRunning.recordNanos(System.nanoTime() - r.submittedNanos);
        r.submittedNanos = 0;
      }
    }
  }

  private void failed(JobRecord r, String pod, String reason) {
    Job job = r.job;
    boolean infrastructure = INFRASTRUCTURE.contains(reason);
    if ((infrastructure || restartsOnFailure(job)) && r.restarts < job.maxRetry()) {
      r.restarts++;
      String why = "pod " + pod + " failed (" + reason + "); restart " + r.restarts + " of " + job.maxRetry();
      closeAll(r, why, WithdrawReason.MOVED);
      loop.fleet.evict(job.id());
      java.time.Duration delay = loop.options.retryDelay(r.restarts);
      if (delay.isZero() || delay.isNegative()) {
        loop.queues.requeue(job.id(), why);
        loop.metrics.requeue("pod-failed");
        loop.wantCycle();
      } else {
        // Kubernetes' Job back-off: a failing workload does not spin through the fleet
        deferRequeue(r, why + ", after a back-off of " + human(delay), delay, "pod-failed");
      }
      return;
    }
    String why = "pod " + pod + " failed: " + reason;
    closeAll(r, why, WithdrawReason.CANCEL);
    loop.fleet.evict(job.id());
    loop.queues.failed(job.id(), why);
    loop.wantCycle();
  }

  private static String human(java.time.Duration d) {
    long ms = d.toMillis();
    return ms % 60_000 == 0 ? ms / 60_000 + "m" : ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }

  /** Volcano: a {@code PodFailed} (or any-event) policy with action {@code RestartJob}. */
  private static boolean restartsOnFailure(Job job) {
    for (LifecyclePolicy p : job.policies()) {
      boolean onFailure = "PodFailed".equals(p.event()) || "*".equals(p.event()) || p.events().contains("PodFailed")
          || p.exitCode() != null;
      if (onFailure && "RestartJob".equals(p.action())) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------ cancel, cluster lost

  void cancel(JobRecord r, String reason) {
    closeAll(r, reason, WithdrawReason.CANCEL);
    loop.fleet.evict(r.job.id());
    if (r.requeueAtNanos != 0) {
      loop.backoffs.remove(r);
      r.requeueAtNanos = 0;
    }
    loop.queues.cancel(r.job.id(), reason);
    loop.wantCycle();
  }

  /**
   * A cluster is tainted NoExecute (unhealthy past the eviction timeout): its gangs go back to their
   * queues, except those whose cluster tolerations let them stay (for now, or for good). Returns
   * whether nothing is left to evict for this outage.
   */
  boolean evictFromTainted(ClusterRecord c, String taintKey, Instant taintedAt, Instant now, String why) {
    Set<JobRecord> affected = new LinkedHashSet<>();
    boolean later = false;
    for (BindingEntry e : loop.bindings.values()) {
      if (e.cluster.equals(c.name) && !affected.contains(e.job)) {
        Instant at = ClusterHealth.evictAt(e.job.job.placement().clusterTolerations(), taintKey, taintedAt);
        if (at == null) {
          continue;
        }
        if (now.isBefore(at)) {
          later = true;
          continue;
        }
        affected.add(e.job);
      }
    }
    requeueFrom(affected, why);
    return !later;
  }

  /** A cluster stayed not ready past the grace period: its jobs go back to their queues. */
  void clusterLost(ClusterRecord c, String why) {
    Set<JobRecord> affected = new LinkedHashSet<>();
    for (BindingEntry e : loop.bindings.values()) {
      if (e.cluster.equals(c.name)) {
        affected.add(e.job);
      }
    }
    requeueFrom(affected, why);
  }

  private void requeueFrom(Set<JobRecord> affected, String why) {
    for (JobRecord r : affected) {
      if (!r.live() || !r.state.canTransitionTo(JobState.PENDING) || r.state == JobState.PENDING) {
        continue;
      }
      closeAll(r, why, WithdrawReason.MOVED);
      loop.fleet.evict(r.job.id());
      if (r.requeueAtNanos != 0) {
        loop.backoffs.remove(r);
        r.requeueAtNanos = 0;
      }
      loop.queues.requeue(r.job.id(), why);
      loop.metrics.requeue("cluster-not-ready");
    }
    loop.wantCycle();
  }
}
