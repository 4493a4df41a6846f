package io.argosy.scheduler.cycle;

import io.argosy.gpu.catalog.Vendor;
import io.argosy.gpu.fit.Assignment;
import io.argosy.gpu.fit.FitResult;
import io.argosy.gpu.fit.Reason;
import io.argosy.gpu.score.ScoringPolicy;
import io.argosy.scheduler.fleet.ClassMemo;
import io.argosy.scheduler.fleet.ClusterState;
import io.argosy.scheduler.fleet.NodeClass;
import io.argosy.scheduler.fleet.NodeSlot;
import io.argosy.scheduler.fleet.PlacementMode;
import io.argosy.scheduler.fleet.PodPlacement;
import io.argosy.scheduler.framework.GangSpec;
import io.argosy.scheduler.framework.Modes;
import io.argosy.scheduler.framework.NodeFilter;
import io.argosy.scheduler.framework.PodSpec;
import io.argosy.scheduler.framework.TaskSpec;
import io.argosy.scheduler.framework.WeightedScorer;
import io.argosy.scheduler.reasons.ClusterFailure;
import io.argosy.scheduler.reasons.NodeReasons;
import java.util.ArrayList;
import java.util.List;

/**
 * Places the pods of a gang on the nodes and devices of one cluster, pod by pod on the cycle's
 * {@link io.argosy.scheduler.fleet.Trial}, all or nothing: mandatory pods first (any failure undoes
 * the gang), then optional pods of elastic gangs while they fit.
 *
 * <p>Each pod goes to the best-scoring node, the lowest node index on a tie. The fast path fits and
 * scores a pod once per node class (shape + usage) and memoises the answer for the cycle; the
 * reference path ({@code SchedulerConfig.referencePath}, and pods whose constraints name single
 * nodes) scans every node. Both run the same filters, fit and scorers and pick the same node.
 */
final class GangPlacer {
  private static final Vendor[] VENDORS = Vendor.values();
  private final Session s;
  private final List<NodeFilter> filters;

  // result of the last evaluate()
  private double lastScore;
  private Object lastReasons;
  private Assignment lastAssignment;

  GangPlacer(Session s) {
    this.s = s;
    this.filters = s.profile.nodeFilters();
  }

  /** One pod's spec in one cluster, with its mode, gpu-model policy and scorers resolved. */
  static final class TaskContext {
    final TaskSpec task;
    final PodSpec spec;
    final int specId;
    final ScoringPolicy policy;
    final List<WeightedScorer> scorers;
    final boolean perNode;
    /** Demand a node must have free: cpu, memory, and whole devices as {@link ClusterState#classFreeWhole()} encodes them (0: none; -1: several vendors, not checked). */
    final long cpu;
    final long memory;
    final int wholeVendorKey;
    final long wholeCount;

    TaskContext(Session s, TaskSpec task, ClusterState c) {
      this.task = task;
      this.spec = task.spec();
      this.specId = s.specId(spec);
      PlacementMode mode = Modes.mode(spec, c, s.config);
      this.policy = Modes.policy(mode, c);
      this.scorers = s.profile.scorers(mode);
      this.perNode = s.config.referencePath() || spec.perNode();
      this.cpu = spec.demand().cpuMilli();
      this.memory = spec.demand().memoryBytes();
      int vendor = -1;
      long count = 0;
      for (var container : spec.demand().containers()) {
        for (var a : container.accelerators()) {
          if (a.kind() == io.argosy.gpu.demand.DemandKind.WHOLE && a.count() > 0) {
            int v = a.vendor().ordinal();
            vendor = vendor == -1 || vendor == v ? v : -2;
            count += a.count();
          }
        }
      }
      this.wholeVendorKey = vendor == -1 ? 0 : vendor == -2 ? -1 : vendor + 1;
      this.wholeCount = count;
    }
  }

  /** The outcome of placing (part of) a gang in one cluster. */
  static final class Attempt {
    final ClusterState cluster;
    final List<PodPlacement> pods;
    final double scoreSum;
    final ClusterFailure failure;
    /** Trial size before the attempt: undo to it to drop the placement. */
    final int mark;
    /** For {@link #placeSome}: which of the requested pods were placed, in the order of {@link #pods}. */
    final List<PodRef> refs;

    Attempt(ClusterState cluster, List<PodPlacement> pods, double scoreSum, ClusterFailure failure, int mark) {
      this(cluster, pods, scoreSum, failure, mark, List.of());
    }

