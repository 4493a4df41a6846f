package io.argosy.agent;

import io.argosy.api.ClusterDelta;
import io.argosy.api.ClusterSnapshot;
import io.argosy.api.NodeReport;
import io.argosy.api.PodReport;
import io.argosy.api.WorkloadReport;
import io.argosy.gpu.fit.Assignment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the agent last computed for every node, pod and workload, and what changed since the last
 * message. Owned by the agent's loop thread. An upsert equal to the last report is dropped, so
 * status-only churn (resourceVersion, heartbeats in node status) sends nothing.
 */
final class ClusterView {
  private final String cluster;
  private final Map<String, NodeReport> nodes = new HashMap<>();
  private final Map<String, PodReport> pods = new HashMap<>();
  private final Map<String, WorkloadReport> workloads = new HashMap<>();
  /** node name → pod key → what the pod holds there, on known devices. */
  private final Map<String, Map<String, Assignment>> heldByNode = new HashMap<>();
  /** node name → pod key → what the pod holds there, devices guessed (another scheduler's pods). */
  private final Map<String, Map<String, Assignment>> approxByNode = new HashMap<>();
  /** job id → keys of the managed pods of that job (a withdrawal looks up its job's pods, not every pod). */
  private final Map<String, java.util.Set<String>> managedByJob = new HashMap<>();

  // pending changes: value null means deleted
  private final Map<String, NodeReport> changedNodes = new LinkedHashMap<>();
  private final Map<String, PodReport> changedPods = new LinkedHashMap<>();
  private final Map<String, WorkloadReport> changedWorkloads = new LinkedHashMap<>();

  ClusterView(String cluster) {
    this.cluster = cluster;
  }

  boolean upsertNode(NodeReport r) {
    NodeReport old = nodes.put(r.name(), r);
    if (Objects.equals(old, r)) {
      return false;
    }
    changedNodes.put(r.name(), r);
    return true;
  }

  boolean deleteNode(String name) {
    if (nodes.remove(name) == null) {
      return false;
    }
    changedNodes.put(name, null);
    return true;
  }

  /** @param exact whether the pod's devices are known (Argosy or HAMi annotations), not guessed */
  boolean upsertPod(PodReport r, boolean exact) {
    PodReport old = pods.put(r.key(), r);
    unhold(old);
    unlinkJob(old);
    if (r.managed() && r.jobId() != null) {
      managedByJob.computeIfAbsent(r.jobId(), k -> new java.util.HashSet<>()).add(r.key());
    }
    if (r.node() != null && r.assignment() != null) {
      (exact ? heldByNode : approxByNode).computeIfAbsent(r.node(), k -> new HashMap<>()).put(r.key(), r.assignment());
    }
    if (Objects.equals(old, r)) {
      return false;
    }
    changedPods.put(r.key(), r);
    return true;
  }

  PodReport deletePod(String key) {
    PodReport old = pods.remove(key);
    if (old == null) {
      return null;
    }
    unhold(old);
    unlinkJob(old);
    changedPods.put(key, null);
    return old;
  }

  private void unlinkJob(PodReport old) {
    if (old != null && old.managed() && old.jobId() != null) {
      java.util.Set<String> keys = managedByJob.get(old.jobId());
      if (keys != null && keys.remove(old.key()) && keys.isEmpty()) {
        managedByJob.remove(old.jobId());
      }
    }
  }

  /** The managed pods of one job. */
  List<PodReport> managedPodsOf(String jobId) {
    java.util.Set<String> keys = managedByJob.get(jobId);
    if (keys == null) {
      return List.of();
    }
    List<PodReport> out = new ArrayList<>(keys.size());
    for (String k : keys) {
      out.add(pods.get(k));
    }
    return out;
  }

  private void unhold(PodReport old) {
    if (old != null && old.node() != null) {
      for (Map<String, Map<String, Assignment>> byNode : List.of(heldByNode, approxByNode)) {
        Map<String, Assignment> m = byNode.get(old.node());
        if (m != null) {
          m.remove(old.key());
          if (m.isEmpty()) {
            byNode.remove(old.node());
          }
        }
      }
    }
  }

  boolean upsertWorkload(WorkloadReport r) {
    WorkloadReport old = workloads.put(r.key(), r);
    if (Objects.equals(old, r)) {
      return false;
    }
    changedWorkloads.put(r.key(), r);
    return true;
  }

  boolean deleteWorkload(String key) {
    if (workloads.remove(key) == null) {
      return false;
    }
    changedWorkloads.put(key, null);
    return true;
  }

  NodeReport node(String name) {
    return nodes.get(name);
  }

  PodReport pod(String key) {
    return pods.get(key);
  }

  Iterable<PodReport> pods() {
    return pods.values();
  }

  Iterable<WorkloadReport> workloads() {
    return workloads.values();
  }

  /** What the bound, non-terminal pods on a node hold on known devices. */
  List<Assignment> held(String node) {
    Map<String, Assignment> m = heldByNode.get(node);
    return m == null ? List.of() : new ArrayList<>(m.values());
  }

  /** What the other bound, non-terminal pods on a node hold, devices guessed. */
  List<Assignment> approximate(String node) {
    Map<String, Assignment> m = approxByNode.get(node);
    return m == null ? List.of() : new ArrayList<>(m.values());
  }

  /** Everything, as a snapshot with the given sequence; pending changes are dropped (the snapshot has them). */
  ClusterSnapshot snapshot(long sequence) {
    clearChanges();
    return new ClusterSnapshot(cluster, sequence, new ArrayList<>(nodes.values()), new ArrayList<>(pods.values()),
        new ArrayList<>(workloads.values()));
  }

  boolean hasChanges() {
    return !changedNodes.isEmpty() || !changedPods.isEmpty() || !changedWorkloads.isEmpty();
  }

  /** The pending changes as a delta with the given sequence, and forgets them. */
  ClusterDelta drainDelta(long sequence) {
    List<NodeReport> un = new ArrayList<>();
    List<String> dn = new ArrayList<>();
    changedNodes.forEach((k, v) -> {
      if (v == null) {
        dn.add(k);
      } else {
        un.add(v);
      }
    });
    List<PodReport> up = new ArrayList<>();
    List<String> dp = new ArrayList<>();
    changedPods.forEach((k, v) -> {
      if (v == null) {
        dp.add(k);
      } else {
        up.add(v);
      }
    });
    List<WorkloadReport> uw = new ArrayList<>();
    List<String> dw = new ArrayList<>();
    changedWorkloads.forEach((k, v) -> {
      if (v == null) {
        dw.add(k);
      } else {
        uw.add(v);
      }
    });
    clearChanges();
    return new ClusterDelta(cluster, sequence, un, dn, up, dp, uw, dw);
  }

  void clearChanges() {
    changedNodes.clear();
    changedPods.clear();
    changedWorkloads.clear();
  }

  List<String> nodeNames() {
    return new ArrayList<>(nodes.keySet());
  }

  int nodeCount() {
    return nodes.size();
  }
}
