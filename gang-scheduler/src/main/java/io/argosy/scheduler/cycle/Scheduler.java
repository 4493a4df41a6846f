package io.argosy.scheduler.cycle;

import io.argosy.queue.JobQueues;
import io.argosy.queue.JobStatus;
import io.argosy.queue.SchedulingCycle;
import io.argosy.queue.job.Job;
import io.argosy.queue.job.JobId;
import io.argosy.queue.job.JobState;
import io.argosy.queue.job.Task;
import io.argosy.queue.quota.QuotaCheck;
import io.argosy.queue.quota.ResourceVector;
import io.argosy.scheduler.fleet.FleetState;
import io.argosy.scheduler.fleet.GangBinding;
import io.argosy.scheduler.fleet.Trial;
import io.argosy.scheduler.framework.Charges;
import io.argosy.scheduler.framework.GangSpec;
import io.argosy.scheduler.framework.Profile;
import io.argosy.scheduler.framework.Reservation;
import io.argosy.scheduler.framework.SchedulerConfig;
import io.argosy.scheduler.plugins.StandardProfile;
import io.argosy.scheduler.preempt.Preemption;
import io.argosy.scheduler.reasons.PendingReasons;
import io.argosy.scheduler.reasons.PendingReasons.Labelled;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The scheduling cycle, run on the scheduler thread that owns the {@link FleetState} and the
 * {@link JobQueues}:
 *
 * <ol>
 *   <li>expire bindings not confirmed within the assume TTL and requeue their jobs;
 *   <li>walk the pending jobs in the queues' fair-share order; for each gang: the queue's quota, the
 *       cluster filters per affinity term, {@link AllocateAction allocate} (nodes and devices, all or
 *       nothing, permits), and if it did not fit for lack of capacity {@link PreemptAction preempt},
 *       reclaim, then a {@link BackfillAction backfill reservation};
 *   <li>a placed gang is admitted and bound in the queues and its capacity assumed in the fleet;
 *       every other job gets its pending reason, per cluster.
 * </ol>
 *
 * Not thread-safe: call {@link #runCycle()} from the thread that feeds the fleet state and queues.
 */
public final class Scheduler {
  private final FleetState fleet;
  private final JobQueues queues;
  private final SchedulerConfig config;
  private final Profile profile;
  private final Clock clock;
  private final GangSpecs specs = new GangSpecs();
  private final Trial trial = new Trial();
  private long epoch;
  private java.util.function.LongConsumer gangTimer;

  public Scheduler(FleetState fleet, JobQueues queues, SchedulerConfig config, Clock clock) {
    this(fleet, queues, config, StandardProfile.of(config), clock);
  }

  public Scheduler(FleetState fleet, JobQueues queues, SchedulerConfig config, Profile profile, Clock clock) {
    this.fleet = fleet;
    this.queues = queues;
    this.config = config;
    this.profile = profile;
    this.clock = clock;
  }

  public SchedulerConfig config() {
    return config;
  }

  public Profile profile() {
    return profile;
  }

  public FleetState fleet() {
    return fleet;
  }

  public JobQueues queues() {
    return queues;
  }

  /**
   * Hands every later cycle's time per gang (nanoseconds from taking the gang out of the queues'
   * order to its binding or pending reason) to {@code timer}; null stops it. For benchmarks.
   */
  public void gangTimer(java.util.function.LongConsumer timer) {
    this.gangTimer = timer;
  }

  /**
   * Counts jobs in the workload mix the fragmentation policy expects, before they are scheduled
   * (jobs are counted anyway when a cycle first sees them; priming helps the very first cycle).
   */
  public void prime(Collection<Job> jobs) {
    for (Job j : jobs) {
      for (Task t : j.tasks()) {
        specs.observe(t.pod(), t.replicas());
      }
    }
  }

  /** Runs one cycle over every pending job. */
  public CycleResult runCycle() {
    long t0 = System.nanoTime();
    Instant now = clock.instant();
    epoch++;
    List<GangBinding> expired = expireStale(now);
    Session s = new Session(epoch, now, config, profile, fleet, queues, specs.mix(), trial);
    GangPlacer placer = new GangPlacer(s);
    AllocateAction allocate = new AllocateAction(s, placer);
    s.allocate = allocate;
    PreemptAction preempt = new PreemptAction(s, placer, allocate);
    BackfillAction backfill = new BackfillAction(s, placer);
    Results r = new Results();
    long planNanos = 0;
    if (profile.chooser().plansCycles() && fleet.clusters().size() > 1) {
      long p0 = System.nanoTime();
      plan(s);
      planNanos = System.nanoTime() - p0;
    }
    SchedulingCycle cycle = queues.beginCycle();
    java.util.function.LongConsumer timer = gangTimer;
    Map<UnfeasibleKey, Unfeasible> unfeasible = new java.util.HashMap<>();
    for (Job job = cycle.next(); job != null; job = cycle.next()) {
      long g0 = timer == null ? 0 : System.nanoTime();
      r.candidates++;
      GangSpec g = specs.of(job, epoch);
      scheduleOrFailFast(s, g, allocate, preempt, backfill, r, unfeasible);
      if (timer != null) {
        timer.accept(System.nanoTime() - g0);
      }
    }
    specs.prune(epoch);
    if (trial.size() != 0) {
      throw new IllegalStateException("cycle left " + trial.size() + " tentative operations");
    }
    long total = System.nanoTime() - t0;
    CycleTimings timings = new CycleTimings(total, planNanos, r.allocateNanos, r.preemptNanos, r.backfillNanos,
        r.candidates, r.placed, r.preemptions.size(), r.pending.size());
    return new CycleResult(epoch, now, r.bindings, r.preemptions, r.pending, new ArrayList<>(s.reservations.values()),
        expired, timings);
  }

  /**
   * Hands the chooser every pending gang in the queues' order (a pass that admits nothing, so the
   * order is that of the shares at the start of the cycle), up to {@code solverMaxGangs}.
   */
  private void plan(Session s) {
    List<GangSpec> pending = new ArrayList<>();
    SchedulingCycle look = queues.beginCycle();
    for (Job job = look.next(); job != null; job = look.next()) {
      if (pending.size() >= config.solverMaxGangs()) {
        return; // too many for a global plan this cycle: greedy choice only
      }
      pending.add(specs.of(job, epoch));
    }
    profile.chooser().plan(s, pending);
  }

  private static final class Results {
    final List<GangBinding> bindings = new ArrayList<>();
    final List<Preemption> preemptions = new ArrayList<>();
    final List<PendingJob> pending = new ArrayList<>();
    int candidates;
    int placed;
    long allocateNanos;
    long preemptNanos;
    long backfillNanos;
  }

  /**
   * Armada's "unfeasible scheduling key": gangs with an equal key (pod specs and mandatory counts per
   * task, gang size, queue, priority, runtime estimate, placement policy) are interchangeable for the
   * cycle. When one ended pending without changing anything (allocate, preempt, reclaim and backfill
   * all failed) and the fleet and the reservations are still as they were, the next one ends the
   * same way: it gets the same pending reason without the work. Any change (a gang placed, a victim
   * evicted, a reservation made) voids the memo.
   */
  private void scheduleOrFailFast(Session s, GangSpec g, AllocateAction allocate, PreemptAction preempt,
      BackfillAction backfill, Results r, Map<UnfeasibleKey, Unfeasible> unfeasible) {
    Job job = g.job();
    UnfeasibleKey key = job.placement().allowsDivision() ? null
        : new UnfeasibleKey(s.shapeId(g), g.totalPods(), job.queue(), job.priority(), job.runtimeEstimate(),
            job.placement());
    long version = fleet.version();
    int reservations = s.reservations.size();
    if (key != null) {
      Unfeasible known = unfeasible.get(key);
      if (known != null && known.fleetVersion == version && known.reservations == reservations) {
        pending(g, known.lines, r);
        return;
      }
    }
    int pendingBefore = r.pending.size();
    schedule(s, g, allocate, preempt, backfill, r);
    if (key != null && r.pending.size() > pendingBefore && fleet.version() == version
        && s.reservations.size() == reservations) {
      unfeasible.put(key, new Unfeasible(version, reservations, r.pending.get(r.pending.size() - 1).reasons()));
    }
  }

  private record UnfeasibleKey(int shape, int pods, String queue, int priority, java.time.Duration estimate,
      io.argosy.queue.placement.Placement placement) {}

  private record Unfeasible(long fleetVersion, int reservations, List<String> lines) {}

  private void schedule(Session s, GangSpec g, AllocateAction allocate, PreemptAction preempt, BackfillAction backfill,
      Results r) {
    long t = System.nanoTime();
    Job job = g.job();
    List<Labelled> failures = new ArrayList<>(2);
    List<AllocateAction.Term> terms = allocate.terms(g, failures);
    QuotaCheck quota = queues.ledger().check(job.queue(), g.mandatoryDemand());
    if (!quota.allowed()) {
      r.allocateNanos += System.nanoTime() - t;
      long p = System.nanoTime();
      AllocateAction.Chosen c = config.preemption()
          ? preempt.run(g, terms, Preemption.Kind.PREEMPT, true, r.preemptions) : null;
      r.preemptNanos += System.nanoTime() - p;
      if (c == null || !commit(s, g, c, r)) {
        pending(g, List.of(quota.reason()), r);
      }
      return;
    }
    AllocateAction.Chosen chosen = allocate.allocate(g, terms, failures);
    r.allocateNanos += System.nanoTime() - t;
    if (chosen != null) {
      if (!commit(s, g, chosen, r)) {
        pending(g, PendingReasons.lines(failures), r);
      }
      return;
    }
    boolean capacity = false;
    for (Labelled l : failures) {
      capacity |= l.failure().capacity();
    }
    if (capacity) {
      long p = System.nanoTime();
      AllocateAction.Chosen c = null;
      if (config.preemption()) {
        c = preempt.run(g, terms, Preemption.Kind.PREEMPT, false, r.preemptions);
      }
      if (c == null && config.reclaim()) {
        c = preempt.run(g, terms, Preemption.Kind.RECLAIM, false, r.preemptions);
      }
      r.preemptNanos += System.nanoTime() - p;
      if (c != null && commit(s, g, c, r)) {
        return;
      }
      if (config.backfill()) {
        long b = System.nanoTime();
        Reservation res = backfill.reserve(g, terms);
        r.backfillNanos += System.nanoTime() - b;
        if (res != null) {
          List<String> lines = new ArrayList<>(PendingReasons.lines(failures));
          lines.add("reserved cluster " + res.cluster() + " from " + res.start() + " (backfill)");
          pending(g, lines, r);
          return;
        }
      }
    }
    pending(g, PendingReasons.lines(failures), r);
  }

  /** Assumes the trial's placement in the fleet, admits and binds the job; false (nothing held) if the queues refuse. */
  private boolean commit(Session s, GangSpec g, AllocateAction.Chosen chosen, Results r) {
    Job job = g.job();
    List<GangBinding> bindings = new ArrayList<>(chosen.bindings().size());
    for (GangBinding b : chosen.bindings()) {
      bindings.add(new GangBinding(fleet.nextBindingId(job.id(), b.cluster()), job.id(), b.cluster(), b.pods()));
    }
    long before = fleet.version();
    boolean fresh = fleet.gang(job.id()) == null;
    fleet.adopt(trial, bindings, s.now);
    Map<String, Integer> perTask = chosen.pods() < g.totalPods() ? Charges.podsPerTask(bindings) : null;
    ResourceVector models = Charges.placedModels(fleet, g, bindings);
    String where = bindings.size() == 1 ? s.clusterPhrase(bindings.get(0).cluster()) : clusters(bindings);
    QuotaCheck admitted = queues.admit(job.id(), perTask, where);
    if (!admitted.allowed()) {
      release(bindings);
      queues.setPendingReason(job.id(), admitted.reason());
      return false;
    }
    QuotaCheck bound = queues.bind(job.id(), models, where);
    if (!bound.allowed()) {
      release(bindings);
      queues.requeue(job.id(), bound.reason());
      return false;
    }
    r.bindings.addAll(bindings);
    r.placed++;
    if (fresh) {
      s.placed(fleet.gang(job.id()), before);
    }
    specs.drop(job.id());
    return true;
  }

  private void release(List<GangBinding> bindings) {
    for (GangBinding b : bindings) {
      fleet.expire(b.bindingId());
    }
  }

  private static String clusters(List<GangBinding> bindings) {
    List<String> names = new ArrayList<>();
    for (GangBinding b : bindings) {
      names.add(b.cluster());
    }
    return "placed on clusters " + String.join(", ", names);
  }

  private void pending(GangSpec g, List<String> lines, Results r) {
    String message = lines.isEmpty() || lines.get(0).equals(NO_CLUSTER) && lines.size() == 1 ? NO_CLUSTER
        : String.join("; ", lines);
    queues.setPendingReason(g.job().id(), message);
    r.pending.add(new PendingJob(g.job().id(), lines.isEmpty() ? List.of(message) : lines, message));
  }

  private static final String NO_CLUSTER = "no member cluster to place it on";

  /** Bindings past the assume TTL without an answer: released, and their jobs back to pending. */
  private List<GangBinding> expireStale(Instant now) {
    List<GangBinding> expired = fleet.expireUnconfirmed(now.minus(config.assumeTtl()));
    Set<JobId> jobs = new HashSet<>();
    for (GangBinding b : expired) {
      jobs.add(b.job());
    }
    for (JobId id : jobs) {
      var g = fleet.gang(id);
      if (g != null) {
        for (var rec : g.bindings()) {
          fleet.expire(rec.binding().bindingId()); // a divided gang goes back whole
        }
      }
      Optional<JobStatus> st = queues.status(id);
      if (st.isPresent() && st.get().state() == JobState.BOUND) {
        queues.requeue(id, "binding not confirmed within " + config.assumeTtl());
      }
    }
    return expired;
  }
}