    Attempt(ClusterState cluster, List<PodPlacement> pods, double scoreSum, ClusterFailure failure, int mark,
        List<PodRef> refs) {
      this.cluster = cluster;
      this.pods = pods;
      this.scoreSum = scoreSum;
      this.failure = failure;
      this.mark = mark;
      this.refs = refs;
    }

    boolean placed() {
      return failure == null;
    }

    double meanScore() {
      return pods.isEmpty() ? 0 : scoreSum / pods.size();
    }
  }

  /** A pod to place: task index and the pod's index within its task. */
  record PodRef(int task, int index) {}

  TaskContext[] contexts(GangSpec g, ClusterState c) {
    List<TaskSpec> ts = g.tasks();
    TaskContext[] out = new TaskContext[ts.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = new TaskContext(s, ts.get(i), c);
    }
    return out;
  }

  /**
   * Places the gang in the cluster: on success the trial holds the allocations (undo to
   * {@link Attempt#mark} to drop them); on failure nothing is held.
   */
  Attempt place(GangSpec g, ClusterState c) {
    ClusterFailure gate = gate(g, c);
    int mark = s.trial.size();
    if (gate != null) {
      return new Attempt(c, List.of(), 0, gate, mark);
    }
    TaskContext[] ctx = contexts(g, c);
    List<PodPlacement> placed = new ArrayList<>(g.totalPods());
    double sum = 0;
    for (int t = 0; t < ctx.length; t++) {
      for (int i = 0; i < ctx[t].task.mandatory(); i++) {
        Pick p = pick(ctx[t], c, null);
        if (p == null) {
          NodeReasons why = new NodeReasons();
          pick(ctx[t], c, why);
          s.trial.undoTo(mark);
          return new Attempt(c, List.of(), 0,
              ClusterFailure.unschedulable(c.name(), g.totalPods() - placed.size(), g.totalPods(), why), mark);
        }
        sum += p.score;
        placed.add(allocate(g, ctx[t], i, c, p));
      }
    }
    for (int t = 0; t < ctx.length; t++) {
      for (int i = ctx[t].task.mandatory(); i < ctx[t].task.replicas(); i++) {
        Pick p = pick(ctx[t], c, null);
        if (p == null) {
          break; // identical pods: the rest of this task does not fit either
        }
        sum += p.score;
        placed.add(allocate(g, ctx[t], i, c, p));
      }
    }
    return new Attempt(c, placed, sum, null, mark);
  }

  /**
   * Places the given pods in the cluster as far as they fit, skipping a task once one of its pods
   * does not fit (for divided gangs). Returns what was placed; the trial holds it.
   */
  Attempt placeSome(GangSpec g, ClusterState c, List<PodRef> pods, int limit) {
    int mark = s.trial.size();
    TaskContext[] ctx = contexts(g, c);
    boolean[] full = new boolean[ctx.length];
    List<PodPlacement> placed = new ArrayList<>();
    List<PodRef> refs = new ArrayList<>();
    double sum = 0;
    for (PodRef r : pods) {
      if (placed.size() >= limit) {
        break;
      }
      if (full[r.task()]) {
        continue;
      }
      Pick p = pick(ctx[r.task()], c, null);
      if (p == null) {
        full[r.task()] = true;
        continue;
      }
      sum += p.score;
      placed.add(allocate(g, ctx[r.task()], r.index(), c, p));
      refs.add(r);
    }
    return new Attempt(c, placed, sum, null, mark, refs);
  }

  /** Volcano's failure message for the first pod of a task that fits no node of the cluster. */
  NodeReasons reasonsFor(TaskContext t, ClusterState c) {
    NodeReasons why = new NodeReasons();
    pick(t, c, why);
    return why;
  }

  private PodPlacement allocate(GangSpec g, TaskContext t, int index, ClusterState c, Pick p) {
    s.trial.allocate(c, p.node, p.assignment);
    String name = podName(g, t.task.name(), index);
    return new PodPlacement(name, t.task.name(), p.node.name(), p.assignment);
  }

  static String podName(GangSpec g, String task, int index) {
    return g.job().id().name() + "-" + task + "-" + index;
  }

  /**
   * Turns a gang away in O(1) when the cluster's free totals over ready nodes cannot cover its
   * mandatory pods; null when they might. When a task's pod fits no node at all the message is the
   * per-node one (memoised per node class), otherwise the totals.
   */
  ClusterFailure gate(GangSpec g, ClusterState c) {
    String shortage = shortage(g, c);
    if (shortage == null) {
      return null;
    }
    for (TaskSpec t : g.tasks()) {
      if (t.mandatory() > 0) {
        TaskContext ctx = new TaskContext(s, t, c);
        if (pick(ctx, c, null) == null) {
          return ClusterFailure.unschedulable(c.name(), g.totalPods(), g.totalPods(), reasonsFor(ctx, c));
        }
      }
    }
    return ClusterFailure.capacity(c.name(), g.totalPods() + "/" + g.totalPods() + " tasks in gang unschedulable: "
        + shortage);
  }

