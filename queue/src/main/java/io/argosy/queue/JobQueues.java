package io.argosy.queue;

import io.argosy.gpu.InvalidSpecException;
import io.argosy.queue.job.IllegalTransitionException;
import io.argosy.queue.job.Job;
import io.argosy.queue.job.JobId;
import io.argosy.queue.job.JobState;
import io.argosy.queue.job.JobStateMachine;
import io.argosy.queue.job.Task;
import io.argosy.queue.job.Transition;
import io.argosy.queue.quota.QuotaCheck;
import io.argosy.queue.quota.QuotaLedger;
import io.argosy.queue.quota.QuotaOverage;
import io.argosy.queue.quota.ResourceKeys;
import io.argosy.queue.quota.ResourceVector;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tenant queues and every job Argosy holds that has not ended, owned by the scheduler thread
 * (not thread-safe; other threads hand jobs over through an {@code Intake}).
 *
 * <p>Accounting invariant: each queue's usage in the {@link QuotaLedger} is exactly the sum of what
 * its jobs in {@code Admitted}, {@code Bound} or {@code Running} are charged; every state change
 * goes through this class, which charges on admission, adjusts on binding and releases on leaving
 * those states. Terminal jobs are dropped after their transition is reported to the listener.
 */
public final class JobQueues {
  public static final String ROOT = QuotaLedger.ROOT;
  public static final String DEFAULT_QUEUE = "default";

  private final Clock clock;
  private final QuotaLedger ledger = new QuotaLedger();
  private final List<QueueNode> nodes = new ArrayList<>();
  private final Map<String, QueueNode> byName = new HashMap<>();
  private final HashMap<JobId, QueuedJob> jobs = new HashMap<>();
  /** Identical demand vectors (jobs from one template) share one instance: less heap, warmer caches. */
  private final HashMap<ResourceVector, ResourceVector> demands = new HashMap<>();
  private static final int MAX_INTERNED_DEMANDS = 1 << 16;
  private final Map<String, List<QueuedJob>> parked = new LinkedHashMap<>();
  private TransitionListener listener = (job, t) -> {};

  /** 1/total per base key id with a known fleet total, else 0. */
  private double[] inverseTotal = new double[0];
  private int[] totalIds = new int[0];

  private long cycleId;
  private boolean cycleActive;
  private final List<QueueNode> dirty = new ArrayList<>();
  private int pendingCount;
  /** The job of the candidate {@link #nextCandidate} returned last. */
  Job lastJob;

  public JobQueues(Clock clock) {
    this.clock = clock;
    QueueNode root = new QueueNode(0, ROOT, null, new QueueSpec(ROOT, null, 1, 0, false, true, null));
    nodes.add(root);
    byName.put(ROOT, root);
    defineQueue(QueueSpec.of(DEFAULT_QUEUE));
  }

  public QuotaLedger ledger() {
    return ledger;
  }

  public void setListener(TransitionListener listener) {
    this.listener = listener;
  }

  // ================================================================ queues

  /**
   * Creates or updates a queue. A new queue's parent must exist and hold no jobs (only leaf queues
   * hold jobs). Jobs that were waiting for this queue to exist or open move into it.
   *
   * @return keys whose usage is above the new capability: allowed, reported, nothing is evicted
   * @throws InvalidSpecException for an inconsistent quota, weight or parent
   */
  public List<QuotaOverage> defineQueue(QueueSpec spec) {
    QueueNode existing = byName.get(spec.name());
    List<QuotaOverage> overages;
    if (existing == null) {
      String parentName = spec.parent() == null || spec.parent().isEmpty() ? ROOT : spec.parent();
      QueueNode parent = byName.get(parentName);
      if (parent == null) {
        throw new InvalidSpecException("spec.parent", "parent queue " + parentName + " does not exist");
      }
      if (parent.holdsJobs()) {
        throw new InvalidSpecException(
            "spec.parent", "queue " + parentName + " holds jobs; only leaf queues hold jobs, so it cannot get children");
      }
      overages = ledger.define(spec.name(), parentName, spec.weight(), spec.reclaimable(), spec.quota());
      QueueNode node = new QueueNode(ledger.indexOf(spec.name()), spec.name(), parent, spec.withParent(parentName));
      while (nodes.size() <= node.index) {
        nodes.add(null);
      }
      nodes.set(node.index, node);
      byName.put(spec.name(), node);
      parent.children.add(node);
    } else {
      String parentName = existing.parent == null ? null : existing.parent.name;
      if (spec.parent() != null && !spec.parent().isEmpty() && !spec.parent().equals(parentName)) {
        throw new InvalidSpecException(
            "spec.parent", "cannot move queue " + spec.name() + " from parent " + parentName + " to " + spec.parent());
      }
      overages = ledger.define(spec.name(), parentName, spec.weight(), spec.reclaimable(), spec.quota());
      existing.spec = spec.withParent(parentName);
      usageChanged(existing);
    }
    unpark(spec.name());
    return overages;
  }

