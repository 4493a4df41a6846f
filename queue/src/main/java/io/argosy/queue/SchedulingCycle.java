package io.argosy.queue;

import io.argosy.queue.job.Job;
import io.argosy.queue.quota.QuotaCheck;

/**
 * One scheduling cycle's walk over the pending jobs in fair-share order with progressive filling:
 * each {@link #next()} goes down the queue hierarchy to the queue whose weighted dominant share,
 * counting the job it would run next, is smallest (Armada's method; Volcano's queue priority first)
 * and returns that queue's next job by priority, submit time and name. Admitting it through
 * {@link JobQueues#admit} before the following {@code next()} updates the shares; not admitting it
 * simply moves on. Any number of jobs per queue can come out of one cycle. Every pending job comes
 * out at most once per cycle; jobs submitted during the cycle come out if they sort after their
 * queue's last returned job. Beginning a new cycle ends this one.
 */
public final class SchedulingCycle {
  private final JobQueues owner;
  private final long id;
  private int returned;
  private QueuedJob last;

  SchedulingCycle(JobQueues owner, long id) {
    this.owner = owner;
    this.id = id;
  }

  /** The next candidate, or null when every queue is exhausted for this cycle. */
  public Job next() {
    QueuedJob q = owner.nextCandidate(id);
    last = q;
    if (q == null) {
      return null;
    }
    returned++;
    return owner.lastJob;
  }

  /**
   * Admits the job the last {@link #next()} returned: the same as {@link JobQueues#admit(
   * io.argosy.queue.job.JobId, String)} without looking it up.
   */
  public QuotaCheck admit(String reason) {
    if (last == null) {
      throw new IllegalStateException("next() has not returned a job to admit");
    }
    return owner.admit(last, null, reason);
  }

  /** How many candidates this cycle has handed out. */
  public int returned() {
    return returned;
  }
}
