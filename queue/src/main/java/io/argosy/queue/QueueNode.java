package io.argosy.queue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeSet;

/**
 * A queue in the hierarchy as the fair-share order sees it: pending jobs (leaves only), and the
 * per-cycle state of progressive filling. Scheduler thread only.
 */
final class QueueNode {
  final int index; // ledger index
  final String name;
  final QueueNode parent;
  final List<QueueNode> children = new ArrayList<>();
  QueueSpec spec;
  final TreeSet<QueuedJob> pending = new TreeSet<>(QueuedJob.ORDER);
  /** Jobs of this subtree holding quota (the fair-share fallback when the fleet total is unknown). */
  int chargedJobs;
  /** Jobs charged in this leaf (for listing victims). */
  final LinkedHashSet<QueuedJob> charged = new LinkedHashSet<>();

  /** Cached max over keys of usage/total; recomputed when {@link #usageDirty}. */
  double usageShare;
  boolean usageDirty = true;

  // ---- cycle state
  long cycle = -1;
  /** Last job handed out in this cycle (leaf). */
  QueuedJob cursor;
  /** Next candidate of this subtree in this cycle, or null when exhausted. */
  QueuedJob head;
  /** Sort key among siblings: weighted dominant share including the head's demand. */
  double key;
  int heapIndex = -1;
  final NodeHeap heap = new NodeHeap();
  boolean dirty;

  QueueNode(int index, String name, QueueNode parent, QueueSpec spec) {
    this.index = index;
    this.name = name;
    this.parent = parent;
    this.spec = spec;
  }

  boolean isLeaf() {
    return children.isEmpty();
  }

  int priority() {
    return spec.priority();
  }
}
