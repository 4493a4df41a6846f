package io.argosy.queue;

import io.argosy.queue.job.Job;
import io.argosy.queue.quota.ResourceVector;
import java.util.ArrayList;
import java.util.List;

/**
 * A queue in the hierarchy as the fair-share order sees it: pending jobs (leaves only), the jobs
 * holding quota, and the per-cycle state of progressive filling. Scheduler thread only.
 */
final class QueueNode {
  final int index; // ledger index
  final String name;
  final QueueNode parent;
  final List<QueueNode> children = new ArrayList<>();
  QueueSpec spec;

  /** Pending jobs in order; during a cycle it may also hold jobs whose removal is deferred. */
  final PendingList pending = new PendingList();
  /** Live pending jobs (the entries of {@link #pending} not marked dead). */
  int pendingLive;
  /** Jobs that left the pending list during the current cycle; purged when the next begins. */
  final List<QueuedJob> deferred = new ArrayList<>();

  /** Jobs holding quota in this leaf (unordered; each knows its index). */
  final List<QueuedJob> charged = new ArrayList<>();
  /** Jobs of this subtree holding quota (the fair-share fallback when the fleet total is unknown). */
  int chargedJobs;

  /** Cached max over keys of usage/total; recomputed when {@link #usageDirty}. */
  double usageShare;
  boolean usageDirty = true;

  // ---- cycle state
  long cycle = -1;
  /** Last job handed out in this cycle (leaf). */
  QueuedJob cursor;
  /** Next candidate of this subtree in this cycle, or null when exhausted. */
  QueuedJob head;
  /** The head's job and demand, read from the pending arrays so that ranking need not touch the head. */
  Job headJob;
  ResourceVector headDemand;
  /** Position of {@link #head} in {@link #pending}; stale when its version differs. */
  final PendingList.Cursor walk = new PendingList.Cursor();
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

  boolean holdsJobs() {
    return pendingLive > 0 || !charged.isEmpty();
  }

  /**
   * Makes the next live pending job after {@code after} (null: the first) the head, continuing the
   * walk when nothing changed since the last step, and returns it (null at the end).
   */
  QueuedJob advance(QueuedJob after) {
    boolean found = walk.version == pending.version && after == head && head != null
        ? pending.step(walk)
        : pending.seekAfter(walk, after);
    if (!found) {
      setHead(null, null, null);
      return null;
    }
    PendingList.Chunk c = pending.chunk(walk.chunk);
    setHead(c.entries[walk.pos], c.jobs[walk.pos], c.demands[walk.pos]);
    return head;
  }

  void setHead(QueuedJob q, Job job, ResourceVector demand) {
    head = q;
    headJob = job;
    headDemand = demand;
  }

  /** Forces the next {@link #advance} to find its place again. */
  void invalidateWalk() {
    walk.version = -1;
  }

  /** Physically drops the removals deferred during the last cycle. */
  void flushDeferred() {
    if (!deferred.isEmpty()) {
      pending.purge(deferred);
      deferred.clear();
    }
  }

  void linkCharged(QueuedJob q) {
    q.chargedIndex = charged.size();
    charged.add(q);
  }

  void unlinkCharged(QueuedJob q) {
    QueuedJob last = charged.remove(charged.size() - 1);
    if (last != q) {
      charged.set(q.chargedIndex, last);
      last.chargedIndex = q.chargedIndex;
    }
    q.chargedIndex = -1;
  }
}
