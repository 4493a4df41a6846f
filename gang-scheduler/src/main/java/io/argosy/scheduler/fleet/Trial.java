package io.argosy.scheduler.fleet;

import io.argosy.gpu.fit.Assignment;

/**
 * A log of tentative changes to the fleet's nodes that can be undone exactly: the cycle places a
 * gang pod by pod on the live state, and either undoes everything (all or nothing) or hands the log
 * to {@link FleetState#adopt}. Preemption and backfill use it to ask "what if these gangs were gone"
 * by releasing them tentatively.
 *
 * <p>Releases move the cluster's {@link ClusterState#gainVersion()}: "does not fit" memos taken
 * before are void while more capacity is visible. Undoing an allocation does not: it only returns to
 * a state the memos were taken in or under.
 */
public final class Trial {
  private ClusterState[] clusters = new ClusterState[16];
  private NodeSlot[] slots = new NodeSlot[16];
  private Assignment[] assignments = new Assignment[16];
  private boolean[] allocation = new boolean[16];
  private int size;

  /** Applies an allocation, enforcing capacity (IllegalStateException, nothing changed, if it does not fit). */
  public void allocate(ClusterState c, NodeSlot s, Assignment a) {
    s.state.allocate(a);
    c.reclassify(s);
    push(c, s, a, true);
  }

  /** Releases usage held on a node (a victim's pod, for a what-if). */
  public void release(ClusterState c, NodeSlot s, Assignment a) {
    s.state.releaseObserved(a);
    c.reclassify(s);
    c.gained();
    push(c, s, a, false);
  }

  /** Releases what a held pod applied to its node (no-op for a pod on an unknown node). */
  public void release(ClusterState c, HeldPod h) {
    if (h.slot != null) {
      release(c, h.slot, h.applied);
    }
  }

  public int size() {
    return size;
  }

  /** Undoes operations back to {@code mark} (a former {@link #size()}), newest first. */
  public void undoTo(int mark) {
    while (size > mark) {
      size--;
      NodeSlot s = slots[size];
      if (allocation[size]) {
        s.state.release(assignments[size]);
      } else {
        s.state.allocateObserved(assignments[size]);
      }
      clusters[size].reclassify(s);
      clusters[size] = null;
      slots[size] = null;
      assignments[size] = null;
    }
  }

  public void undoAll() {
    undoTo(0);
  }

  boolean isAllocation(int op) {
    return allocation[op];
  }

  ClusterState cluster(int op) {
    return clusters[op];
  }

  NodeSlot slot(int op) {
    return slots[op];
  }

  Assignment assignment(int op) {
    return assignments[op];
  }

  /** Drops the log without undoing it (the fleet state now owns the changes). */
  void forget() {
    for (int i = 0; i < size; i++) {
      clusters[i] = null;
      slots[i] = null;
      assignments[i] = null;
    }
    size = 0;
  }

  private void push(ClusterState c, NodeSlot s, Assignment a, boolean alloc) {
    if (size == slots.length) {
      int n = size * 2;
      clusters = java.util.Arrays.copyOf(clusters, n);
      slots = java.util.Arrays.copyOf(slots, n);
      assignments = java.util.Arrays.copyOf(assignments, n);
      allocation = java.util.Arrays.copyOf(allocation, n);
    }
    clusters[size] = c;
    slots[size] = s;
    assignments[size] = a;
    allocation[size] = alloc;
    size++;
  }
}
