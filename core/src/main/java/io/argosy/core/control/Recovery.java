package io.argosy.core.control;

import com.fasterxml.jackson.core.type.TypeReference;
import io.argosy.api.PodBinding;
import io.argosy.core.json.Json;
import io.argosy.core.store.ConfigKind;
import io.argosy.core.store.StoreContents;
import io.argosy.core.store.StoreOp;
import io.argosy.core.store.StoredBinding;
import io.argosy.core.store.StoredJob;
import io.argosy.core.store.StoredTransition;
import io.argosy.core.view.TransitionView;
import io.argosy.queue.QueueSpec;
import io.argosy.queue.job.Job;
import io.argosy.queue.job.JobState;
import io.argosy.queue.job.Task;
import io.argosy.queue.manifest.JobManifest;
import io.argosy.queue.manifest.Manifest;
import io.argosy.queue.placement.Placement;
import io.argosy.queue.placement.PropagationPolicy;
import io.argosy.queue.priority.PriorityClassSpec;
import io.argosy.queue.quota.QuotaCheck;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Rebuilds the scheduler thread's state from the store at start-up: configuration, queues with
 * their jobs in acceptance order, quota charges of bound and running jobs, and the bindings they
 * hold. Bindings are assumed in the fleet state when their cluster's agent reports again
 * ({@link AgentSync}); until then their capacity is unknown but their quota is charged.
 */
final class Recovery {
  private static final Logger LOG = Logger.getLogger(Recovery.class.getName());
  private static final TypeReference<List<PodBinding>> PODS = new TypeReference<>() {};

  private final ControlLoop loop;
  /** Overridden manifests of bindings, by binding id. */
  private Map<String, String> bindingManifests = Map.of();

  Recovery(ControlLoop loop) {
    this.loop = loop;
  }

  void recover() {
    long t0 = System.nanoTime();
    StoreContents sc = loop.store.load();
    loop.restoredSequence = sc.maxJobSequence();
    loop.recording = false;
    try {
      restoreConfig(sc);
      restoreJobs(sc);
    } finally {
      loop.recording = true;
    }
    LOG.info(String.format("restored %d jobs, %d bindings, %d queues, %d clusters from the store in %d ms", sc.jobs().size(),
        loop.bindings.size(), sc.config(ConfigKind.QUEUE).size(), loop.clusters.size(), (System.nanoTime() - t0) / 1_000_000));
  }

  private void restoreConfig(StoreContents sc) {
    String policy = sc.config(ConfigKind.SETTING).get(ControlLoop.POLICY_SETTING);
    if (policy != null) {
      loop.policy = Json.read(policy, SchedulingPolicy.class);
      loop.scheduler = loop.newSchedulerForRecovery();
    }
    for (String json : sc.config(ConfigKind.PRIORITY_CLASS).values()) {
      PriorityClassSpec spec = Json.read(json, PriorityClassSpec.class);
      if (!spec.name().startsWith("system-")) {
        loop.classes.put(spec);
      }
    }
    List<QueueSpec> queues = new ArrayList<>();
    for (String json : sc.config(ConfigKind.QUEUE).values()) {
      queues.add(Codecs.queue(json));
    }
    loop.queueAdmin.applyAll(queues);
    sc.config(ConfigKind.OVERRIDE_POLICY).forEach((key, json) ->
        loop.overridePolicies.put(key, Json.read(json, io.argosy.queue.override.OverridePolicy.class)));
    bindingManifests = sc.config(ConfigKind.BINDING_MANIFEST);
    sc.config(ConfigKind.DEPENDENCY).forEach((key, json) -> loop.dependencies.put(key, Codecs.dependency(json, loop.secrets)));
    sc.config(ConfigKind.PLACEMENT_POLICY).forEach((key, json) -> {
      PropagationPolicy p = Codecs.policy(json);
      loop.policies.put(key, p);
      loop.placements.put(p);
    });
    Instant now = loop.clock.instant();
    sc.config(ConfigKind.CLUSTER).forEach((name, json) -> {
      AgentSync.StoredCluster s = Json.read(json, AgentSync.StoredCluster.class);
      ClusterRecord c = new ClusterRecord(name);
      c.joinedAt = s.joinedAt() == null ? null : Instant.parse(s.joinedAt());
      c.cordoned = s.cordoned();
      c.adminTaints = new ArrayList<>(s.taints() == null ? List.of() : s.taints());
      c.labels = s.labels() == null ? Map.of() : s.labels();
      c.version = s.version() == null ? "" : s.version();
      c.mode = s.mode() == null ? "" : s.mode();
      c.notReadySince = now; // until its agent reports again; its jobs wait out the grace period
      loop.clusters.put(name, c);
    });
    loop.bindingSequence = loop.store.maxBindingSequence();
  }

