package io.argosy.scheduler.invariant;

import io.argosy.gpu.fit.NodeState;
import io.argosy.queue.JobQueues;
import io.argosy.queue.JobStatus;
import io.argosy.queue.job.Job;
import io.argosy.queue.job.JobState;
import io.argosy.queue.job.Task;
import io.argosy.queue.placement.ClusterAffinity;
import io.argosy.queue.placement.ClusterAffinityTerm;
import io.argosy.queue.placement.ClusterToleration;
import io.argosy.queue.placement.Placement;
import io.argosy.queue.quota.QuotaOverage;
import io.argosy.scheduler.cycle.WorkloadHints;
import io.argosy.scheduler.fleet.BindingRecord;
import io.argosy.scheduler.fleet.ClusterState;
import io.argosy.scheduler.fleet.FleetState;
import io.argosy.scheduler.fleet.HeldPod;
import io.argosy.scheduler.fleet.NodeClass;
import io.argosy.scheduler.fleet.NodeSlot;
import io.argosy.scheduler.fleet.PlacedGang;
import io.argosy.scheduler.fleet.Taint;
import io.argosy.scheduler.framework.NodeConstraints;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks what the scheduler must never break, from scratch (slow, for tests and {@code simulate}):
 *
 * <ul>
 *   <li>accounting: every node's usage equals its held pods re-applied to a fresh node, and the
 *       assumed ones fit (no node, device, partition or countable overcommitted by Argosy); node
 *       classes and free totals agree with the nodes;
 *   <li>gangs whole: a bound job holds at least its mandatory pods per task and its minAvailable,
 *       in one cluster unless its placement divides replicas;
 *   <li>quota: no queue's usage is above its capability;
 *   <li>placement: bound jobs are in clusters their cluster affinity allows, whose NoSchedule and
 *       NoExecute taints they tolerate, on nodes that satisfy their node selector, node affinity and
 *       node taints.
 * </ul>
 */
public final class InvariantChecker {
  private InvariantChecker() {}

  /** A broken invariant. */
  public record Violation(String invariant, String subject, String message) {
    @Override
    public String toString() {
      return invariant + " [" + subject + "]: " + message;
    }
  }

  public static List<Violation> check(FleetState fleet, JobQueues queues) {
    List<Violation> out = new ArrayList<>();
    for (ClusterState c : fleet.clusters()) {
      accounting(c, out);
      indices(c, out);
      deviceModels(c, out);
    }
    for (PlacedGang g : fleet.gangs()) {
      Optional<JobStatus> st = queues == null ? Optional.empty() : queues.status(g.job());
      if (st.isEmpty() || st.get().state() != JobState.BOUND) {
        continue;
      }
      Job job = st.get().job();
      gangWhole(fleet, g, job, out);
      placement(fleet, g, job, out);
    }
    if (queues != null) {
      for (String q : queues.ledger().names()) {
        for (QuotaOverage o : queues.ledger().overages(q)) {
          out.add(new Violation("quota", q, o.toString()));
        }
      }
    }
    return out;
  }

  /** Throws IllegalStateException listing every violation, if any. */
  public static void assertHolds(FleetState fleet, JobQueues queues) {
    List<Violation> v = check(fleet, queues);
    if (!v.isEmpty()) {
      StringBuilder b = new StringBuilder(v.size() + " invariant violation(s):");
      for (Violation x : v) {
        b.append("\n  ").append(x);
      }
      throw new IllegalStateException(b.toString());
    }
  }

  // ------------------------------------------------------------------ accounting

  private static void accounting(ClusterState c, List<Violation> out) {
    Map<NodeSlot, List<HeldPod>> byNode = new HashMap<>();
    for (HeldPod h : c.pods().values()) {
      NodeSlot s = h.onKnownNode() ? c.node(h.node()) : null;
      if (s != null) {
        byNode.computeIfAbsent(s, k -> new ArrayList<>()).add(h);
      }
    }
    for (int i = 0; i < c.slotCount(); i++) {
      NodeSlot s = c.slot(i);
      if (s == null) {
        continue;
      }
      NodeState fresh = new NodeState(s.inventory());
      List<HeldPod> held = byNode.getOrDefault(s, List.of());
      for (HeldPod h : held) {
        if (h.kind() == HeldPod.Kind.OBSERVED) {
          try {
            fresh.allocateObserved(h.assignment());
          } catch (IllegalStateException e) {
            // an observed pod on a node whose devices changed: only cpu and memory count (FleetState does the same)
            fresh.allocateObserved(new io.argosy.gpu.fit.Assignment(h.assignment().node(), h.assignment().cpuMilli(),
                h.assignment().memoryBytes(), bare(h.assignment())));
          }
        }
      }
      for (HeldPod h : held) {
        if (h.kind() != HeldPod.Kind.OBSERVED) {
          try {
            fresh.allocate(h.assignment());
          } catch (IllegalStateException e) {
            out.add(new Violation("no overcommit", c.name() + "/" + s.name(),
                "assumed pod " + h.key() + " does not fit: " + e.getMessage()));
            fresh.allocateObserved(h.assignment());
          }
        }
      }
      if (!fresh.usage().equals(s.state().usage())) {
        out.add(new Violation("accounting", c.name() + "/" + s.name(),
            "usage " + s.state().usage() + " differs from its held pods " + fresh.usage()));
      }
    }
  }

