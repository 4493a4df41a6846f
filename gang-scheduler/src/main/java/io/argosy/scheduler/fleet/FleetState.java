package io.argosy.scheduler.fleet;

import io.argosy.gpu.fit.Assignment;
import io.argosy.gpu.fit.ContainerAssignment;
import io.argosy.gpu.inventory.NodeInventory;
import io.argosy.gpu.score.ScoringPolicy;
import io.argosy.queue.job.JobId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scheduler's picture of the fleet: clusters, their nodes and devices, and every pod whose usage
 * the nodes carry, observed (reported by the agents) or assumed (emitted in a binding and not yet
 * seen), the way kube-scheduler's assume cache works:
 *
 * <ul>
 *   <li>{@link #assume} (or {@link #adopt} of a cycle's trial) holds a binding's capacity at once, so
 *       the next gang cannot take it;
 *   <li>{@link #confirm} records that the agent accepted it; capacity stays held;
 *   <li>{@link #observePod} replaces an assumed pod by what the agent saw: the same placement changes
 *       nothing, a different node or devices moves the usage;
 *   <li>{@link #expire} (agent rejected, or no answer in time) releases exactly what the binding still
 *       holds; pods already observed stay, they exist.
 * </ul>
 *
 * <p>Single-threaded: the scheduler thread owns it, and the core translates agent messages into these
 * calls on that thread. Nothing here blocks.
 */
public final class FleetState {
  private final Map<String, ClusterState> clusters = new TreeMap<>();
  private final Map<NodeShape, Integer> shapes = new HashMap<>();
  /** Per shape number, an inventory of that shape (the first seen) and, once asked for, an empty node of it. */
  private final List<NodeInventory> shapeInventories = new ArrayList<>();
  private final List<NodeSlot> shapeTemplates = new ArrayList<>();
  private final Map<String, BindingRecord> bindings = new HashMap<>();
  private final Map<JobId, PlacedGang> gangs = new LinkedHashMap<>();
  private long sequence;
  private long version;
  private long inventoryVersion;

  // ================================================================== clusters and nodes

  /**
   * Creates or updates a member cluster. Taints are {@code key[=value]:Effect}. The placement mode
   * comes from the label {@value PlacementMode#LABEL} when present, else from an explicit policy's
   * node policy; with neither, the scheduler's default mode applies.
   *
   * @param policy the cluster's binpack/spread policy and weights, or null for {@link ScoringPolicy#DEFAULT}
   *     weights and the scheduler's default mode
   * @throws io.argosy.gpu.InvalidSpecException for a malformed taint or placement-mode label
   */
  public ClusterState upsertCluster(
      String name, Map<String, String> labels, List<String> taints, boolean ready, ScoringPolicy policy) {
    List<Taint> parsed = new ArrayList<>();
    for (String t : taints) {
      parsed.add(Taint.parse(t));
    }
    PlacementMode mode = PlacementMode.parse(labels.get(PlacementMode.LABEL), "labels[" + PlacementMode.LABEL + "]");
    if (mode == null && policy != null) {
      mode = policy.nodePolicy() == io.argosy.gpu.score.Policy.SPREAD ? PlacementMode.SPREAD : PlacementMode.BINPACK;
    }
    ClusterState c = clusters.computeIfAbsent(name, ClusterState::new);
    c.setMeta(labels, parsed, ready, policy == null ? ScoringPolicy.DEFAULT : policy, mode);
    version++;
    return c;
  }

  /** Forgets a cluster and everything held in it; returns the jobs that had pods or bindings there. */
  public List<JobId> removeCluster(String name) {
    ClusterState c = clusters.remove(name);
    if (c == null) {
      return List.of();
    }
    List<JobId> affected = new ArrayList<>();
    for (Iterator<PlacedGang> it = gangs.values().iterator(); it.hasNext(); ) {
      PlacedGang g = it.next();
      boolean touched = g.pods.removeIf(h -> h.cluster == c);
      touched |= g.bindings.removeIf(b -> b.binding().cluster().equals(name));
      if (touched) {
        affected.add(g.job());
      }
      if (g.pods.isEmpty() && g.bindings.isEmpty()) {
        it.remove();
      }
    }
    bindings.values().removeIf(b -> b.binding().cluster().equals(name));
    version++;
    inventoryVersion++;
    return affected;
  }

  public ClusterState cluster(String name) {
    return clusters.get(name);
  }

  /**
   * An empty node of an interned shape: no usage, never placed on, in no cluster. A pod that does not
   * fit it fits no node of that shape, whatever the node's usage (usage only takes capacity away).
   */
  public NodeSlot shapeTemplate(int shape) {
    NodeSlot t = shapeTemplates.get(shape);
    if (t == null) {
      t = new NodeSlot(-1, shapeInventories.get(shape));
      shapeTemplates.set(shape, t);
    }
    return t;
  }

  /** Every cluster, by name. */
  public Collection<ClusterState> clusters() {
    return Collections.unmodifiableCollection(clusters.values());
  }

  /**
   * Adds a node or replaces its inventory (allocatable changed, a device went unhealthy). Pods held
   * on it are re-applied as observed: a real node may end up overcommitted, and nothing new will be
   * placed on it until it is not.
   */
  public NodeSlot upsertNode(String cluster, NodeInventory inventory) {
    ClusterState c = require(cluster);
    int shape = shapes.computeIfAbsent(NodeShape.of(inventory), k -> shapes.size());
    if (shape == shapeInventories.size()) {
      shapeInventories.add(inventory);
      shapeTemplates.add(null);
    }
    NodeSlot s = c.node(inventory.name());
    if (s == null) {
      s = c.addSlot(inventory, shape);
      List<HeldPod> waiting = c.orphans.remove(inventory.name());
      if (waiting != null) {
        for (HeldPod h : waiting) {
          h.slot = s;
          applyObserved(h);
        }
        c.reclassify(s);
      }
    } else {
      c.replaceInventory(s, inventory);
      s.state = new io.argosy.gpu.fit.NodeState(inventory);
      s.shape = shape;
      for (HeldPod h : c.pods.values()) {
        if (h.slot == s) {
          applyObserved(h);
        }
      }
      c.reclassify(s);
      c.gained();
    }
    version++;
    inventoryVersion++;
    return s;
  }

  /** Removes a node; the pods held on it are gone with it. Returns their keys. */
  public List<String> removeNode(String cluster, String node) {
    ClusterState c = require(cluster);
    NodeSlot s = c.node(node);
    if (s == null) {
      return List.of();
    }
    List<String> gone = new ArrayList<>();
    for (Iterator<HeldPod> it = c.pods.values().iterator(); it.hasNext(); ) {
      HeldPod h = it.next();
      if (h.slot == s) {
        it.remove();
        unlink(c, h);
        gone.add(h.key());
      }
    }
    c.removeSlot(s);
    version++;
    inventoryVersion++;
    return gone;
  }

  // ================================================================== observed pods

  /**
   * A pod the agent sees bound to a node, with what it holds ({@code InventoryReader.usageOf}). An
   * assumed pod of the same key becomes observed: same node and assignment changes nothing,
   * otherwise its usage moves. A pod on a node not known yet is applied when the node arrives. Pods
   * of an evicted gang are ignored until {@link #forgetPod}.
   */
  public void observePod(String cluster, String podKey, String node, Assignment assignment) {
    ClusterState c = require(cluster);
    if (c.terminating.contains(podKey)) {
      return;
    }
    HeldPod h = c.pods.get(podKey);
    if (h != null) {
      if (h.nodeName.equals(node) && h.assignment.equals(assignment)) {
        h.kind = HeldPod.Kind.OBSERVED;
        return;
      }
      release(c, h);
      h.nodeName = node;
      h.assignment = assignment;
      h.kind = HeldPod.Kind.OBSERVED;
      h.slot = c.node(node);
      place(c, h);
      c.gained();
      version++;
      return;
    }
    h = new HeldPod(c, podKey, node, c.node(node), assignment, HeldPod.Kind.OBSERVED);
    c.pods.put(podKey, h);
    place(c, h);
    version++;
  }

  /** The pod is gone (finished, deleted, evicted): its usage is released. False when it was not held. */
  public boolean forgetPod(String cluster, String podKey) {
    ClusterState c = require(cluster);
    c.terminating.remove(podKey);
    HeldPod h = c.pods.remove(podKey);
    if (h == null) {
      return false;
    }
    release(c, h);
    unlink(c, h);
    c.gained();
    version++;
    return true;
  }

  // ================================================================== bindings (assume cache)

  /** A fresh binding id for a job's placement in a cluster. */
  public String nextBindingId(JobId job, String cluster) {
    return job.namespace() + "/" + job.name() + "@" + cluster + "#" + (++sequence);
  }

  /**
   * Holds a binding's capacity as assumed, enforcing capacity: throws IllegalStateException, holding
   * nothing, if a pod does not fit where the binding puts it. A pod already observed on the same node
   * (re-assuming after a restart) is linked to the binding instead.
   */
  public void assume(GangBinding binding, Instant at) {
    ClusterState c = require(binding.cluster());
    List<HeldPod> applied = new ArrayList<>();
    List<HeldPod> held = new ArrayList<>();
    try {
      for (PodPlacement p : binding.pods()) {
        String key = binding.podKey(p);
        HeldPod existing = c.pods.get(key);
        if (existing != null) {
          if (!existing.nodeName.equals(p.node())) {
            throw new IllegalStateException("pod " + key + " is already held on node " + existing.nodeName);
          }
          held.add(existing);
          continue;
        }
        NodeSlot s = c.node(p.node());
        if (s == null) {
          throw new IllegalStateException("cluster " + c.name() + " has no node " + p.node());
        }
        s.state.allocate(p.assignment());
        HeldPod h = new HeldPod(c, key, p.node(), s, p.assignment(), HeldPod.Kind.ASSUMED);
        h.applied = p.assignment();
        applied.add(h);
        held.add(h);
        c.reclassify(s);
      }
    } catch (RuntimeException e) {
      for (HeldPod h : applied) {
        h.slot.state.release(h.applied);
        c.reclassify(h.slot);
      }
      throw e;
    }
    register(c, binding, at, held);
  }

  /**
   * Makes a cycle's trial the assumed state of these bindings without applying anything again: the
   * trial's log must be exactly the allocations of the bindings' pods, in order. The trial is empty
   * afterwards.
   */
  public void adopt(Trial trial, List<GangBinding> placed, Instant at) {
    int op = 0;
    for (GangBinding b : placed) {
      for (PodPlacement p : b.pods()) {
        if (op >= trial.size() || !trial.isAllocation(op) || trial.assignment(op) != p.assignment()
            || !trial.cluster(op).name().equals(b.cluster()) || !trial.slot(op).name().equals(p.node())) {
          throw new IllegalStateException("trial does not match binding " + b.bindingId() + " at pod " + p.podName());
        }
        op++;
      }
    }
    if (op != trial.size()) {
      throw new IllegalStateException("trial holds " + (trial.size() - op) + " operations beyond the bindings");
    }
    op = 0;
    for (GangBinding b : placed) {
      ClusterState c = require(b.cluster());
      List<HeldPod> held = new ArrayList<>(b.pods().size());
      for (PodPlacement p : b.pods()) {
        HeldPod h = new HeldPod(c, b.podKey(p), p.node(), trial.slot(op), p.assignment(), HeldPod.Kind.ASSUMED);
        h.applied = p.assignment();
        held.add(h);
        op++;
      }
      register(c, b, at, held);
    }
    trial.forget();
  }

  private void register(ClusterState c, GangBinding binding, Instant at, List<HeldPod> held) {
    BindingRecord rec = new BindingRecord(binding, at);
    if (bindings.putIfAbsent(binding.bindingId(), rec) != null) {
      throw new IllegalStateException("binding " + binding.bindingId() + " is already held");
    }
    PlacedGang g = gangs.computeIfAbsent(binding.job(), PlacedGang::new);
    g.bindings.add(rec);
    for (int i = 0; i < held.size(); i++) {
      HeldPod h = held.get(i);
      PodPlacement p = binding.pods().get(i);
      boolean linked = h.job != null;
      h.bindingId = binding.bindingId();
      h.job = binding.job();
      h.task = p.task();
      c.pods.putIfAbsent(h.key(), h);
      if (!linked) {
        g.pods.add(h);
      }
    }
    version++;
  }

  /** The agent accepted the binding; its pods stay held until observed or forgotten. */
  public void confirm(String bindingId) {
    BindingRecord rec = bindings.get(bindingId);
    if (rec == null) {
      throw new IllegalArgumentException("unknown binding " + bindingId);
    }
    rec.confirmed = true;
    ClusterState c = require(rec.binding().cluster());
    for (PodPlacement p : rec.binding().pods()) {
      HeldPod h = c.pods.get(rec.binding().podKey(p));
      if (h != null && h.kind == HeldPod.Kind.ASSUMED && bindingId.equals(h.bindingId)) {
        h.kind = HeldPod.Kind.CONFIRMED;
      }
    }
    version++;
  }

  /**
   * The binding was rejected or timed out: releases exactly what it still holds (pods not observed)
   * and forgets it. Returns the placements released; empty for an unknown binding.
   */
  public List<PodPlacement> expire(String bindingId) {
    BindingRecord rec = bindings.remove(bindingId);
    if (rec == null) {
      return List.of();
    }
    ClusterState c = clusters.get(rec.binding().cluster());
    List<PodPlacement> released = new ArrayList<>();
    if (c != null) {
      for (PodPlacement p : rec.binding().pods()) {
        String key = rec.binding().podKey(p);
        HeldPod h = c.pods.get(key);
        if (h != null && bindingId.equals(h.bindingId) && h.kind != HeldPod.Kind.OBSERVED) {
          c.pods.remove(key);
          release(c, h);
          unlink(c, h);
          released.add(p);
        }
      }
      c.gained();
    }
    PlacedGang g = gangs.get(rec.binding().job());
    if (g != null) {
      g.bindings.remove(rec);
      if (g.bindings.isEmpty() && g.pods.isEmpty()) {
        gangs.remove(g.job());
      }
    }
    version++;
    return released;
  }

  /** Expires every binding not confirmed that was emitted before {@code boundBefore}; returns them. */
  public List<GangBinding> expireUnconfirmed(Instant boundBefore) {
    List<GangBinding> out = new ArrayList<>();
    for (BindingRecord r : List.copyOf(bindings.values())) {
      if (!r.confirmed && r.boundAt().isBefore(boundBefore)) {
        expire(r.binding().bindingId());
        out.add(r.binding());
      }
    }
    return out;
  }

  /**
   * Evicts a whole gang (preemption or reclaim): releases every pod it holds in every cluster at
   * once, so the preemptor can be placed in the same cycle, and ignores reports of those pods until
   * the agent says they are gone ({@link #forgetPod}). Returns what was released.
   */
  public List<HeldPod> evict(JobId job) {
    PlacedGang g = gangs.remove(job);
    if (g == null) {
      return List.of();
    }
    List<HeldPod> out = new ArrayList<>();
    for (HeldPod h : g.pods) {
      ClusterState c = h.cluster;
      if (c.pods.remove(h.key()) != null) {
        release(c, h);
        c.terminating.add(h.key());
        c.gained();
        out.add(h);
      }
    }
    for (BindingRecord b : g.bindings) {
      bindings.remove(b.binding().bindingId());
    }
    version++;
    return out;
  }

  // ================================================================== queries

  public PlacedGang gang(JobId job) {
    return gangs.get(job);
  }

  /** Jobs holding pods or bindings, in the order they were first bound. */
  public Collection<PlacedGang> gangs() {
    return Collections.unmodifiableCollection(gangs.values());
  }

  public BindingRecord binding(String bindingId) {
    return bindings.get(bindingId);
  }

  public Collection<BindingRecord> bindings() {
    return Collections.unmodifiableCollection(bindings.values());
  }

  /** Moves when nodes are added, changed or removed (not on pod changes). */
  public long inventoryVersion() {
    return inventoryVersion;
  }

  private Map<String, Long> devicesByModel;
  private long devicesByModelVersion = -1;

  /** Devices per model over the fleet (kept until the inventory changes: a pass over every node). */
  public Map<String, Long> devicesByModel() {
    if (devicesByModel == null || devicesByModelVersion != inventoryVersion) {
      Map<String, Long> out = new TreeMap<>();
      for (ClusterState c : clusters.values()) {
        c.devicesByModel().forEach((m, n) -> out.merge(m, n, Long::sum));
      }
      devicesByModel = Collections.unmodifiableMap(out);
      devicesByModelVersion = inventoryVersion;
    }
    return devicesByModel;
  }

  /** Moves on every change of the fleet state. */
  public long version() {
    return version;
  }

  // ================================================================== internals

  ClusterState require(String cluster) {
    ClusterState c = clusters.get(cluster);
    if (c == null) {
      throw new IllegalArgumentException("unknown cluster " + cluster);
    }
    return c;
  }

  /** Applies a held pod's usage to its node, or parks it until the node is known. */
  private void place(ClusterState c, HeldPod h) {
    if (h.slot == null) {
      c.orphans.computeIfAbsent(h.nodeName, k -> new ArrayList<>()).add(h);
      return;
    }
    applyObserved(h);
    c.reclassify(h.slot);
  }

  /**
   * Observed usage is not enforced (a real node can be overcommitted). When the assignment names
   * devices the node does not have (its inventory changed), only cpu, memory and the pod slot count.
   */
  private static void applyObserved(HeldPod h) {
    try {
      h.slot.state.allocateObserved(h.assignment);
      h.applied = h.assignment;
    } catch (IllegalStateException e) {
      List<ContainerAssignment> bare = new ArrayList<>();
      for (ContainerAssignment ca : h.assignment.containers()) {
        bare.add(new ContainerAssignment(ca.container(), List.of(), Map.of()));
      }
      Assignment a = new Assignment(h.assignment.node(), h.assignment.cpuMilli(), h.assignment.memoryBytes(), bare);
      h.slot.state.allocateObserved(a);
      h.applied = a;
    }
  }

  private static void release(ClusterState c, HeldPod h) {
    if (h.slot == null) {
      List<HeldPod> waiting = c.orphans.get(h.nodeName);
      if (waiting != null) {
        waiting.remove(h);
        if (waiting.isEmpty()) {
          c.orphans.remove(h.nodeName);
        }
      }
      return;
    }
    h.slot.state.releaseObserved(h.applied);
    c.reclassify(h.slot);
  }

  private void unlink(ClusterState c, HeldPod h) {
    if (h.job == null) {
      return;
    }
    PlacedGang g = gangs.get(h.job);
    if (g == null) {
      return;
    }
    g.pods.remove(h);
    if (g.pods.isEmpty()) {
      for (BindingRecord b : g.bindings) {
        bindings.remove(b.binding().bindingId());
      }
      gangs.remove(g.job());
    }
  }
}