  private static String shortage(GangSpec g, ClusterState c) {
    if (g.mandatoryCpu() > c.freeCpuMilli()) {
      return "gang needs " + g.mandatoryCpu() + "m cpu, cluster has " + c.freeCpuMilli() + "m free";
    }
    if (g.mandatoryMemory() > c.freeMemoryBytes()) {
      return "gang needs " + mebibytes(g.mandatoryMemory()) + " memory, cluster has " + mebibytes(c.freeMemoryBytes())
          + " free";
    }
    if (g.mandatoryPods() > c.freePods()) {
      return "gang needs " + g.mandatoryPods() + " pod slots, cluster has " + c.freePods() + " free";
    }
    for (Vendor v : VENDORS) {
      long need = g.mandatoryWhole(v);
      if (need > 0 && need > c.freeWholeDevices(v)) {
        return "gang needs " + need + " " + g.wholeResource(v) + ", cluster has " + c.freeWholeDevices(v) + " free";
      }
    }
    return null;
  }

  private static String mebibytes(long bytes) {
    return (bytes + (1L << 20) - 1) / (1L << 20) + "Mi";
  }

  // ================================================================== picking a node for one pod

  /** Where a pod goes. */
  private record Pick(NodeSlot node, Assignment assignment, double score) {}

  /** The best node for the pod, or null; with {@code why}, counts the reasons of every node instead. */
  private Pick pick(TaskContext t, ClusterState c, NodeReasons why) {
    if (t.perNode) {
      return scan(t, c, why);
    }
    return why == null ? byColumn(t, c) : byClass(t, c, why);
  }

  /**
   * One pod spec's memo answers in one cluster, by class position: the class each was computed for,
   * its score and whether it fits. An entry is current while the same class object sits at that
   * position (a class is one fixed usage, so its answer never changes within the cycle).
   */
  private static final class Column {
    NodeClass[] classes = new NodeClass[0];
    double[] scores = new double[0];
    boolean[] fits = new boolean[0];
    /**
     * The assignment fit gave where this column evaluated the class itself, and the node it is for
     * (an assignment names the node and its devices): the pick reuses it while that node still
     * represents the class, instead of fitting again.
     */
    Assignment[] assignments = new Assignment[0];
    int[] assignedTo = new int[0];
    /** Per shape number: 0 not asked yet, {@link #MAY_FIT}, {@link #NEVER_FITS} (not even on an empty node of it). */
    byte[] shapes = new byte[0];
    /** Over every shape of the cluster: 0 not asked yet, {@link #MAY_FIT} or {@link #NEVER_FITS}. */
    byte anyShape;

    void ensure(int n) {
      if (classes.length < n) {
        int m = Math.max(n, classes.length * 2);
        classes = java.util.Arrays.copyOf(classes, m);
        scores = java.util.Arrays.copyOf(scores, m);
        fits = java.util.Arrays.copyOf(fits, m);
        assignments = java.util.Arrays.copyOf(assignments, m);
        assignedTo = java.util.Arrays.copyOf(assignedTo, m);
      }
    }
  }

  private static final byte MAY_FIT = 1;
  private static final byte NEVER_FITS = 2;

  /**
   * Whether the pod can fit some node of the shape: it passes the filters and fits an empty node of
   * it. Filters read only what the shape holds (readiness, labels but the hostname, taints; pods
   * naming single nodes take the per-node path) and usage only takes capacity away, so a pod that
   * does not fit the empty node fits no class of that shape.
   */
  private byte shapeVerdict(TaskContext t, Column col, int shape) {
    if (col.shapes.length <= shape) {
      col.shapes = java.util.Arrays.copyOf(col.shapes, Math.max(shape + 1, col.shapes.length * 2));
    }
    NodeSlot empty = s.fleet.shapeTemplate(shape);
    byte v = MAY_FIT;
    for (int i = 0; i < filters.size() && v == MAY_FIT; i++) {
      if (filters.get(i).filter(t.spec, empty) != null) {
        v = NEVER_FITS;
      }
    }
    if (v == MAY_FIT && !(empty.state().fit(t.spec.demand(), t.policy) instanceof FitResult.Fits)) {
      v = NEVER_FITS;
    }
    col.shapes[shape] = v;
    return v;
  }