  /** The devices per model the cluster keeps as nodes change equal a recount over its nodes. */
  private static void deviceModels(ClusterState c, List<Violation> out) {
    Map<String, Long> recount = new java.util.TreeMap<>();
    for (int i = 0; i < c.slotCount(); i++) {
      NodeSlot s = c.slot(i);
      if (s != null) {
        for (var d : s.inventory().devices()) {
          recount.merge(d.model(), 1L, Long::sum);
        }
      }
    }
    if (!recount.equals(c.devicesByModel())) {
      out.add(new Violation("device models", c.name(), "kept " + c.devicesByModel() + ", nodes hold " + recount));
    }
  }

  private static List<io.argosy.gpu.fit.ContainerAssignment> bare(io.argosy.gpu.fit.Assignment a) {
    List<io.argosy.gpu.fit.ContainerAssignment> out = new ArrayList<>();
    for (var ca : a.containers()) {
      out.add(new io.argosy.gpu.fit.ContainerAssignment(ca.container(), List.of(), Map.of()));
    }
    return out;
  }

  /** What {@link ClusterState#classFreeWhole()} must hold for a class with this representative, recounted. */
  private static int freeWholeKey(NodeSlot rep) {
    var st = rep.state();
    if (!st.ready() || st.deviceCount() == 0) {
      return 0;
    }
    int vendor = st.device(0).vendor().ordinal();
    for (int i = 1; i < st.deviceCount(); i++) {
      if (st.device(i).vendor().ordinal() != vendor) {
        return -1;
      }
    }
    int free = 0;
    for (int i = 0; i < st.deviceCount(); i++) {
      var d = st.device(i);
      var mode = d.mode();
      if (d.healthy() && (mode == io.argosy.gpu.inventory.DeviceMode.WHOLE || mode == io.argosy.gpu.inventory.DeviceMode.SHARE)
          && st.tasks(i) == 0 && !st.exclusive(i) && st.usedMemoryMiB(i) == 0 && st.usedCores(i) == 0) {
        free++;
      }
    }
    for (int q = 0; q < st.partitionCount(); q++) {
      var d = st.device(st.partition(q).deviceIndex());
      if (st.partitionFree(q) && d.mode() == io.argosy.gpu.inventory.DeviceMode.MIG_SINGLE && d.healthy()) {
        free++;
      }
    }
    return (vendor + 1) << 24 | free;
  }

  private static void indices(ClusterState c, List<Violation> out) {
    int members = 0;
    for (int k = 0; k < c.classCount(); k++) {
      NodeClass cls = c.classAt(k);
      if (cls.size() == 0) {
        out.add(new Violation("node classes", c.name(), "an empty class is listed"));
        continue;
      }
      NodeSlot rep = cls.representative();
      if (c.classArray()[k] != cls || c.representativeIndices()[k] != rep.index()) {
        out.add(new Violation("node classes", c.name(), "class position " + k + " holds a stale representative index"));
      }
      var st = rep.state();
      boolean ready = st.ready();
      if (c.classShapes()[k] != rep.shape()
          || c.classFreeCpu()[k] != (ready ? st.freeCpuMilli() : 0)
          || c.classFreeMemory()[k] != (ready ? st.freeMemoryBytes() : 0)
          || c.classFreePods()[k] != (ready ? st.freePods() : 0)
          || c.classFreeWhole()[k] != freeWholeKey(rep)) {
        out.add(new Violation("node classes", c.name(), "class position " + k + " holds a stale shape or free capacity"));
      }
      for (int i = 0; i < cls.size(); i++) {
        NodeSlot m = cls.member(i);
        members++;
        if (m.nodeClass() != cls || m.shape() != rep.shape() || !m.state().usage().equals(rep.state().usage())) {
          out.add(new Violation("node classes", c.name() + "/" + m.name(), "in a class with a different shape or usage"));
        }
        if (m.index() < rep.index()) {
          out.add(new Violation("node classes", c.name() + "/" + m.name(), "class representative is not the lowest index"));
        }
      }
    }
    if (members != c.nodeCount()) {
      out.add(new Violation("node classes", c.name(), members + " nodes in classes, " + c.nodeCount() + " nodes"));
    }
    long cpu = 0;
    long mem = 0;
    long pods = 0;
    for (int i = 0; i < c.slotCount(); i++) {
      NodeSlot s = c.slot(i);
      if (s != null && s.state().ready()) {
        cpu += s.state().freeCpuMilli();
        mem += s.state().freeMemoryBytes();
        pods += s.state().freePods();
      }
    }
    if (cpu != c.freeCpuMilli() || mem != c.freeMemoryBytes() || pods != c.freePods()) {
      out.add(new Violation("free totals", c.name(), "cpu/memory/pods " + c.freeCpuMilli() + "/" + c.freeMemoryBytes()
          + "/" + c.freePods() + " but nodes say " + cpu + "/" + mem + "/" + pods));
    }
  }

