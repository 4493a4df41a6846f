package io.argosy.scheduler.testing;

import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.demand.DemandParser;
import io.argosy.queue.JobQueues;
import io.argosy.queue.QueueSpec;
import io.argosy.queue.job.Job;
import io.argosy.queue.job.JobId;
import io.argosy.queue.job.JobState;
import io.argosy.queue.manifest.JobManifest;
import io.argosy.queue.manifest.Manifest;
import io.argosy.queue.manifest.ManifestParser;
import io.argosy.queue.manifest.NameGenerator;
import io.argosy.queue.manifest.PriorityClassManifest;
import io.argosy.queue.manifest.PropagationPolicyManifest;
import io.argosy.queue.manifest.QueueManifest;
import io.argosy.queue.placement.PlacementResolver;
import io.argosy.queue.priority.PriorityClasses;
import io.argosy.scheduler.cycle.CycleResult;
import io.argosy.scheduler.cycle.PendingJob;
import io.argosy.scheduler.cycle.Scheduler;
import io.argosy.scheduler.fleet.FleetState;
import io.argosy.scheduler.fleet.GangBinding;
import io.argosy.scheduler.fleet.PlacedGang;
import io.argosy.scheduler.framework.SchedulerConfig;
import io.argosy.scheduler.invariant.InvariantChecker;
import io.fabric8.kubernetes.api.model.Node;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A fleet state, job queues and a scheduler wired as the core wires them, with jobs submitted as
 * manifests through queue's real parser and a clock the test moves. Every cycle is followed by the
 * invariant checker.
 */
public final class Harness {
  public static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  public final MutableClock clock = new MutableClock(T0);
  public final FleetState fleet = new FleetState();
  public final JobQueues queues = new JobQueues(clock);
  public final Scheduler scheduler;
  private final ManifestParser parser = new ManifestParser(new DemandParser(Catalog.builtin()), NameGenerator.seeded(7));
  private final PriorityClasses classes = new PriorityClasses();
  private final PlacementResolver resolver = new PlacementResolver();
  private long submitted;

  /**
   * The default configuration, with the placement solver limited by moves instead of time so that
   * runs are reproducible.
   */
  public static SchedulerConfig config() {
    return SchedulerConfig.defaults().withSolver(io.argosy.solver.model.SolveBudget.moves(2_000, 7));
  }

  public Harness() {
    this(config());
  }

  public Harness(SchedulerConfig config) {
    scheduler = new Scheduler(fleet, queues, config, clock);
  }

  public Harness cluster(String name, Map<String, String> labels, List<String> taints, List<Node> nodes) {
    fleet.upsertCluster(name, labels, taints, true, null);
    for (Node n : nodes) {
      fleet.upsertNode(name, Nodes.READER.read(n));
    }
    return this;
  }

  public Harness cluster(String name, List<Node> nodes) {
    return cluster(name, Map.of(), List.of(), nodes);
  }

  /** Applies queues, priority classes and policies, and submits the jobs (in file order, 1 ns apart). */
  public List<Job> submit(String yaml) {
    List<Job> jobs = new ArrayList<>();
    for (Manifest m : parser.parse(yaml)) {
      if (m instanceof QueueManifest q) {
        for (QueueSpec s : q.specs()) {
          queues.defineQueue(s);
        }
      } else if (m instanceof PriorityClassManifest pc) {
        classes.put(pc.spec());
      } else if (m instanceof PropagationPolicyManifest pp) {
        resolver.put(pp.policy());
      } else if (m instanceof JobManifest j) {
        Job job = j.toJob(classes, resolver.placementFor(j.target()), clock.instant().plusNanos(submitted++));
        queues.submit(job);
        jobs.add(job);
      }
    }
    return jobs;
  }

  /** Runs a cycle and checks every invariant. */
  public CycleResult cycle() {
    CycleResult r = scheduler.runCycle();
    InvariantChecker.assertHolds(fleet, queues);
    return r;
  }

  public static GangBinding binding(CycleResult r, String job) {
    JobId id = JobId.parse(job);
    return r.bindings().stream().filter(b -> b.job().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError(job + " not bound; pending: " + r.pending()));
  }

  public static List<GangBinding> bindings(CycleResult r, String job) {
    JobId id = JobId.parse(job);
    return r.bindings().stream().filter(b -> b.job().equals(id)).toList();
  }

  public static PendingJob pending(CycleResult r, String job) {
    JobId id = JobId.parse(job);
    return r.pending().stream().filter(p -> p.job().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError(job + " not pending; bindings: " + r.bindings()));
  }

  public JobState state(String job) {
    return queues.status(JobId.parse(job)).orElseThrow().state();
  }

  /** The agent confirmed every binding of the job and reports its pods running where they were bound. */
  public void running(String job) {
    JobId id = JobId.parse(job);
    PlacedGang g = fleet.gang(id);
    for (var rec : g.bindings()) {
      fleet.confirm(rec.binding().bindingId());
      for (var p : rec.binding().pods()) {
        fleet.observePod(rec.binding().cluster(), rec.binding().podKey(p), p.node(), p.assignment());
      }
    }
    queues.running(id, "running");
  }

  /** Every job bound in the cycle starts running (the agent confirmed and reports the pods). */
  public CycleResult runAll(CycleResult r) {
    java.util.Set<JobId> jobs = new java.util.LinkedHashSet<>();
    for (GangBinding b : r.bindings()) {
      jobs.add(b.job());
    }
    for (JobId id : jobs) {
      running(id.toString());
    }
    return r;
  }

  /** The job's pods finished: they are forgotten and the job succeeds. */
  public void finish(String job) {
    JobId id = JobId.parse(job);
    PlacedGang g = fleet.gang(id);
    if (g != null) {
      for (PlacedGang.HeldPodRef r : g.pods()) {
        fleet.forgetPod(r.cluster().name(), r.pod().key());
      }
    }
    queues.succeeded(id, "completed");
  }

  public void advance(Duration d) {
    clock.advance(d);
  }
}
