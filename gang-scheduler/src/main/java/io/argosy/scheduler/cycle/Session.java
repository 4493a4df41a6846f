package io.argosy.scheduler.cycle;

import io.argosy.gpu.frag.WorkloadMix;
import io.argosy.queue.JobQueues;
import io.argosy.queue.quota.QuotaLedger;
import io.argosy.scheduler.fleet.ClusterState;
import io.argosy.scheduler.fleet.FleetState;
import io.argosy.scheduler.fleet.PlacedGang;
import io.argosy.scheduler.fleet.Trial;
import io.argosy.scheduler.framework.CycleContext;
import io.argosy.scheduler.framework.GangSpec;
import io.argosy.scheduler.framework.Profile;
import io.argosy.scheduler.framework.Reservation;
import io.argosy.scheduler.framework.SchedulerConfig;
import io.argosy.scheduler.framework.TaskSpec;
import io.argosy.scheduler.reasons.ClusterFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One cycle's snapshot and memos (Volcano's session): the time, the clusters, the workload mix, cycle
 * numbers for pod specs and gang shapes, "this gang shape does not fit this cluster" memos (void
 * once the cluster gains capacity), cached placement-policy verdicts, and the reservations made.
 */
final class Session implements CycleContext {
  final long epoch;
  final Instant now;
  final SchedulerConfig config;
  final Profile profile;
  final FleetState fleet;
  final JobQueues queues;
  final WorkloadMix mix;
  final Trial trial;
  final List<ClusterState> clusters;
  /** Jobs pending when the cycle began. */
  final int backlog;
  final Map<String, Reservation> reservations = new LinkedHashMap<>();
  private int nextSpecId;
  private final Map<ShapeKey, Integer> shapes = new HashMap<>();
  private final IdentityHashMap<ClusterState, FailureMemo> failures = new IdentityHashMap<>();
  /** Per placement policy object: per affinity term, per cluster index, the placement-only verdict. */
  final IdentityHashMap<Object, String[][]> placementVerdicts = new IdentityHashMap<>();
  /** Per placement policy object: its terms when no job-specific filter removed a cluster. */
  final IdentityHashMap<Object, List<AllocateAction.Term>> sharedTerms = new IdentityHashMap<>();

  Session(long epoch, Instant now, SchedulerConfig config, Profile profile, FleetState fleet, JobQueues queues,
      WorkloadMix mix, Trial trial) {
    this.epoch = epoch;
    this.now = now;
    this.config = config;
    this.profile = profile;
    this.fleet = fleet;
    this.queues = queues;
    this.mix = mix;
    this.trial = trial;
    this.clusters = List.copyOf(fleet.clusters());
    this.backlog = queues.pendingCount();
  }

  @Override
  public int backlog() {
    return backlog;
  }

  @Override
  public Instant now() {
    return now;
  }

  @Override
  public SchedulerConfig config() {
    return config;
  }

  @Override
  public FleetState fleet() {
    return fleet;
  }

  @Override
  public QuotaLedger ledger() {
    return queues.ledger();
  }

  @Override
  public WorkloadMix workloadMix() {
    return mix;
  }

  @Override
  public Reservation reservation(String cluster) {
    return reservations.isEmpty() ? null : reservations.get(cluster);
  }

  AllocateAction allocate;

  @Override
  public List<List<ClusterState>> candidates(GangSpec gang) {
    List<List<ClusterState>> out = new ArrayList<>();
    for (AllocateAction.Term t : allocate.terms(gang, null)) {
      out.add(t.candidates());
    }
    return out;
  }

  @Override
  public long epoch() {
    return epoch;
  }

  private final Map<String, String> clusterPhrases = new HashMap<>();

  /** {@code placed on cluster <name>}, built once per cluster and cycle (the reason of every admission there). */
  String clusterPhrase(String cluster) {
    return clusterPhrases.computeIfAbsent(cluster, c -> "placed on cluster " + c);
  }

  /** The spec's number in this cycle (memo key). */
  int specId(io.argosy.scheduler.framework.PodSpec spec) {
    int id = spec.idIn(epoch, nextSpecId);
    if (id == nextSpecId) {
      nextSpecId++;
    }
    return id;
  }

  /** The gang's shape number in this cycle: equal specs and mandatory counts, task by task. */
  int shapeId(GangSpec g) {
    if (g.shapeEpoch == epoch) {
      return g.shapeId;
    }
    List<TaskSpec> ts = g.tasks();
    long[] code = new long[ts.size()];
    for (int i = 0; i < code.length; i++) {
      code[i] = ((long) specId(ts.get(i).spec()) << 32) | ts.get(i).mandatory();
    }
    Integer id = shapes.putIfAbsent(new ShapeKey(code), shapes.size());
    g.shapeId = id == null ? shapes.size() - 1 : id;
    g.shapeEpoch = epoch;
    return g.shapeId;
  }

