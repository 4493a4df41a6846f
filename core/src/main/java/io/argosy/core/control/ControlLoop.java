package io.argosy.core.control;

import io.argosy.agent.gateway.AgentGateway;
import io.argosy.agent.gateway.AgentListener;
import io.argosy.api.Binding;
import io.argosy.api.Dependency;
import io.argosy.core.deps.DependencyRefs;
import io.argosy.core.deps.SecretBox;
import io.argosy.queue.manifest.DependencyManifest;
import io.argosy.api.Hello;
import io.argosy.api.Message;
import io.argosy.api.Withdraw;
import io.argosy.api.WithdrawReason;
import io.argosy.core.json.Json;
import io.argosy.core.metrics.Metrics;
import io.argosy.core.store.ConfigKind;
import io.argosy.core.store.Store;
import io.argosy.core.store.StoreOp;
import io.argosy.core.view.CapacityReport;
import io.argosy.core.view.ClusterView;
import io.argosy.core.view.JobView;
import io.argosy.core.view.QueueInfo;
import io.argosy.core.view.TransitionView;
import io.argosy.gpu.InvalidSpecException;
import io.argosy.queue.JobQueues;
import io.argosy.queue.JobStatus;
import io.argosy.queue.QueueSpec;
import io.argosy.queue.admin.QueueAdmin;
import io.argosy.queue.admin.QuotaKind;
import io.argosy.queue.intake.Intake;
import io.argosy.queue.job.Job;
import io.argosy.queue.job.JobId;
import io.argosy.queue.job.JobState;
import io.argosy.queue.job.Transition;
import io.argosy.queue.manifest.ManifestParser;
import io.argosy.queue.override.OverridePolicy;
import io.argosy.queue.placement.Placement;
import io.argosy.queue.placement.PlacementResolver;
import io.argosy.queue.placement.PropagationPolicy;
import io.argosy.queue.priority.PriorityClassSpec;
import io.argosy.queue.priority.PriorityClasses;
import io.argosy.queue.quota.QueueQuota;
import io.argosy.queue.quota.ResourceVector;
import io.argosy.scheduler.cycle.CycleResult;
import io.argosy.scheduler.cycle.PendingJob;
import io.argosy.scheduler.cycle.Scheduler;
import io.argosy.scheduler.fleet.FleetState;
import io.argosy.scheduler.fleet.GangBinding;
import io.argosy.scheduler.framework.SchedulerConfig;
import io.argosy.scheduler.preempt.Preemption;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The scheduler thread. It alone owns the queues ({@link JobQueues}), the fleet state
 * ({@link FleetState}), the {@link Scheduler} and every job's and cluster's record. Other threads
 * hand it {@link Command}s through a lock-free intake; it drains them, runs a scheduling cycle when
 * there is work (after a short coalescing delay, and on a periodic tick), writes every resulting
 * change to the store as one group, and only when that group is durable sends bindings and
 * withdrawals to agents, answers admin calls and publishes new views. Nothing here blocks on I/O:
 * the store commits on its own thread while this one carries on.
 */
