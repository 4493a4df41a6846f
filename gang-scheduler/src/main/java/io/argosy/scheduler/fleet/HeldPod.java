package io.argosy.scheduler.fleet;

import io.argosy.gpu.fit.Assignment;
import io.argosy.queue.job.JobId;

/**
 * A pod whose usage a cluster's nodes carry: assumed from a binding, confirmed by the agent, or
 * observed running (Argosy's or another scheduler's).
 */
public final class HeldPod {
  /** How sure the fleet state is of the pod. */
  public enum Kind {
    /** Emitted in a binding, not yet acknowledged by the agent. */
    ASSUMED,
    /** The agent accepted the binding; the pod is not yet seen running. */
    CONFIRMED,
    /** Seen on its node. */
    OBSERVED
  }

  private final String key;
  final ClusterState cluster;
  NodeSlot slot;
  String nodeName;
  Assignment assignment;
  /** What was applied to the node (the assignment, or its cpu/memory part when its devices are unknown there). */
  Assignment applied;
  Kind kind;
  String bindingId;
  JobId job;
  /** The task of an Argosy pod, or null. */
  String task;

  HeldPod(ClusterState cluster, String key, String nodeName, NodeSlot slot, Assignment assignment, Kind kind) {
    this.cluster = cluster;
    this.key = key;
    this.nodeName = nodeName;
    this.slot = slot;
    this.assignment = assignment;
    this.kind = kind;
  }

  /** {@code namespace/name}. */
  public String key() {
    return key;
  }

  public ClusterState cluster() {
    return cluster;
  }

  public String node() {
    return nodeName;
  }

  public Assignment assignment() {
    return assignment;
  }

  public Kind kind() {
    return kind;
  }

  /** The binding that placed it, or null for a pod Argosy did not place. */
  public String bindingId() {
    return bindingId;
  }

  /** Its job, or null for a pod Argosy did not place. */
  public JobId job() {
    return job;
  }

  public String task() {
    return task;
  }

  /** False while its node is not (yet) known: the usage is applied when the node arrives. */
  public boolean onKnownNode() {
    return slot != null;
  }
}
