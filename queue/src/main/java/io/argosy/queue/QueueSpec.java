package io.argosy.queue;

import io.argosy.queue.quota.QueueQuota;

/**
 * A tenant queue as configured: a Volcano {@code Queue}, or one implied by a
 * {@code volcano.sh/hierarchy} path, or set through the admin API.
 *
 * @param parent parent queue name; null for a child of {@code root}
 * @param weight share weight among siblings (Volcano {@code spec.weight}, default 1)
 * @param priority among siblings, a higher-priority queue is served first (Volcano {@code spec.priority})
 * @param reclaimable whether other queues may reclaim what this queue borrowed (default true)
 * @param open whether it accepts new jobs (a closed queue keeps and runs what it has)
 */
public record QueueSpec(
    String name, String parent, int weight, int priority, boolean reclaimable, boolean open, QueueQuota quota) {

  public QueueSpec {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("queue name must not be empty");
    }
    quota = quota == null ? QueueQuota.NONE : quota;
  }

  /** An open, reclaimable queue of weight 1 under {@code root} with no quota. */
  public static QueueSpec of(String name) {
    return new QueueSpec(name, null, 1, 0, true, true, QueueQuota.NONE);
  }

  public QueueSpec withParent(String p) {
    return new QueueSpec(name, p, weight, priority, reclaimable, open, quota);
  }

  public QueueSpec withWeight(int w) {
    return new QueueSpec(name, parent, w, priority, reclaimable, open, quota);
  }

  public QueueSpec withPriority(int p) {
    return new QueueSpec(name, parent, weight, p, reclaimable, open, quota);
  }

  public QueueSpec withReclaimable(boolean r) {
    return new QueueSpec(name, parent, weight, priority, r, open, quota);
  }

  public QueueSpec withOpen(boolean o) {
    return new QueueSpec(name, parent, weight, priority, reclaimable, o, quota);
  }

  public QueueSpec withQuota(QueueQuota q) {
    return new QueueSpec(name, parent, weight, priority, reclaimable, open, q);
  }
}