public final class ControlLoop implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ControlLoop.class.getName());
  /** The taint a cordoned cluster gets (as {@code kubectl cordon} taints a node). */
  public static final String CORDON_TAINT = "cluster.argosy.io/unschedulable:NoSchedule";
  static final String POLICY_SETTING = "scheduling-policy";

  /**
   * Timing of the loop.
   *
   * @param clusterGrace the eviction timeout: how long a cluster is unhealthy before it is tainted
   *     NoExecute and its gangs requeued (Karmada's {@code --failover-eviction-timeout}, 30 s)
   * @param monitorGrace how long a connected agent may stay silent before its cluster's health is
   *     Unknown (Karmada's {@code --cluster-monitor-grace-period}, 40 s)
   * @param unschedulableTimeout how long a bound gang's pods may stay unschedulable in their member
   *     cluster before the descheduler withdraws the whole gang and requeues it
   * @param retryBackoff the wait before a failed job's first retry; it doubles per retry up to
   *     {@link #MAX_RETRY_BACKOFF} (Kubernetes' Job back-off: 10 s, 20 s, 40 s ... 6 min); zero retries at once
   */
  public record Options(Duration coalesce, Duration tick, Duration clusterGrace, Duration rejectBackoff,
      Duration publishInterval, Duration monitorGrace, Duration unschedulableTimeout, Duration retryBackoff) {
    public static final Duration MAX_RETRY_BACKOFF = Duration.ofMinutes(6);
    public static final Options DEFAULT = new Options(Duration.ofMillis(2), Duration.ofSeconds(1),
        Duration.ofSeconds(30), Duration.ofMillis(500), Duration.ofMillis(100), Duration.ofSeconds(40), Duration.ofMinutes(5),
        Duration.ofSeconds(10));

    public Options withClusterGrace(Duration d) {
      return new Options(coalesce, tick, d, rejectBackoff, publishInterval, monitorGrace, unschedulableTimeout, retryBackoff);
    }

    public Options withMonitorGrace(Duration d) {
      return new Options(coalesce, tick, clusterGrace, rejectBackoff, publishInterval, d, unschedulableTimeout, retryBackoff);
    }

    public Options withUnschedulableTimeout(Duration d) {
      return new Options(coalesce, tick, clusterGrace, rejectBackoff, publishInterval, monitorGrace, d, retryBackoff);
    }

    public Options withRetryBackoff(Duration d) {
      return new Options(coalesce, tick, clusterGrace, rejectBackoff, publishInterval, monitorGrace, unschedulableTimeout, d);
    }

    /** The wait before retry number {@code n} (1-based). */
    public Duration retryDelay(int n) {
      Duration d = retryBackoff;
      for (int i = 1; i < n && d.compareTo(MAX_RETRY_BACKOFF) < 0; i++) {
        d = d.multipliedBy(2);
      }
      return d.compareTo(MAX_RETRY_BACKOFF) > 0 ? MAX_RETRY_BACKOFF : d;
    }
  }

  /** Karmada's descheduler default: a pending threshold of 5 minutes. */
  static final Duration DEFAULT_UNSCHEDULABLE_TIMEOUT = Duration.ofMinutes(5);

  /** What runs once the store has committed a step's changes (or failed to). */
  interface AfterCommit {
    void committed();

    default void failed(Throwable error) {}
  }

  final Store store;
  final Metrics metrics;
  final JobDirectory directory;
  final Clock clock;
  final Options options;
  final ManifestParser parser;
  private final Intake<Command> intake = Intake.unbounded();
  private final Thread thread;
  private final CountDownLatch started = new CountDownLatch(1);
  private volatile boolean running = true;
  private volatile boolean ready;
  private volatile Throwable failure;
  private volatile ReadModel readModel = ReadModel.EMPTY;
  /** The highest job sequence in the store at start-up: new submissions continue after it. */
  volatile long restoredSequence;
  private volatile Context context;
  private volatile AgentGateway gateway;

  // ------------------------------------------------------------ scheduler-thread state
  final JobQueues queues;
  final QueueAdmin queueAdmin;
  final PriorityClasses classes = new PriorityClasses();
  final PlacementResolver placements = new PlacementResolver();
  final Map<String, PropagationPolicy> policies = new TreeMap<>();
  final Map<String, OverridePolicy> overridePolicies = new TreeMap<>();
  /** Objects jobs depend on, by {@code Kind/namespace/name} (Secrets in plain text here, sealed in the store). */
  final Map<String, Dependency> dependencies = new TreeMap<>();
  /** Seals Secrets for the store; the server sets the data directory's key before {@link #start()}. */
  volatile SecretBox secrets = SecretBox.ephemeral();
  final FleetState fleet = new FleetState();
  SchedulingPolicy policy = SchedulingPolicy.DEFAULT;
  Scheduler scheduler;
  final Map<JobId, JobRecord> jobs = new HashMap<>();
  final Map<String, BindingEntry> bindings = new HashMap<>();
  final Map<String, BindingEntry> bindingsByFleetId = new HashMap<>();
  final Map<String, ClusterRecord> clusters = new TreeMap<>();
  long bindingSequence;
  boolean recording = true;
  List<StoreOp> ops = new ArrayList<>();
  List<AfterCommit> after = new ArrayList<>();
  private CompletableFuture<Void> lastWrite = CompletableFuture.completedFuture(null);
  boolean cycleWanted;
  private long cycleDueNanos;
  private long nextTickNanos;
  private long nextPublishNanos;
  boolean readDirty = true;
  private long publishedFleetVersion = -1;
  final List<JobRecord> backoffs = new ArrayList<>();
  /** Jobs whose view changed since the last flush. */
  private List<JobRecord> dirtyJobs = new ArrayList<>();
  /** Jobs per state (for metrics), kept as transitions happen. */
  private final Map<JobState, Integer> stateCounts = new java.util.EnumMap<>(JobState.class);
  /** Bindings not yet confirmed by their agent (the periodic cycle expires them after the assume TTL). */
  int unconfirmed;
  private final AgentSync agents;
  private final Lifecycle lifecycle;
  private final Descheduler descheduler = new Descheduler(this);
  private final Admin admin = new Admin();
  final FinishedCleanup cleanups = new FinishedCleanup(this);

  public ControlLoop(Store store, Metrics metrics, JobDirectory directory, ManifestParser parser, Clock clock,
      Options options) {
    this.store = store;
    this.metrics = metrics;
    this.directory = directory;
    this.parser = parser;
    this.clock = clock;
    this.options = options;
    this.queues = new JobQueues(clock);
    this.queueAdmin = new QueueAdmin(queues);
    this.queues.setListener(this::onTransition);
    this.scheduler = newScheduler();
    this.agents = new AgentSync(this);
    this.lifecycle = new Lifecycle(this);
    this.thread = new Thread(this::run, "argosy-scheduler");
    thread.setDaemon(true);
  }

  private Scheduler newScheduler() {
    return new Scheduler(fleet, queues, policy.schedulerConfig(SchedulerConfig.defaults()), clock);
  }

  Scheduler newSchedulerForRecovery() {
    return newScheduler();
  }

  Lifecycle lifecycle() {
    return lifecycle;
  }

  AgentGateway gateway() {
    return gateway;
  }

  // ================================================================= wiring and lifecycle

  /** Where bindings and withdrawals go, and the Vert.x context they are sent on. */
  public void attach(Vertx vertx, AgentGateway gateway) {
    this.context = vertx.getOrCreateContext();
    this.gateway = gateway;
  }

  /** Starts the thread: it rebuilds everything from the store, then serves. */
  public ControlLoop start() {
    thread.start();
    return this;
  }

  /** Waits until recovery is done; throws what recovery threw. */
  public void awaitReady(Duration timeout) throws InterruptedException {
    if (!started.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("the control plane did not recover within " + timeout);
    }
    if (failure != null) {
      throw new IllegalStateException("recovery failed: " + failure.getMessage(), failure);
    }
  }

  public boolean ready() {
    return ready && failure == null && thread.isAlive();
  }

  public ReadModel readModel() {
    return readModel;
  }

  /** The quota audit log, newest first (reads the store: not on an event loop). */
  public List<io.argosy.core.store.StoredQuotaChange> quotaHistory(String queue, int limit) {
    return store.quotaHistory(queue, limit);
  }

  /** The highest job sequence found in the store (valid once ready). */
  public long restoredSequence() {
    return restoredSequence;
  }

  /** Whether the store failed to commit (the server must be restarted). */
  public boolean storeFailed() {
    return failure != null;
  }

  /** The key Secrets are sealed with in the store (call before {@link #start()}). */
  public void useSecrets(SecretBox box) {
    this.secrets = box;
  }

  /** Hands a command to the scheduler thread. Any thread. */
  void offer(Command c) {
    intake.offer(c);
    LockSupport.unpark(thread);
  }

  public void jobsAccepted(List<AcceptedJob> accepted) {
    offer(new Command.JobsAccepted(accepted));
  }

  /** Runs {@code fn} on the scheduler thread; completes once its changes are durable. */
  public <R> CompletableFuture<R> call(Function<Admin, R> fn) {
    CompletableFuture<R> reply = new CompletableFuture<>();
    offer(new Command.Call<>(fn, reply));
    return reply;
  }

  /** The gateway's listener: every agent event becomes a command. */
  public AgentListener agentListener() {
    return new AgentListener() {
      @Override
      public void onConnected(String cluster, Hello hello) {
        offer(new Command.AgentConnected(cluster, hello));
      }

      @Override
      public void onMessage(String cluster, Message message) {
        offer(new Command.AgentMessage(cluster, message));
      }

      @Override
      public void onDisconnected(String cluster, String reason) {
        offer(new Command.AgentDisconnected(cluster, reason));
      }
    };
  }

  @Override
  public void close() {
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ================================================================= the loop

  private void run() {
    try {
      new Recovery(this).recover();
      flush();
      publish();
      ready = true;
    } catch (Throwable e) {
      failure = e;
      LOG.log(Level.SEVERE, "recovery from the store failed", e);
      started.countDown();
      return;
    }
    started.countDown();
    nextTickNanos = System.nanoTime() + options.tick().toNanos();
    while (running) {
      try {
        step();
      } catch (Throwable e) {
        LOG.log(Level.SEVERE, "scheduler step failed; continuing", e);
      }
    }
    flush();
  }

  private void step() {
    intake.drain(this::handle, 16_384);
    long now = System.nanoTime();
    if (now - nextTickNanos >= 0) {
      nextTickNanos = now + options.tick().toNanos();
      tick();
    }
    lifecycle.dueRequeues(now);
    cleanups.due(now);
    if (cycleWanted && now - cycleDueNanos >= 0) {
      runCycle();
    }
    flush();
    if (now - nextPublishNanos >= 0 && (readDirty || fleet.version() != publishedFleetVersion)) {
      publish();
      nextPublishNanos = now + options.publishInterval().toNanos();
    }
    if (intake.isEmpty()) {
      long wake = nextTickNanos;
      if (cycleWanted) {
        wake = Math.min(wake, cycleDueNanos);
      }
      if (readDirty || fleet.version() != publishedFleetVersion) {
        wake = Math.min(wake, nextPublishNanos);
      }
      for (JobRecord r : backoffs) {
        wake = Math.min(wake, r.requeueAtNanos);
      }
      if (cleanups.pending()) {
        wake = Math.min(wake, cleanups.nextDueNanos());
      }
      long park = wake - System.nanoTime();
      if (park > 0) {
        LockSupport.parkNanos(this, park);
      }
    }
  }

  private void handle(Command c) {
    try {
      if (c instanceof Command.JobsAccepted a) {
        for (AcceptedJob j : a.jobs()) {
          accept(j);
        }
      } else if (c instanceof Command.AgentMessage m) {
        agents.message(m.cluster(), m.message());
      } else if (c instanceof Command.AgentConnected h) {
        agents.connected(h.cluster(), h.hello());
      } else if (c instanceof Command.AgentDisconnected d) {
        agents.disconnected(d.cluster(), d.reason());
      } else if (c instanceof Command.Call<?> call) {
        runCall(call);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "cannot handle " + c.getClass().getSimpleName(), e);
    }
  }

  private <R> void runCall(Command.Call<R> call) {
    R result;
    try {
      result = call.fn().apply(admin);
    } catch (RuntimeException e) {
      call.reply().completeExceptionally(e);
      return;
    }
    readDirty = true;
    publishNow = true;
    after.add(new AfterCommit() {
      @Override
      public void committed() {
        call.reply().complete(result);
      }

      @Override
      public void failed(Throwable error) {
        call.reply().completeExceptionally(error);
      }
    });
  }

  private boolean publishNow;

  /** Work arrived: run a cycle after the coalescing delay (unless one is already due sooner). */
  void wantCycle() {
    if (!cycleWanted) {
      cycleWanted = true;
      cycleDueNanos = System.nanoTime() + options.coalesce().toNanos();
    }
  }

  private void tick() {
    agents.checkGrace();
    descheduler.check(clock.instant());
    if (queues.pendingCount() > 0 || hasUnconfirmedBindings()) {
      wantCycle();
    }
  }

  private boolean hasUnconfirmedBindings() {
    return unconfirmed > 0;
  }

  /** Marks a job's view for publishing at the next flush. */
  void touch(JobRecord r) {
    if (!r.dirty) {
      r.dirty = true;
      dirtyJobs.add(r);
    }
  }

  /** Keeps the per-state job counts (metrics) as a job enters a state. */
  void counted(JobState from, JobState to) {
    if (from != null) {
      stateCounts.merge(from, -1, Integer::sum);
    }
    if (to != null) {
      stateCounts.merge(to, 1, Integer::sum);
    }
  }

  // ================================================================= jobs in

  private void accept(AcceptedJob a) {
    Job job = a.job();
    JobRecord existing = jobs.get(job.id());
    if (existing != null && existing.live()) {
      LOG.warning("job " + job.id() + " accepted while another live job holds the name; ignored");
      return;
    }
    JobRecord r = new JobRecord(a.uid(), a.sequence(), job, a.apiVersion(), a.kind());
    r.arrivedNanos = a.arrivedNanos();
    if (!policies.isEmpty()) {
      // the policies may have changed since the submission was validated: this thread's are authoritative
      Optional<PropagationPolicy> placedBy = placements.resolve(r.target());
      r.propagationPolicy = placedBy.map(PropagationPolicy::displayName).orElse(null);
      Placement placement = placedBy.map(PropagationPolicy::placement).orElse(Placement.ANY);
      if (!placement.equals(job.placement())) {
        r.job = job.withPlacement(placement);
      }
    }
    r.submittedNanos = a.arrivedNanos();
    jobs.put(job.id(), r);
    queues.submit(r.job);
    wantCycle();
  }

  /** Every state change of every job, from the queues (scheduler thread). */
  private void onTransition(Job job, Transition t) {
    JobRecord r = jobs.get(job.id());
    if (r == null) {
      return;
    }
    counted(t.from() == null ? (r.history.isEmpty() ? null : r.state) : t.from(), t.to());
    r.state = t.to();
    r.reason = t.reason();
    r.updatedAt = t.at();
    touch(r);
    if (t.from() == null) {
      if (r.history.isEmpty()) {
        r.history.add(new TransitionView(null, JobState.PENDING.displayName(), t.reason(), iso(t.at())));
      }
      return;
    }
    if (!recording) {
      return;
    }
    r.history.add(new TransitionView(t.from().displayName(), t.to().displayName(), t.reason(), iso(t.at())));
    ops.add(new StoreOp.JobTransition(r.uid, t.from().displayName(), t.to().displayName(), t.reason(), t.at()));
    if (t.to() != JobState.PENDING) {
      r.pendingReasons = List.of();
    }
    if (t.to().isTerminal()) {
      metrics.finished(t.to().displayName());
    }
    if (t.to() == JobState.PENDING || t.to().isTerminal()) {
      readDirty = true;
    }
  }

  // ================================================================= cycles

  private void runCycle() {
    cycleWanted = false;
    if (queues.pendingCount() == 0 && !hasUnconfirmedBindings()) {
      return;
    }
    CycleResult r = scheduler.runCycle();
    metrics.cycle();
    if (r.timings().candidates() > 0) {
      metrics.cycleTime.recordNanos(r.timings().totalNanos());
    }
    for (GangBinding expired : r.expired()) {
      BindingEntry e = bindingsByFleetId.get(expired.bindingId());
      if (e != null) {
        lifecycle.closeBinding(e, "not confirmed in time", WithdrawReason.MOVED);
        metrics.bindingResult("expired");
        metrics.requeue("binding-expired");
      }
    }
    for (Preemption p : r.preemptions()) {
      JobRecord victim = jobs.get(p.victim());
      if (victim != null) {
        for (BindingEntry e : List.copyOf(victim.bindings.values())) {
          lifecycle.closeBinding(e, p.kind().name().toLowerCase() + "ed by " + p.preemptor(), WithdrawReason.PREEMPT);
        }
        touch(victim);
      }
      metrics.preemption();
    }
    Instant now = clock.instant();
    for (GangBinding gb : r.bindings()) {
      JobRecord job = jobs.get(gb.job());
      if (job == null) {
        LOG.warning("binding for unknown job " + gb.job());
        continue;
      }
      BindingEntry e = lifecycle.newBinding(job, gb, now);
      String overrideFailure = lifecycle.applyOverrides(e);
      if (overrideFailure != null) {
        lifecycle.rejected(e, overrideFailure);
        metrics.requeue("override-failed");
        continue;
      }
      metrics.placement(gb.cluster(), gb.pods().size());
      sendAfterCommit(e);
    }
    for (PendingJob p : r.pending()) {
      JobRecord job = jobs.get(p.job());
      if (job != null && !job.pendingReasons.equals(p.reasons())) {
        job.pendingReasons = p.reasons();
        touch(job);
      }
    }
    if (!r.bindings().isEmpty() || !r.preemptions().isEmpty()) {
      readDirty = true;
    }
  }

  /** Sends a binding once the step's changes are durable, and records submit-to-bind latency. */
  void sendAfterCommit(BindingEntry e) {
    JobRecord job = e.job;
    String manifest = e.manifest != null ? e.manifest : job.job.source();
    List<Dependency> deps = new ArrayList<>();
    for (String key : dependencies.isEmpty() ? java.util.Set.<String>of()
        : e.manifest != null ? DependencyRefs.of(manifest) : job.dependencyRefs()) {
      Dependency d = dependencies.get(key);
      if (d != null) {
        deps.add(d); // references not submitted are expected to exist in the member cluster
      }
    }
    Binding msg = new Binding(e.wireId, job.job.id().toString(), e.cluster, manifest, e.pods, deps);
    long arrived = job.arrivedNanos;
    job.arrivedNanos = 0;
    after.add(() -> {
      AgentGateway g = gateway;
      if (g != null) {
        g.send(e.cluster, msg);
      }
      if (arrived != 0) {
        metrics.submitToBind.recordNanos(System.nanoTime() - arrived);
      }
    });
  }

  /** Sends a withdrawal once the step's changes are durable. */
  void withdrawAfterCommit(String cluster, JobId job, String bindingId, WithdrawReason reason) {
    Withdraw msg = new Withdraw(cluster, job.toString(), bindingId, reason);
    after.add(() -> {
      AgentGateway g = gateway;
      if (g != null) {
        g.send(cluster, msg);
      }
    });
  }

  // ================================================================= commit and publish

  void flush() {
    List<AfterCommit> acts = new ArrayList<>();
    if (!dirtyJobs.isEmpty()) {
      List<JobView> views = new ArrayList<>(dirtyJobs.size());
      for (JobRecord r : dirtyJobs) {
        if (r.dirty && jobs.get(r.job.id()) == r) {
          views.add(Views.job(r, this));
        }
        r.dirty = false;
      }
      dirtyJobs = new ArrayList<>();
      acts.add(() -> views.forEach(directory::publish));
    }
    if (publishNow) {
      publishNow = false;
      ReadModel rm = buildReadModel();
      acts.add(() -> readModel = rm);
    }
    acts.addAll(after);
    after = new ArrayList<>();
    if (ops.isEmpty() && acts.isEmpty()) {
      return;
    }
    List<StoreOp> batch = ops;
    ops = new ArrayList<>();
    CompletableFuture<Void> done = batch.isEmpty() ? lastWrite : store.write(batch);
    lastWrite = done;
    done.whenComplete((v, error) -> dispatch(acts, error));
  }

  private void dispatch(List<AfterCommit> acts, Throwable error) {
    if (error != null) {
      LOG.log(Level.SEVERE, "store commit failed: answers and messages of this step are dropped", error);
      failure = error;
    }
    Runnable run = () -> {
      for (AfterCommit a : acts) {
        try {
          if (error == null) {
            a.committed();
          } else {
            a.failed(error);
          }
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "after-commit action failed", e);
        }
      }
    };
    Context ctx = context;
    if (ctx != null) {
      ctx.runOnContext(v -> run.run());
    } else {
      run.run();
    }
  }

  /** The commit of everything flushed so far (tests and the demo wait on it). */
  CompletableFuture<Void> lastWrite() {
    return lastWrite;
  }

  private void publish() {
    readModel = buildReadModel();
    readDirty = false;
  }

  private ReadModel buildReadModel() {
    publishedFleetVersion = fleet.version();
    List<ClusterView> cl = new ArrayList<>();
    for (ClusterRecord c : clusters.values()) {
      cl.add(Views.cluster(c, clock.instant()));
    }
    List<QueueInfo> qs = new ArrayList<>();
    Map<String, Integer> pendingByQueue = new TreeMap<>();
    for (var q : queueAdmin.list()) {
      if (q.spec().name().equals(JobQueues.ROOT)) {
        continue;
      }
      qs.add(Views.queue(q));
      if (q.children().isEmpty()) {
        pendingByQueue.put(q.spec().name(), q.pendingJobs());
      }
    }
    Map<String, Integer> byState = new TreeMap<>();
    stateCounts.forEach((s, n) -> {
      if (n > 0) {
        byState.put(s.displayName(), n);
      }
    });
    Map<String, QueueSpec> qspecs = new LinkedHashMap<>();
    for (QueueSpec s : queues.queues()) {
      if (!s.name().equals(JobQueues.ROOT)) {
        qspecs.put(s.name(), s.parent() != null && s.parent().equals(JobQueues.ROOT) ? s.withParent(null) : s);
      }
    }
    Catalog catalog = new Catalog(qspecs, List.copyOf(classes.all()), List.copyOf(policies.values()));
    return new ReadModel(fleet.version(), cl, qs, List.copyOf(classes.all()), policy, catalog, byState, pendingByQueue);
  }

  static String iso(Instant t) {
    return t == null ? null : t.toString();
  }

  // ================================================================= admin (scheduler thread)

  /** Administrative operations; every method runs on the scheduler thread inside {@link #call}. */
  public final class Admin {
    private Admin() {}

    /** Defines or updates queues (parents first); returns per queue {@code created}, {@code configured} or {@code unchanged}. */
    public List<String> applyQueues(List<QueueSpec> specs) {
      return applyQueues(specs, QuotaAudit.ANONYMOUS);
    }

    /** {@link #applyQueues(List)}, quota changes audited as made by {@code who}. */
    public List<String> applyQueues(List<QueueSpec> specs, String who) {
      List<String> results = new ArrayList<>();
      Map<String, QueueSpec> before = new HashMap<>();
      ResourceNames names = resourceNames();
      for (QueueSpec s : specs) {
        queues.queue(s.name()).ifPresent(q -> before.put(s.name(), q));
        s.quota().validate();
        checkNames(names, s.quota(), "spec.capability", "spec.guarantee.resource", "spec.deserved");
      }
      var changes = queueAdmin.applyAll(specs);
      for (var ch : changes) {
        QueueSpec prior = before.get(ch.spec().name());
        String result = prior == null ? "created" : sameQueue(prior, ch.spec()) ? "unchanged" : "configured";
        if (!result.equals("unchanged")) {
          ops.add(new StoreOp.ConfigPut(ConfigKind.QUEUE, ch.spec().name(), Codecs.queue(ch.spec())));
          audit(ch.spec().name(), who, prior == null ? null : prior.quota(), ch.spec().quota());
        }
        results.add(result);
      }
      wantCycle();
      return results;
    }

    public void deleteQueue(String name) {
      deleteQueue(name, QuotaAudit.ANONYMOUS);
    }

    public void deleteQueue(String name, String who) {
      if (queues.queue(name).isEmpty()) {
        throw new NotFoundException("queue " + name + " does not exist");
      }
      for (QueueSpec s : queues.queues()) {
        if (name.equals(s.parent())) {
          throw new InvalidSpecException("metadata.name", "queue " + name + " has child queues");
        }
      }
      if (queues.pendingCount(name) > 0 || queues.holdingQuotaCount(name) > 0) {
        throw new ConflictException("queue " + name + " still holds jobs");
      }
      QueueQuota prior = queues.queue(name).orElseThrow().quota();
      queueAdmin.delete(name);
      ops.add(new StoreOp.ConfigDeleted(ConfigKind.QUEUE, name));
      audit(name, who, prior, null);
    }

    /**
     * Sets (and removes) quota keys of a queue: {@code argosy quota set}. Amounts are in
     * gpu-model's units (cpu millicores, memory bytes).
     */
    public QueueInfo setQuota(String queue, Map<QuotaKind, Map<String, Long>> set, Map<QuotaKind, List<String>> remove) {
      return setQuota(queue, set, remove, QuotaAudit.ANONYMOUS);
    }

    /** {@link #setQuota(String, Map, Map)}, audited as made by {@code who}. */
    public QueueInfo setQuota(String queue, Map<QuotaKind, Map<String, Long>> set, Map<QuotaKind, List<String>> remove,
        String who) {
      QueueSpec spec = queues.queue(queue).orElseThrow(() -> new NotFoundException("queue " + queue + " does not exist"));
      ResourceNames names = resourceNames();
      set.forEach((kind, m) -> m.keySet().forEach(k -> names.check(kind.name().toLowerCase(Locale.ROOT) + "[" + k + "]", k)));
      QueueQuota q = spec.quota();
      for (QuotaKind k : QuotaKind.values()) {
        ResourceVector current = pick(q, k);
        Map<String, Long> m = new LinkedHashMap<>(current.toMap());
        remove.getOrDefault(k, List.of()).forEach(m::remove);
        m.putAll(set.getOrDefault(k, Map.of()));
        q = with(q, k, ResourceVector.of(m));
      }
      q.validate();
      queueAdmin.setQuota(queue, q);
      QueueSpec updated = queues.queue(queue).orElseThrow();
      ops.add(new StoreOp.ConfigPut(ConfigKind.QUEUE, queue, Codecs.queue(updated)));
      audit(queue, who, spec.quota(), updated.quota());
      wantCycle();
      return Views.queue(queueAdmin.get(queue).orElseThrow());
    }

    public String putPriorityClass(PriorityClassSpec spec) {
      Optional<PriorityClassSpec> prior = classes.get(spec.name());
      classes.put(spec);
      if (prior.isPresent() && prior.get().equals(spec)) {
        return "unchanged";
      }
      ops.add(new StoreOp.ConfigPut(ConfigKind.PRIORITY_CLASS, spec.name(), Json.write(spec)));
      return prior.isPresent() ? "configured" : "created";
    }

    public boolean deletePriorityClass(String name) {
      boolean removed = classes.remove(name);
      if (removed) {
        ops.add(new StoreOp.ConfigDeleted(ConfigKind.PRIORITY_CLASS, name));
      }
      return removed;
    }

    public String putPlacementPolicy(PropagationPolicy p) {
      String key = Catalog.key(p);
      if (p.clusterDefault()) {
        placements.clusterDefault().filter(d -> !d.name().equals(p.name())).ifPresent(d -> {
          throw new InvalidSpecException("metadata.annotations[" + PropagationPolicy.DEFAULT_ANNOTATION + "]",
              "ClusterPropagationPolicy " + d.name() + " is already the cluster-wide default");
        });
      }
      PropagationPolicy prior = policies.put(key, p);
      placements.put(p);
      if (p.equals(prior)) {
        return "unchanged";
      }
      ops.add(new StoreOp.ConfigPut(ConfigKind.PLACEMENT_POLICY, key, Codecs.policy(p)));
      replaceUnboundPlacements();
      return prior == null ? "created" : "configured";
    }

    /** Keeps (or replaces) an object jobs depend on; bindings sent from now on carry it. */
    public String putDependency(DependencyManifest m) {
      Dependency d = new Dependency(m.kind(), m.namespace(), m.name(), m.json());
      Dependency prior = dependencies.put(d.key(), d);
      if (d.equals(prior)) {
        return "unchanged";
      }
      ops.add(new StoreOp.ConfigPut(ConfigKind.DEPENDENCY, d.key(), Codecs.dependency(d, secrets)));
      return prior == null ? "created" : "configured";
    }

    /** Defines or replaces a (Cluster)OverridePolicy; bindings made from now on use it. */
    public String putOverridePolicy(OverridePolicy p) {
      String key = p.clusterScoped() ? p.name() : p.namespace() + "/" + p.name();
      OverridePolicy prior = overridePolicies.put(key, p);
      if (p.equals(prior)) {
        return "unchanged";
      }
      ops.add(new StoreOp.ConfigPut(ConfigKind.OVERRIDE_POLICY, key, Json.write(p)));
      return prior == null ? "created" : "configured";
    }

    /**
     * A propagation policy changed: jobs not yet bound are placed by whatever policy selects them
     * now; bound and running gangs stay where they are (Karmada does not move them unless asked).
     */
    private void replaceUnboundPlacements() {
      for (JobRecord r : jobs.values()) {
        if (r.state != JobState.PENDING || !r.bindings.isEmpty()) {
          continue;
        }
        Optional<PropagationPolicy> w = placements.resolve(r.target());
        String name = w.map(PropagationPolicy::displayName).orElse(null);
        Placement placement = w.map(PropagationPolicy::placement).orElse(Placement.ANY);
        if (queues.replacePlacement(r.job.id(), placement)) {
          r.job = r.job.withPlacement(placement);
        }
        if (!java.util.Objects.equals(name, r.propagationPolicy)) {
          r.propagationPolicy = name;
          touch(r);
        }
      }
      wantCycle();
    }

    /** Replaces the scheduling policy; the next cycle uses it. */
    public SchedulingPolicy setPolicy(SchedulingPolicy p) {
      p.validated();
      policy = p;
      scheduler = newScheduler();
      for (ClusterRecord c : clusters.values()) {
        agents.updateFleetCluster(c);
      }
      ops.add(new StoreOp.ConfigPut(ConfigKind.SETTING, POLICY_SETTING, Json.write(p)));
      wantCycle();
      return p;
    }

    public ClusterView cordon(String cluster, boolean on) {
      ClusterRecord c = requireCluster(cluster);
      c.cordoned = on;
      agents.updateFleetCluster(c);
      agents.saveCluster(c);
      wantCycle();
      return Views.cluster(c, clock.instant());
    }

    public ClusterView setTaints(String cluster, List<String> taints) {
      ClusterRecord c = requireCluster(cluster);
      for (int i = 0; i < taints.size(); i++) {
        if (!taints.get(i).matches("[^=:\\s]+(=[^:\\s]*)?:(NoSchedule|PreferNoSchedule|NoExecute)")) {
          throw new InvalidSpecException("taints[" + i + "]",
              "expected key[=value]:NoSchedule|PreferNoSchedule|NoExecute, got '" + taints.get(i) + "'");
        }
      }
      c.adminTaints = new ArrayList<>(taints);
      agents.updateFleetCluster(c);
      agents.saveCluster(c);
      wantCycle();
      return Views.cluster(c, clock.instant());
    }

    /** Cancels a live job (its pods are withdrawn); an ended job is returned as it is. */
    public JobView cancel(JobId id) {
      JobRecord r = requireJob(id);
      if (r.live()) {
        lifecycle.cancel(r, "cancelled by user");
      }
      return Views.job(r, ControlLoop.this);
    }

    /** Cancels a live job and forgets it: its name may be used again. */
    public JobView delete(JobId id) {
      JobRecord r = requireJob(id);
      if (r.live()) {
        lifecycle.cancel(r, "deleted by user");
      }
      JobView v = Views.job(r, ControlLoop.this);
      jobs.remove(id);
      counted(r.state, null);
      ops.add(new StoreOp.JobPurged(r.uid));
      r.dirty = false;
      after.add(() -> directory.remove(id, r.uid));
      readDirty = true;
      return v;
    }

    private void audit(String queue, String who, QueueQuota before, QueueQuota after) {
      StoreOp op = QuotaAudit.change(queue, who, clock.instant(), before, after);
      if (op != null) {
        ops.add(op);
      }
    }

    private void checkNames(ResourceNames names, QueueQuota q, String capField, String guaranteeField, String deservedField) {
      q.capability().toMap().keySet().forEach(k -> names.check(capField + "[" + k + "]", k));
      q.guarantee().toMap().keySet().forEach(k -> names.check(guaranteeField + "[" + k + "]", k));
      q.deserved().toMap().keySet().forEach(k -> names.check(deservedField + "[" + k + "]", k));
    }

    /** What quota keys may name: the fleet's resources and models, and every key a queue already has. */
    private ResourceNames resourceNames() {
      java.util.Set<String> known = new java.util.HashSet<>();
      java.util.Set<String> models = new java.util.HashSet<>();
      for (var cs : fleet.clusters()) {
        for (int i = 0; i < cs.slotCount(); i++) {
          var slot = cs.slot(i);
          if (slot == null) {
            continue;
          }
          var inv = slot.state().inventory();
          known.addAll(inv.countable().keySet());
          for (var d : inv.devices()) {
            models.add(d.model());
            d.partitions().forEach(p -> known.add(p.resource()));
          }
        }
      }
      for (var q : queueAdmin.list()) {
        known.addAll(q.spec().quota().capability().toMap().keySet());
        known.addAll(q.spec().quota().guarantee().toMap().keySet());
        known.addAll(q.spec().quota().deserved().toMap().keySet());
        known.addAll(q.usage().toMap().keySet());
      }
      return new ResourceNames(known, models);
    }

    /** The capacity report, built now ({@code GET /v1/capacity}). */
    public CapacityReport capacity() {
      return CapacityModel.build(ControlLoop.this);
    }

    /** The queue's status as the queues see it (for tests). */
    public Optional<JobStatus> status(JobId id) {
      return queues.status(id);
    }

    private ClusterRecord requireCluster(String name) {
      ClusterRecord c = clusters.get(name);
      if (c == null) {
        throw new NotFoundException("cluster " + name + " is not known");
      }
      return c;
    }

    private JobRecord requireJob(JobId id) {
      JobRecord r = jobs.get(id);
      if (r == null) {
        throw new NotFoundException("job " + id + " does not exist");
      }
      return r;
    }
  }

  static boolean sameQueue(QueueSpec a, QueueSpec b) {
    return Codecs.queue(a).equals(Codecs.queue(b));
  }

  private static ResourceVector pick(QueueQuota q, QuotaKind kind) {
    return switch (kind) {
      case CAPABILITY -> q.capability();
      case GUARANTEE -> q.guarantee();
      case DESERVED -> q.deserved();
    };
  }

  private static QueueQuota with(QueueQuota q, QuotaKind kind, ResourceVector v) {
    return switch (kind) {
      case CAPABILITY -> q.withCapability(v);
      case GUARANTEE -> q.withGuarantee(v);
      case DESERVED -> q.withDeserved(v);
    };
  }
}