  private void restoreJobs(StoreContents sc) {
    Map<String, List<StoredBinding>> byJob = new HashMap<>();
    for (StoredBinding b : sc.bindings()) {
      byJob.computeIfAbsent(b.jobUid(), k -> new ArrayList<>()).add(b);
    }
    List<JobRecord> live = new ArrayList<>();
    for (StoredJob sj : sc.jobs()) {
      Job job;
      try {
        job = rebuild(sj);
      } catch (RuntimeException e) {
        LOG.warning("cannot rebuild stored job " + sj.namespace() + "/" + sj.name() + ": " + e.getMessage());
        continue;
      }
      JobRecord r = new JobRecord(sj.uid(), sj.sequence(), job, job.kind().apiVersion(), job.kind().kind());
      if (!loop.policies.isEmpty()) {
        r.propagationPolicy = loop.placements.resolve(r.target()).map(PropagationPolicy::displayName).orElse(null);
      }
      for (StoredTransition t : sj.history()) {
        r.history.add(new TransitionView(t.from(), t.to(), t.reason(), ControlLoop.iso(t.at())));
      }
      r.state = JobState.valueOf(sj.state().toUpperCase(Locale.ROOT));
      if (!sj.history().isEmpty()) {
        StoredTransition last = sj.history().get(sj.history().size() - 1);
        r.reason = last.reason();
        r.updatedAt = last.at();
      }
      loop.jobs.put(job.id(), r);
      loop.counted(null, r.state);
      loop.touch(r);
      loop.directory.restore(new JobDirectory.Entry(r.uid, job.id(), job.kind().name(), sj.manifestHash(), sj.sequence(),
          true, Views.job(r, loop)));
      List<StoredBinding> all = byJob.getOrDefault(sj.uid(), List.of());
      List<StoredBinding> held = all.stream().filter(b -> !b.closed()).toList();
      List<StoredBinding> last = all.stream().filter(StoredBinding::closed).toList();
      if (r.state.isTerminal()) {
        for (StoredBinding b : held) {
          loop.ops.add(new StoreOp.BindingClosed(b.bindingId(), "job ended"));
        }
        showLastPlacement(r, all);
        loop.directory.publish(Views.job(r, loop));
        continue;
      }
      if (held.isEmpty()) {
        showLastPlacement(r, last);
      }
      restoreLive(r, held);
      live.add(r);
    }
    loop.scheduler.prime(live.stream().map(r -> r.job).toList());
  }

