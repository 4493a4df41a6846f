package io.argosy.queue;

import io.argosy.queue.job.Job;
import io.argosy.queue.job.JobState;
import io.argosy.queue.job.JobStateMachine;
import io.argosy.queue.quota.ResourceVector;
import java.util.Comparator;

/** A job held by {@link JobQueues}: its spec, state machine and what it is charged. Scheduler thread only. */
final class QueuedJob {
  /** Within a queue: higher priority first, then earlier submission, then name, then namespace. */
  static final Comparator<QueuedJob> ORDER =
      (a, b) -> {
        if (a.job.priority() != b.job.priority()) {
          return a.job.priority() > b.job.priority() ? -1 : 1;
        }
        int c = a.job.submitTime().compareTo(b.job.submitTime());
        return c != 0 ? c : a.job.id().compareTo(b.job.id());
      };

  final Job job;
  final JobStateMachine lifecycle;
  /** The job's full demand (all replicas), cached: the fair-share order reads it on every step. */
  final ResourceVector demand;
  /** Leaf node holding it, or null while parked (queue missing, not a leaf, or closed at submit). */
  QueueNode leaf;
  /** Unqualified keys charged at admission, or null while not holding quota. */
  ResourceVector baseCharge;
  /**
   * Model-qualified keys charged now: at admission when the demand names one model, replaced at
   * binding by the placed devices' models.
   */
  ResourceVector qualifiedCharge = ResourceVector.EMPTY;
  String pendingReason;

  QueuedJob(Job job, JobStateMachine lifecycle) {
    this.job = job;
    this.lifecycle = lifecycle;
    this.demand = job.demand();
  }

  JobState state() {
    return lifecycle.state();
  }

  /** Everything charged now. */
  ResourceVector charged() {
    return baseCharge == null ? ResourceVector.EMPTY : baseCharge.plus(qualifiedCharge);
  }
}