  /** False when no failure is remembered for the cluster at its current capacity (no need to compute a shape). */
  boolean mayKnowFailures(ClusterState c) {
    FailureMemo m = failures.get(c);
    return m != null && m.gainVersion == c.gainVersion() && !m.byShape.isEmpty();
  }

  /** A remembered failure of this gang shape in the cluster, unless the cluster gained capacity since. */
  ClusterFailure knownFailure(ClusterState c, int shape) {
    FailureMemo m = failures.get(c);
    if (m == null || m.gainVersion != c.gainVersion()) {
      return null;
    }
    return m.byShape.get(shape);
  }

  void rememberFailure(ClusterState c, int shape, ClusterFailure f) {
    FailureMemo m = failures.computeIfAbsent(c, k -> new FailureMemo());
    if (m.gainVersion != c.gainVersion()) {
      m.byShape.clear();
      m.gainVersion = c.gainVersion();
    }
    m.byShape.put(shape, f);
  }

  private final IdentityHashMap<String[], List<ClusterState>> passing = new IdentityHashMap<>();

  /** The clusters a cached placement verdict lets through (one shared list per verdict array). */
  List<ClusterState> placementPassing(String[] verdicts) {
    List<ClusterState> p = passing.get(verdicts);
    if (p == null) {
      List<ClusterState> l = new ArrayList<>();
      for (int i = 0; i < verdicts.length; i++) {
        if (verdicts[i] == null) {
          l.add(clusters.get(i));
        }
      }
      p = List.copyOf(l);
      passing.put(verdicts, p);
    }
    return p;
  }

  private static final class FailureMemo {
    long gainVersion = -1;
    final Map<Integer, ClusterFailure> byShape = new HashMap<>();
  }

  private record ShapeKey(long[] code) {
    @Override
    public boolean equals(Object o) {
      return o instanceof ShapeKey k && Arrays.equals(k.code, code);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(code);
    }
  }

  /**
   * Per cluster, the placed gangs there, the possible victims among them and the gangs with runtime
   * estimates by end time; all exact at fleet version {@link #synced}. A commit made by this cycle
   * on top of that version adds its gang to the lists of its clusters ({@link #placed}); any other
   * change of the fleet (an eviction, a refused commit) clears them and they are rebuilt per cluster
   * when asked. Trial what-ifs do not move the fleet's version and leave what the lists hold alone.
   */
  private final Map<ClusterState, List<PlacedGang>> gangsByCluster = new IdentityHashMap<>();
  private final Map<ClusterState, List<io.argosy.scheduler.preempt.Victim>> victimsByCluster = new IdentityHashMap<>();
  /** Clusters whose victim list had gangs appended since it was last sorted. */
  private final java.util.Set<ClusterState> unsortedVictims = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
  private final Map<ClusterState, List<BackfillAction.Ending>> endingsByCluster = new IdentityHashMap<>();
  private long synced = -1;

  private void sync() {
    if (synced != fleet.version()) {
      gangsByCluster.clear();
      victimsByCluster.clear();
      unsortedVictims.clear();
      endingsByCluster.clear();
      synced = fleet.version();
    }
  }

  /**
   * A gang this cycle just placed and bound (new to the fleet), on top of fleet version
   * {@code before}: added to the per-cluster lists when they were exact at that version.
   */
  void placed(PlacedGang pg, long before) {
    if (synced != before) {
      return;
    }
    for (String name : pg.clusters()) {
      ClusterState c = fleet.cluster(name);
      if (c == null || !pg.holdsIn(c)) {
        continue;
      }
      List<PlacedGang> gangs = gangsByCluster.get(c);
      if (gangs != null) {
        gangs.add(pg);
      }
      List<io.argosy.scheduler.preempt.Victim> victims = victimsByCluster.get(c);
      if (victims != null) {
        io.argosy.scheduler.preempt.Victim v = victim(pg);
        if (v != null) {
          victims.add(v);
          unsortedVictims.add(c); // sorted when next asked: many gangs are placed between two preempts
        }
      }
      List<BackfillAction.Ending> endings = endingsByCluster.get(c);
      if (endings != null) {
        BackfillAction.Ending e = BackfillAction.ending(this, pg);
        if (e != null) {
          int at = java.util.Collections.binarySearch(endings, e, BackfillAction.ENDING_ORDER);
          endings.add(at < 0 ? -at - 1 : at, e);
        }
      }
    }
    synced = fleet.version();
  }