  /**
   * Whether every mandatory pod of the gang fits some node of the cluster with nothing on it. When
   * not, no eviction can make the gang fit there (usage only takes capacity away), so preempt and
   * reclaim pass the cluster over instead of trying victim sets. Per (cluster, pod spec) once a cycle.
   */
  boolean mayFitEmpty(GangSpec g, ClusterState c) {
    for (TaskSpec task : g.tasks()) {
      if (task.mandatory() == 0) {
        continue;
      }
      TaskContext t = new TaskContext(s, task, c);
      if (t.perNode) {
        return true; // constraints that name single nodes are not judged by shape
      }
      Column col = column(c, t.specId);
      if (col.anyShape == 0) {
        col.anyShape = NEVER_FITS;
        int n = c.classCount();
        int[] shapes = c.classShapes();
        for (int k = 0; k < n && col.anyShape == NEVER_FITS; k++) {
          int shape = shapes[k];
          byte v = shape < col.shapes.length ? col.shapes[shape] : 0;
          col.anyShape = v == 0 ? shapeVerdict(t, col, shape) : v;
        }
      }
      if (col.anyShape == NEVER_FITS) {
        return false;
      }
    }
    return true;
  }

  private final java.util.IdentityHashMap<ClusterState, Column[]> columns = new java.util.IdentityHashMap<>();

  private Column column(ClusterState c, int spec) {
    Column[] cs = columns.get(c);
    if (cs == null || cs.length <= spec) {
      Column[] grown = new Column[Math.max(spec + 1, cs == null ? 16 : cs.length * 2)];
      if (cs != null) {
        System.arraycopy(cs, 0, grown, 0, cs.length);
      }
      cs = grown;
      columns.put(c, cs);
    }
    Column col = cs[spec];
    if (col == null) {
      col = new Column();
      cs[spec] = col;
    }
    return col;
  }

  /**
   * What {@link #byClass} picks (best score, then lowest representative index), read from the spec's
   * column and the cluster's class and representative arrays: sequential reads instead of a hash
   * probe into every class's memo. Entries for classes new at a position come from the class memo
   * (evaluated when absent), as in {@link #byClass}.
   */
  private Pick byColumn(TaskContext t, ClusterState c) {
    int n = c.classCount();
    NodeClass[] arr = c.classArray();
    int[] rep = c.representativeIndices();
    int[] shapes = c.classShapes();
    long[] freeCpu = c.classFreeCpu();
    long[] freeMemory = c.classFreeMemory();
    int[] freePods = c.classFreePods();
    int[] freeWhole = c.classFreeWhole();
    long needCpu = t.cpu;
    long needMemory = t.memory;
    int wholeKey = t.wholeVendorKey;
    long wholeCount = t.wholeCount;
    Column col = column(c, t.specId);
    col.ensure(n);
    NodeClass[] seen = col.classes;
    double[] scores = col.scores;
    boolean[] fits = col.fits;
    long epoch = s.epoch;
    int spec = t.specId;
    int best = -1;
    double bestScore = Double.NEGATIVE_INFINITY;
    int bestIndex = Integer.MAX_VALUE;
    Assignment bestAssignment = null;
    byte[] verdicts = col.shapes;
    for (int k = 0; k < n; k++) {
      int shape = shapes[k];
      byte verdict = shape < verdicts.length ? verdicts[shape] : 0;
      if (verdict == 0) {
        verdict = shapeVerdict(t, col, shape);
        verdicts = col.shapes;
      }
      if (verdict == NEVER_FITS) {
        continue; // its column entry may stay stale: it is read only behind this test
      }
      if (needCpu > freeCpu[k] || needMemory > freeMemory[k] || freePods[k] < 1) {
        continue; // fit refuses it for cpu, memory or pod slots (a node not ready has nothing free)
      }
      if (wholeKey > 0) {
        int w = freeWhole[k];
        if (w >= 0 && ((w >>> 24) != wholeKey || (w & 0xFFFFFF) < wholeCount)) {
          continue; // fewer untouched devices of the vendor than the pod takes whole
        }
      }
      NodeClass cls = arr[k];
      Assignment fresh = null;
      if (seen[k] != cls) {
        ClassMemo m = cls.memo();
        int slot = m.find(epoch, spec);
        if (slot < 0) {
          evaluate(t, cls.representative());
          m.put(epoch, spec, lastScore, lastReasons);
          fits[k] = lastReasons == null;
          scores[k] = lastScore;
          fresh = lastAssignment;
          col.assignments[k] = fresh;
          col.assignedTo[k] = rep[k];
        } else {
          fits[k] = m.fits(slot);
          scores[k] = m.score(slot);
          col.assignments[k] = null;
        }
        seen[k] = cls;
      }
      if (!fits[k]) {
        continue;
      }
      double score = scores[k];
      if (score > bestScore || (score == bestScore && rep[k] < bestIndex)) {
        best = k;
        bestScore = score;
        bestIndex = rep[k];
        bestAssignment = fresh;
      }
    }
    if (best < 0) {
      return null;
    }
    if (bestAssignment == null && col.assignments[best] != null && col.assignedTo[best] == rep[best]) {
      bestAssignment = col.assignments[best]; // same class, same node: what fit gave it then, it gives now
    }
    return classPick(t, arr[best].representative(), bestAssignment, bestScore);
  }