  /** Puts a live job back in its queue and, when it was bound or running, its quota charge and bindings. */
  private void restoreLive(JobRecord r, List<StoredBinding> held) {
    JobState stored = r.state;
    loop.queues.submit(r.job);
    boolean placed = (stored == JobState.BOUND || stored == JobState.RUNNING) && !held.isEmpty();
    if (placed) {
      Map<String, Integer> perTask = new HashMap<>();
      List<List<PodBinding>> pods = new ArrayList<>();
      for (StoredBinding b : held) {
        List<PodBinding> ps = readPods(b.pods());
        pods.add(ps);
        ps.forEach(p -> perTask.merge(p.task(), 1, Integer::sum));
      }
      boolean whole = true;
      for (Task t : r.job.tasks()) {
        whole &= perTask.getOrDefault(t.name(), 0) == t.replicas();
      }
      QuotaCheck admitted = loop.queues.admit(r.job.id(), whole ? null : perTask, "restored");
      if (admitted.allowed()) {
        loop.queues.bind(r.job.id(), "restored");
        if (stored == JobState.RUNNING) {
          loop.queues.running(r.job.id(), "restored");
        }
        for (int i = 0; i < held.size(); i++) {
          StoredBinding b = held.get(i);
          BindingEntry e = new BindingEntry(b.bindingId(), b.bindingId(), r, b.cluster(), pods.get(i), b.createdAt(),
              b.sequence(), b.accepted());
          String overridden = bindingManifests.get(b.bindingId());
          if (overridden != null) {
            Lifecycle.StoredManifest m = Json.read(overridden, Lifecycle.StoredManifest.class);
            e.manifest = m.manifest();
            e.overrideChanges = m.changes() == null ? List.of() : List.copyOf(m.changes());
          }
          loop.lifecycle().register(e);
        }
        loop.lifecycle().refreshPlacement(r);
        return;
      }
      LOG.warning("job " + r.job.id() + " no longer fits its quota after restart (" + admitted.reason() + "); requeued");
    }
    loop.recording = true;
    try {
      for (StoredBinding b : held) {
        loop.ops.add(new StoreOp.BindingClosed(b.bindingId(), "not restorable"));
      }
      if (stored != JobState.PENDING) {
        // Admitted, Preempted, or bound without a restorable binding: it is pending again
        r.state = JobState.PENDING;
        String reason = "restored as pending after restart (was " + stored.displayName() + ")";
        Instant at = loop.clock.instant();
        r.history.add(new TransitionView(stored.displayName(), "Pending", reason, ControlLoop.iso(at)));
        r.reason = reason;
        loop.ops.add(new StoreOp.JobTransition(r.uid, stored.displayName(), "Pending", reason, at));
      }
    } finally {
      loop.recording = false;
    }
    loop.touch(r);
  }

  /** The placement a job had when it ended (or was requeued), for display only. */
  private void showLastPlacement(JobRecord r, List<StoredBinding> bindings) {
    if (bindings.isEmpty()) {
      return;
    }
    List<BindingEntry> entries = new ArrayList<>();
    for (StoredBinding b : bindings) {
      BindingEntry e = new BindingEntry(b.bindingId(), b.bindingId(), r, b.cluster(), readPods(b.pods()), b.createdAt(),
          b.sequence(), b.accepted());
      for (PodBinding p : e.pods) {
        e.phases.put(p.name(), r.state == JobState.SUCCEEDED ? io.argosy.api.PodPhase.SUCCEEDED : io.argosy.api.PodPhase.UNKNOWN);
      }
      entries.add(e);
    }
    r.placement = Views.placement(entries, loop.clusters);
    r.clusters = entries.stream().map(e -> e.cluster).distinct().toList();
  }

  private static List<PodBinding> readPods(String json) {
    try {
      return io.argosy.api.ApiCodec.mapper().readValue(json, PODS);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("stored binding pods are not readable: " + e.getOriginalMessage(), e);
    }
  }

  /** The job as accepted: the stored manifest parsed again, with the stored priority and submit time. */
  private Job rebuild(StoredJob sj) {
    List<Manifest> ms = loop.parser.parse(sj.manifest());
    if (ms.size() != 1 || !(ms.get(0) instanceof JobManifest jm)) {
      throw new IllegalStateException("the stored manifest is not one job");
    }
    Placement placement = loop.placements.placementFor(jm.target());
    return new Job(jm.id(), jm.jobKind(), jm.tasks(), jm.minAvailable(), jm.queue(), sj.priority(), sj.priorityClass(),
        jm.preemptible(), sj.submittedAt(), placement, jm.runtimeEstimate(), jm.maxRetry(), jm.completions(), jm.policies(),
        jm.plugins(), sj.manifest());
  }
}