  /** Removes an empty leaf queue; {@code root} and {@code default} stay. */
  public void removeQueue(String name) {
    if (name.equals(ROOT) || name.equals(DEFAULT_QUEUE)) {
      throw new IllegalArgumentException("queue " + name + " cannot be removed");
    }
    QueueNode n = node(name);
    if (n.holdsJobs()) {
      throw new IllegalArgumentException("queue " + name + " still holds " + (n.pendingLive + n.charged.size()) + " jobs");
    }
    ledger.remove(name);
    if (n.heapIndex >= 0) {
      n.parent.heap.remove(n);
    }
    n.parent.children.remove(n);
    nodes.set(n.index, null);
    byName.remove(name);
  }

  public Optional<QueueSpec> queue(String name) {
    QueueNode n = byName.get(name);
    return n == null ? Optional.empty() : Optional.of(n.spec);
  }

  /** Every queue, parents before children. */
  public List<QueueSpec> queues() {
    return ledger.names().stream().map(n -> byName.get(n).spec).toList();
  }

  /**
   * Why a job for this queue could not be queued now, or empty when it can: the queue must exist,
   * be a leaf and be open (Volcano's job admission webhook rejects the same cases).
   */
  public Optional<String> refusal(String queue) {
    QueueNode n = byName.get(queue);
    if (n == null) {
      return Optional.of("unable to find job queue " + queue);
    }
    if (!n.isLeaf()) {
      return Optional.of("queue " + queue + " has child queues; jobs can only be submitted to leaf queues");
    }
    if (!n.spec.open()) {
      return Optional.of("queue " + queue + " is closed");
    }
    return Optional.empty();
  }