  private Pick byClass(TaskContext t, ClusterState c, NodeReasons why) {
    long epoch = s.epoch;
    int spec = t.specId;
    NodeClass best = null;
    Assignment bestAssignment = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    int bestIndex = Integer.MAX_VALUE;
    int n = c.classCount();
    for (int k = 0; k < n; k++) {
      NodeClass cls = c.classAt(k);
      ClassMemo m = cls.memo();
      int slot = m.find(epoch, spec);
      boolean fits;
      double score;
      Assignment fresh = null;
      if (slot < 0) {
        evaluate(t, cls.representative());
        m.put(epoch, spec, lastScore, lastReasons);
        fits = lastReasons == null;
        score = lastScore;
        fresh = lastAssignment;
      } else {
        fits = m.fits(slot);
        score = m.score(slot);
      }
      if (!fits) {
        if (why != null) {
          count(why, slot < 0 ? lastReasons : m.reasons(slot), cls.size());
        }
        continue;
      }
      int index = cls.representative().index();
      if (score > bestScore || (score == bestScore && index < bestIndex)) {
        best = cls;
        bestScore = score;
        bestIndex = index;
        bestAssignment = fresh;
      }
    }
    if (best == null || why != null) {
      return null;
    }
    return classPick(t, best.representative(), bestAssignment, bestScore);
  }

  /** The pick on a class's representative; a memo hit carries no assignment, so fit it again. */
  private static Pick classPick(TaskContext t, NodeSlot node, Assignment assignment, double score) {
    if (assignment == null) {
      FitResult r = node.state().fit(t.spec.demand(), t.policy);
      if (!(r instanceof FitResult.Fits f)) {
        throw new IllegalStateException("node class memo out of step with node " + node.name());
      }
      assignment = f.assignment();
    }
    return new Pick(node, assignment, score);
  }

  /** The reference path: every node, in index order. */
  private Pick scan(TaskContext t, ClusterState c, NodeReasons why) {
    NodeSlot best = null;
    Assignment bestAssignment = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    int n = c.slotCount();
    for (int i = 0; i < n; i++) {
      NodeSlot node = c.slot(i);
      if (node == null) {
        continue;
      }
      evaluate(t, node);
      if (lastReasons != null) {
        if (why != null) {
          count(why, lastReasons, 1);
        }
        continue;
      }
      if (lastScore > bestScore) {
        best = node;
        bestScore = lastScore;
        bestAssignment = lastAssignment;
      }
    }
    return best == null || why != null ? null : new Pick(best, bestAssignment, bestScore);
  }

  /** Filters, fit and scores of the pod on the node, into lastScore / lastReasons / lastAssignment. */
  private void evaluate(TaskContext t, NodeSlot node) {
    lastAssignment = null;
    lastScore = 0;
    for (int i = 0; i < filters.size(); i++) {
      String key = filters.get(i).filter(t.spec, node);
      if (key != null) {
        lastReasons = key;
        return;
      }
    }
    FitResult r = node.state().fit(t.spec.demand(), t.policy);
    if (r instanceof FitResult.NoFit nf) {
      List<Reason> rs = nf.reasons();
      String[] keys = new String[rs.size()];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = rs.get(i).key();
      }
      lastReasons = keys;
      return;
    }
    Assignment a = ((FitResult.Fits) r).assignment();
    double score = 0;
    for (int i = 0; i < t.scorers.size(); i++) {
      WeightedScorer w = t.scorers.get(i);
      if (w.weight() != 0) {
        score += w.weight() * w.scorer().score(s, t.spec, t.policy, node.state(), a);
      }
    }
    lastReasons = null;
    lastScore = score;
    lastAssignment = a;
  }

  private static void count(NodeReasons why, Object reasons, int nodes) {
    if (reasons instanceof String key) {
      why.add(key, nodes);
    } else if (reasons instanceof String[] keys) {
      for (String k : keys) {
        why.add(k, nodes);
      }
    }
  }
}