  // ------------------------------------------------------------------ gangs

  private static void gangWhole(FleetState fleet, PlacedGang g, Job job, List<Violation> out) {
    Map<String, Integer> perTask = new HashMap<>();
    for (PlacedGang.HeldPodRef r : g.pods()) {
      if (r.pod().task() != null) {
        perTask.merge(r.pod().task(), 1, Integer::sum);
      }
    }
    int total = 0;
    for (Task t : job.tasks()) {
      int n = perTask.getOrDefault(t.name(), 0);
      total += n;
      if (n < t.minAvailable()) {
        out.add(new Violation("gang whole", job.id().toString(),
            "task " + t.name() + " holds " + n + " pods, below its minAvailable " + t.minAvailable()));
      }
    }
    if (total < job.minAvailable()) {
      out.add(new Violation("gang whole", job.id().toString(),
          total + " pods held, below minAvailable " + job.minAvailable()));
    }
    if (g.clusters().size() > 1 && !job.placement().allowsDivision()) {
      out.add(new Violation("gang whole", job.id().toString(), "spans clusters " + g.clusters()
          + " without a Divided placement"));
    }
    for (BindingRecord b : g.bindings()) {
      if (fleet.cluster(b.binding().cluster()) == null) {
        out.add(new Violation("gang whole", job.id().toString(), "bound to unknown cluster " + b.binding().cluster()));
      }
    }
  }

  // ------------------------------------------------------------------ placement

  private static void placement(FleetState fleet, PlacedGang g, Job job, List<Violation> out) {
    Placement p = job.placement();
    List<WorkloadHints.Hint> hints = WorkloadHints.of(job, false);
    for (String name : g.clusters()) {
      ClusterState c = fleet.cluster(name);
      if (c == null) {
        continue;
      }
      if (!affinityAllows(p, c)) {
        out.add(new Violation("cluster affinity", job.id().toString(), "placed in cluster " + name
            + " which its placement does not allow"));
      }
      for (Taint t : c.taints()) {
        if (t.repels() && !tolerated(p.clusterTolerations(), t)) {
          out.add(new Violation("cluster taints", job.id().toString(), "placed in cluster " + name
              + " despite untolerated taint " + t));
        }
      }
    }
    for (PlacedGang.HeldPodRef r : g.pods()) {
      HeldPod h = r.pod();
      NodeSlot s = r.cluster().node(h.node());
      if (s == null || h.task() == null) {
        continue;
      }
      int ti = taskIndex(job, h.task());
      if (ti < 0) {
        continue;
      }
      NodeConstraints nc = hints.get(ti).constraints();
      Task task = job.tasks().get(ti);
      if (!nc.matches(s.name(), s.inventory().labels())) {
        out.add(new Violation("node affinity", job.id().toString(), "pod " + h.key() + " on node " + s.name()
            + " that its node selector or affinity excludes"));
      }
      for (String ts : s.inventory().taints()) {
        Taint t = Taint.parse(ts);
        if (t.repels() && !nc.tolerates(t, task.pod().resources())) {
          out.add(new Violation("node taints", job.id().toString(), "pod " + h.key() + " on node " + s.name()
              + " despite untolerated taint " + t));
        }
      }
    }
  }

  private static boolean affinityAllows(Placement p, ClusterState c) {
    if (p.clusterAffinities().isEmpty()) {
      return matches(p.clusterAffinity(), c);
    }
    for (ClusterAffinityTerm t : p.clusterAffinities()) {
      if (matches(t.affinity(), c)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(ClusterAffinity a, ClusterState c) {
    return a.matches(c.name(), c.labels(), c.fields());
  }

  private static boolean tolerated(List<ClusterToleration> tolerations, Taint t) {
    for (ClusterToleration tol : tolerations) {
      if (tol.tolerates(t.key(), t.value(), t.effect())) {
        return true;
      }
    }
    return false;
  }

  private static int taskIndex(Job job, String task) {
    for (int i = 0; i < job.tasks().size(); i++) {
      if (job.tasks().get(i).name().equals(task)) {
        return i;
      }
    }
    return -1;
  }
}