  /**
   * The fleet's total capacity: the denominators of dominant-resource shares and the base of
   * guarantee reservation. Takes effect for ordering from the next cycle. Without it, queues are
   * ordered by admitted jobs per weight.
   */
  public void setCapacity(ResourceVector total) {
    ledger.setTotal(total);
    double[] inv = new double[ResourceKeys.count()];
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < total.size(); i++) {
      int id = total.idAt(i);
      if (!ResourceKeys.isQualified(id) && total.amountAt(i) > 0) {
        inv[id] = 1.0 / total.amountAt(i);
        ids.add(id);
      }
    }
    inverseTotal = inv;
    totalIds = ids.stream().mapToInt(Integer::intValue).toArray();
    for (QueueNode n : nodes) {
      if (n != null) {
        n.usageDirty = true;
      }
    }
  }

  // ================================================================ jobs

  /**
   * Accepts a job in Pending. When its queue does not exist, is not a leaf or is closed, the job
   * waits outside the fair-share order with that reason until the queue is defined or opened
   * (as a Kueue workload waits for its LocalQueue).
   */
  public void submit(Job job) {
    if (jobs.containsKey(job.id())) {
      throw new IllegalArgumentException("job " + job.id() + " already exists");
    }
    QueuedJob q = new QueuedJob(job, new JobStateMachine(job.id(), "Submitted", job.submitTime()), intern(job.demand()));
    jobs.put(job.id(), q);
    enqueue(q);
    listener.onTransition(job, q.lifecycle.last());
  }

  private ResourceVector intern(ResourceVector demand) {
    ResourceVector shared = demands.get(demand);
    if (shared != null) {
      return shared;
    }
    if (demands.size() < MAX_INTERNED_DEMANDS) {
      demands.put(demand, demand);
    }
    return demand;
  }

  public Optional<JobStatus> status(JobId id) {
    QueuedJob q = jobs.get(id);
    if (q == null) {
      return Optional.empty();
    }
    String reason = q.state() == JobState.PENDING ? q.pendingReason : null;
    return Optional.of(new JobStatus(q.job, q.state(), q.lifecycle.history(), reason, q.charged()));
  }

  public boolean contains(JobId id) {
    return jobs.containsKey(id);
  }

  /** The job's state, or null for a job not held; {@link #status} without building its history. */
  public JobState state(JobId id) {
    QueuedJob q = jobs.get(id);
    return q == null ? null : q.state();
  }

  /** The job as submitted, or null for a job not held. */
  public Job submitted(JobId id) {
    QueuedJob q = jobs.get(id);
    return q == null ? null : q.job;
  }

  /** Jobs held (not yet ended). */
  public int size() {
    return jobs.size();
  }

  /** Pending jobs in leaf queues (parked ones not included). */
  public int pendingCount() {
    return pendingCount;
  }

  public int pendingCount(String queue) {
    return node(queue).pendingLive;
  }

  /**
   * Gives a pending job a new placement (its propagation policy changed). Jobs past Pending keep
   * theirs: Karmada does not move what is already bound unless asked. Returns whether it changed.
   */
  public boolean replacePlacement(JobId id, io.argosy.queue.placement.Placement placement) {
    QueuedJob q = jobs.get(id);
    if (q == null || q.state() != JobState.PENDING || q.job.placement().equals(placement)) {
      return false;
    }
    q.job = q.job.withPlacement(placement);
    if (q.leaf != null) {
      q.leaf.pending.refresh(q);
      for (QueueNode n = q.leaf; n != null; n = n.parent) {
        if (n.head == q) {
          n.setHead(q, q.job, n.headDemand);
        }
      }
    }
    return true;
  }

  /** The scheduler's explanation of why a pending job was not admitted this cycle. */
  public void setPendingReason(JobId id, String reason) {
    job(id).pendingReason = reason;
  }

  /** Jobs holding quota in a queue (its subtree for a parent), with their charges: reclaim and preemption victims. */
  public List<JobStatus> holdingQuota(String queue) {
    List<JobStatus> out = new ArrayList<>();
    collectCharged(node(queue), out);
    return out;
  }

  /** How many jobs hold quota in a queue and its descendants: {@code holdingQuota(queue).size()} without building it. */
  public int holdingQuotaCount(String queue) {
    return countCharged(node(queue));
  }

  private static int countCharged(QueueNode n) {
    int count = n.charged.size();
    for (QueueNode c : n.children) {
      count += countCharged(c);
    }
    return count;
  }

  private void collectCharged(QueueNode n, List<JobStatus> out) {
    for (QueuedJob q : n.charged) {
      out.add(new JobStatus(q.job, q.state(), q.lifecycle.history(), null, q.charged()));
    }
    for (QueueNode c : n.children) {
      collectCharged(c, out);
    }
  }

  // ================================================================ transitions

  /** Admits the whole job (every replica): see {@link #admit(JobId, Map, String)}. */
  public QuotaCheck admit(JobId id, String reason) {
    return admit(id, null, reason);
  }

  /**
   * Pending to Admitted if the queue's quota allows: charges the demand of the admitted pods by
   * unqualified keys, plus model-qualified keys when a task's demand names one model. When the quota
   * does not allow it, nothing changes and the answer says which key of which queue is exceeded.
   *
   * @param podsPerTask pods admitted per task name for a partial (elastic) admission, each between
   *     the task's minAvailable and replicas and together at least the job's minAvailable; null for
   *     all replicas
   */
  public QuotaCheck admit(JobId id, Map<String, Integer> podsPerTask, String reason) {
    return admit(job(id), podsPerTask, reason);
  }

  QuotaCheck admit(QueuedJob q, Map<String, Integer> podsPerTask, String reason) {
    JobId id = q.job.id();
    if (q.state() != JobState.PENDING) {
      throw new IllegalTransitionException(id, q.state(), JobState.ADMITTED);
    }
    if (q.leaf == null) {
      throw new IllegalStateException("job " + id + " is not in a queue: " + q.pendingReason);
    }
    ResourceVector base = q.demand;
    ResourceVector qualified = ResourceVector.EMPTY;
    if (podsPerTask == null) {
      qualified = q.admissionModels;
    } else {
      base = partialDemand(q.job, podsPerTask);
      for (Task t : q.job.tasks()) {
        qualified = qualified.plus(ModelCharges.atAdmission(t, podsPerTask.getOrDefault(t.name(), 0)));
      }
    }
    ResourceVector charge = base.plus(qualified);
    QuotaCheck check = ledger.check(q.leaf.index, charge);
    if (!check.allowed()) {
      q.pendingReason = check.reason();
      return check;
    }
    ledger.charge(q.leaf.index, charge);
    q.baseCharge = base;
    q.qualifiedCharge = qualified;
    removeFromPending(q);
    holdQuota(q);
    transition(q, JobState.ADMITTED, reason);
    return check;
  }

  private static ResourceVector partialDemand(Job job, Map<String, Integer> podsPerTask) {
    ResourceVector sum = ResourceVector.EMPTY;
    int total = 0;
    for (String name : podsPerTask.keySet()) {
      job.task(name);
    }
    for (Task t : job.tasks()) {
      int n = podsPerTask.getOrDefault(t.name(), 0);
      if (n < t.minAvailable() || n > t.replicas()) {
        throw new IllegalArgumentException("job " + job.id() + " task " + t.name() + ": " + n
            + " pods is outside minAvailable " + t.minAvailable() + " .. replicas " + t.replicas());
      }
      total += n;
      sum = sum.plus(t.podResources().times(n));
    }
    if (total < job.minAvailable()) {
      throw new IllegalArgumentException(
          "job " + job.id() + ": " + total + " pods is below the job's minAvailable " + job.minAvailable());
    }
    return sum;
  }

  /** Admitted to Bound, keeping the model-qualified charge made at admission. */
  public QuotaCheck bind(JobId id, String reason) {
    return bind(id, job(id).qualifiedCharge, reason);
  }

  /**
   * Admitted to Bound with the model-qualified charge of the actual placement (see
   * {@link ModelCharges#forBinding}), which replaces the one made at admission. When it would
   * exceed a model-qualified quota nothing changes and the answer says why.
   */
  public QuotaCheck bind(JobId id, ResourceVector placedModels, String reason) {
    QueuedJob q = job(id);
    if (q.state() != JobState.ADMITTED) {
      throw new IllegalTransitionException(id, q.state(), JobState.BOUND);
    }
    for (int i = 0; i < placedModels.size(); i++) {
      if (!ResourceKeys.isQualified(placedModels.idAt(i))) {
        throw new IllegalArgumentException("binding charge key " + placedModels.keyAt(i) + " is not model-qualified");
      }
    }
    ledger.release(q.leaf.index, q.qualifiedCharge);
    QuotaCheck check = ledger.check(q.leaf.index, placedModels);
    if (!check.allowed()) {
      ledger.charge(q.leaf.index, q.qualifiedCharge);
      return check;
    }
    ledger.charge(q.leaf.index, placedModels);
    q.qualifiedCharge = placedModels;
    usageChanged(q.leaf);
    transition(q, JobState.BOUND, reason);
    return check;
  }

  /** Bound to Running (the agent confirmed the gang). */
  public void running(JobId id, String reason) {
    transition(job(id), JobState.RUNNING, reason);
  }

  public void succeeded(JobId id, String reason) {
    leave(job(id), JobState.SUCCEEDED, reason);
  }

  public void failed(JobId id, String reason) {
    leave(job(id), JobState.FAILED, reason);
  }

  /** Evicted for higher-priority work or reclaim: releases its quota; {@link #requeue} or end it next. */
  public void preempted(JobId id, String reason) {
    leave(job(id), JobState.PREEMPTED, reason);
  }

  public void cancel(JobId id, String reason) {
    leave(job(id), JobState.CANCELLED, reason);
  }

  /**
   * Back to Pending (no placement after admission, binding rejected, preempted, or restarted):
   * releases any quota and queues it again at its original place (its submit time is kept).
   */
  public void requeue(JobId id, String reason) {
    QueuedJob q = job(id);
    if (!q.state().canTransitionTo(JobState.PENDING)) {
      throw new IllegalTransitionException(id, q.state(), JobState.PENDING);
    }
    releaseQuota(q);
    transition(q, JobState.PENDING, reason);
    enqueue(q);
  }

  /** Leaves Pending/Admitted/Bound/Running for {@code to}, releasing quota and dropping ended jobs. */
  private void leave(QueuedJob q, JobState to, String reason) {
    if (!q.state().canTransitionTo(to)) {
      throw new IllegalTransitionException(q.job.id(), q.state(), to);
    }
    if (q.state() == JobState.PENDING) {
      unqueue(q);
    }
    releaseQuota(q);
    transition(q, to, reason);
    if (to.isTerminal()) {
      jobs.remove(q.job.id());
    }
  }

  private void transition(QueuedJob q, JobState to, String reason) {
    Transition t = q.lifecycle.transition(to, reason, clock.instant());
    listener.onTransition(q.job, t);
  }

  private void holdQuota(QueuedJob q) {
    q.leaf.linkCharged(q);
    for (QueueNode n = q.leaf; n != null; n = n.parent) {
      n.chargedJobs++;
    }
    usageChanged(q.leaf);
  }

  private void releaseQuota(QueuedJob q) {
    if (q.baseCharge == null) {
      return;
    }
    ledger.release(q.leaf.index, q.charged());
    q.baseCharge = null;
    q.qualifiedCharge = ResourceVector.EMPTY;
    q.leaf.unlinkCharged(q);
    for (QueueNode n = q.leaf; n != null; n = n.parent) {
      n.chargedJobs--;
    }
    usageChanged(q.leaf);
  }

  private QueuedJob job(JobId id) {
    QueuedJob q = jobs.get(id);
    if (q == null) {
      throw new IllegalArgumentException("unknown job " + id);
    }
    return q;
  }

  private QueueNode node(String name) {
    QueueNode n = byName.get(name);
    if (n == null) {
      throw new IllegalArgumentException("unknown queue " + name);
    }
    return n;
  }

  // ================================================================ pending sets

  private void enqueue(QueuedJob q) {
    String queue = q.job.queue();
    Optional<String> refusal = refusal(queue);
    if (refusal.isPresent()) {
      q.leaf = null;
      q.pendingReason = refusal.get();
      parked.computeIfAbsent(queue, k -> new ArrayList<>()).add(q);
      return;
    }
    QueueNode leaf = byName.get(queue);
    q.leaf = leaf;
    q.pendingReason = "waiting in queue " + queue;
    q.queued = true;
    if (q.chunk == null) {
      leaf.pending.add(q);
    } else {
      // back before its deferred removal was purged: alive again where it stands
      leaf.pending.markDead(q, false);
    }
    leaf.pendingLive++;
    pendingCount++;
    offerToCycle(leaf, q);
  }

  /** Removes a pending job from its queue or from the parked jobs. */
  private void unqueue(QueuedJob q) {
    if (q.leaf == null) {
      List<QueuedJob> list = parked.get(q.job.queue());
      if (list != null) {
        list.remove(q);
        if (list.isEmpty()) {
          parked.remove(q.job.queue());
        }
      }
      return;
    }
    removeFromPending(q);
  }

  /**
   * Takes a job out of its queue's pending set. During a cycle the physical removal waits for the
   * next cycle so that the queue's walk is not disturbed.
   */
  private void removeFromPending(QueuedJob q) {
    if (!q.queued) {
      return;
    }
    QueueNode leaf = q.leaf;
    q.queued = false;
    leaf.pendingLive--;
    pendingCount--;
    if (cycleActive && leaf.cycle == cycleId) {
      leaf.deferred.add(q);
      leaf.pending.markDead(q, true);
      if (leaf.head == q) {
        leaf.advance(q);
        markDirty(leaf);
      }
    } else {
      leaf.pending.remove(q);
    }
  }

  private void unpark(String queue) {
    List<QueuedJob> waiting = parked.remove(queue);
    if (waiting == null) {
      return;
    }
    for (QueuedJob q : waiting) {
      enqueue(q);
    }
  }

  // ================================================================ fair-share order

  /**
   * Starts a scheduling cycle over the pending jobs. Ends any previous cycle; the shares reflect
   * the usage and the fleet total at this moment and follow every admission and release.
   */
  public SchedulingCycle beginCycle() {
    cycleId++;
    cycleActive = true;
    dirty.clear();
    prepare(nodes.get(0));
    return new SchedulingCycle(this, cycleId);
  }

  private void prepare(QueueNode n) {
    n.cycle = cycleId;
    n.cursor = null;
    n.dirty = false;
    n.heap.clear();
    if (n.isLeaf()) {
      n.flushDeferred();
      n.invalidateWalk();
      n.setHead(null, null, null);
      if (n.pendingLive > 0) {
        n.advance(null);
      }
      return;
    }
    for (QueueNode c : n.children) {
      prepare(c);
      if (c.head != null) {
        c.key = share(c, c.headDemand);
        n.heap.add(c);
      }
    }
    takeHeadFromTop(n);
  }

  private static void takeHeadFromTop(QueueNode p) {
    QueueNode top = p.heap.top();
    if (top == null) {
      p.setHead(null, null, null);
    } else {
      p.setHead(top.head, top.headJob, top.headDemand);
    }
  }

  QueuedJob nextCandidate(long cycle) {
    if (cycle != cycleId) {
      throw new IllegalStateException("this scheduling cycle was ended by a newer one");
    }
    for (int i = 0; i < dirty.size(); i++) {
      QueueNode d = dirty.get(i);
      d.dirty = false;
      refreshUp(d);
    }
    dirty.clear();
    QueueNode n = nodes.get(0);
    if (n.head == null) {
      return null;
    }
    while (!n.isLeaf()) {
      n = n.heap.top();
    }
    QueuedJob q = n.head;
    lastJob = n.headJob;
    n.cursor = q;
    n.advance(q);
    // re-ranked at the next call, together with the usage change if the caller admits q
    markDirty(n);
    return q;
  }

  /** Re-keys a node among its siblings and recomputes every ancestor's head and key. */
  private void refreshUp(QueueNode n) {
    for (QueueNode c = n; c.parent != null; c = c.parent) {
      QueueNode p = c.parent;
      if (p.cycle != cycleId) {
        p.cycle = cycleId;
        p.cursor = null;
        p.heap.clear();
      }
      if (c.head == null) {
        if (c.heapIndex >= 0) {
          p.heap.remove(c);
        }
      } else {
        c.key = share(c, c.headDemand);
        if (c.heapIndex >= 0) {
          p.heap.update(c);
        } else {
          p.heap.add(c);
        }
      }
      takeHeadFromTop(p);
    }
  }

  /** A job that became pending during a cycle comes out of it if it sorts after its queue's cursor. */
  private void offerToCycle(QueueNode leaf, QueuedJob q) {
    if (!cycleActive) {
      return;
    }
    if (leaf.cycle != cycleId) {
      leaf.cycle = cycleId;
      leaf.cursor = null;
      leaf.setHead(null, null, null);
      leaf.invalidateWalk();
    }
    if ((leaf.cursor == null || QueuedJob.ORDER.compare(q, leaf.cursor) > 0)
        && (leaf.head == null || QueuedJob.ORDER.compare(q, leaf.head) < 0)) {
      leaf.setHead(q, q.job, q.demand);
      leaf.invalidateWalk(); // the walk must resume right after the new head
      markDirty(leaf);
    }
  }

  private void usageChanged(QueueNode leaf) {
    for (QueueNode n = leaf; n != null; n = n.parent) {
      n.usageDirty = true;
    }
    if (cycleActive && leaf.cycle == cycleId) {
      markDirty(leaf);
    }
  }

  private void markDirty(QueueNode leaf) {
    if (!leaf.dirty) {
      leaf.dirty = true;
      dirty.add(leaf);
    }
  }

  /**
   * The queue's dominant share after admitting {@code next}, divided by its weight: the max over
   * resources of (usage + demand) / fleet total. Without a fleet total: admitted jobs (+1) per weight.
   */
  private double share(QueueNode n, ResourceVector next) {
    int weight = n.spec.weight();
    if (totalIds.length == 0) {
      return (n.chargedJobs + (next == null ? 0 : 1)) / (double) weight;
    }
    if (n.usageDirty) {
      double s = 0;
      for (int id : totalIds) {
        s = Math.max(s, ledger.usageAt(n.index, id) * inverseTotal[id]);
      }
      n.usageShare = s;
      n.usageDirty = false;
    }
    double s = n.usageShare;
    if (next != null) {
      ResourceVector d = next;
      double[] inv = inverseTotal;
      for (int i = 0; i < d.size(); i++) {
        int id = d.idAt(i);
        if (id < inv.length && inv[id] > 0) {
          s = Math.max(s, (ledger.usageAt(n.index, id) + d.amountAt(i)) * inv[id]);
        }
      }
    }
    return s / weight;
  }
}