  /**
   * The placed gangs holding pods in the cluster, in no particular order (their users sort by total
   * orders), from the cluster's held pods (preempt and backfill ask per candidate cluster and blocked
   * gang: a pass over every gang of the fleet each time was quadratic with a backlog of
   * unschedulable gangs).
   */
  List<PlacedGang> gangsIn(ClusterState c) {
    sync();
    List<PlacedGang> cached = gangsByCluster.get(c);
    if (cached != null) {
      return cached;
    }
    List<PlacedGang> out = new ArrayList<>();
    java.util.Set<io.argosy.queue.job.JobId> seen = new java.util.HashSet<>();
    for (io.argosy.scheduler.fleet.HeldPod h : c.pods().values()) {
      io.argosy.queue.job.JobId id = h.job();
      if (id == null || !seen.add(id)) {
        continue;
      }
      PlacedGang pg = fleet.gang(id);
      if (pg != null && pg.holdsIn(c)) {
        out.add(pg);
      }
    }
    gangsByCluster.put(c, out);
    return out;
  }

  /**
   * Per placed gang, its victim record (job, priority, charge), or {@link #NOT_A_VICTIM}: fixed while
   * the gang stays placed and bound (an evicted and re-placed gang is a new object).
   */
  private final IdentityHashMap<PlacedGang, io.argosy.scheduler.preempt.Victim> victimOf = new IdentityHashMap<>();
  private static final io.argosy.scheduler.preempt.Victim NOT_A_VICTIM =
      new io.argosy.scheduler.preempt.Victim(null, null, 0, null, null, null);

  /**
   * The placed gangs in the cluster that could be victims of some preemptor: bound or running and
   * preemptible, as {@link io.argosy.scheduler.preempt.Victim}s sorted
   * {@link io.argosy.scheduler.preempt.Victim#CHEAPEST_FIRST} (a total order), so that preempt takes
   * its first candidates in one pass instead of sorting per blocked gang. Within a cycle the queues
   * change a placed gang's state only together with the fleet (bind, evict), so preempt and reclaim
   * for each blocked gang compare fields instead of looking every gang up.
   */
  List<io.argosy.scheduler.preempt.Victim> victimsIn(ClusterState c) {
    sync();
    List<io.argosy.scheduler.preempt.Victim> cached = victimsByCluster.get(c);
    if (cached != null) {
      if (unsortedVictims.remove(c)) {
        cached.sort(io.argosy.scheduler.preempt.Victim.CHEAPEST_FIRST); // a sorted run and a short tail
      }
      return cached;
    }
    List<io.argosy.scheduler.preempt.Victim> out = new ArrayList<>();
    for (PlacedGang pg : gangsIn(c)) {
      io.argosy.scheduler.preempt.Victim v = victim(pg);
      if (v != null) {
        out.add(v);
      }
    }
    out.sort(io.argosy.scheduler.preempt.Victim.CHEAPEST_FIRST);
    victimsByCluster.put(c, out);
    return out;
  }

  /** The gang as a possible victim, or null when it is not bound or running, or not preemptible. */
  private io.argosy.scheduler.preempt.Victim victim(PlacedGang pg) {
    io.argosy.queue.job.JobState state = queues.state(pg.job());
    if (state != io.argosy.queue.job.JobState.BOUND && state != io.argosy.queue.job.JobState.RUNNING) {
      return null;
    }
    io.argosy.scheduler.preempt.Victim v = victimOf.get(pg);
    if (v == null) {
      io.argosy.queue.job.Job job = queues.submitted(pg.job());
      v = !job.preemptible() ? NOT_A_VICTIM
          : new io.argosy.scheduler.preempt.Victim(job.id(), job.queue(), job.priority(), pg.boundAt(),
              queues.status(pg.job()).orElseThrow().charged(), pg);
      victimOf.put(pg, v);
    }
    return v == NOT_A_VICTIM ? null : v;
  }

  /** {@link BackfillAction#endings} of the cluster. */
  List<BackfillAction.Ending> endingsIn(ClusterState c) {
    sync();
    List<BackfillAction.Ending> cached = endingsByCluster.get(c);
    if (cached != null) {
      return cached;
    }
    List<BackfillAction.Ending> out = BackfillAction.endings(this, c);
    endingsByCluster.put(c, out);
    return out;
  }
}
