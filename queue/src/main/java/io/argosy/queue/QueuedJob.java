package io.argosy.queue;

import io.argosy.queue.job.Job;
import io.argosy.queue.job.JobState;
import io.argosy.queue.job.JobStateMachine;
import io.argosy.queue.quota.ResourceVector;
import java.util.Comparator;

/** A job held by {@link JobQueues}: its spec, state machine and what it is charged. Scheduler thread only. */
final class QueuedJob {
  /**
   * Within a queue: higher priority first, then earlier submission, then name, then namespace. The
   * keys are copied into this object so that tree walks do not chase into the job.
   */
  static final Comparator<QueuedJob> ORDER =
      (a, b) -> {
        if (a.priority != b.priority) {
          return a.priority > b.priority ? -1 : 1;
        }
        if (a.submitSecond != b.submitSecond) {
          return a.submitSecond < b.submitSecond ? -1 : 1;
        }
        if (a.submitNano != b.submitNano) {
          return a.submitNano < b.submitNano ? -1 : 1;
        }
        return a.job.id().compareTo(b.job.id());
      };

  Job job; // replaced only while pending, when its placement policy changes
  final JobStateMachine lifecycle;
  final int priority;
  final long submitSecond;
  final int submitNano;
  /** The job's full demand (all replicas), cached: the fair-share order reads it on every step. */
  final ResourceVector demand;
  /** Leaf queue holding it, or null while parked (queue missing, not a leaf, or closed at submit). */
  QueueNode leaf;
  /** Pending and live in {@code leaf.pending}. */
  boolean queued;
  /**
   * The chunk of {@code leaf.pending} holding it, or null when not physically there; during a cycle
   * removal is deferred, so this may outlive {@link #queued}.
   */
  PendingList.Chunk chunk;
  /** Unqualified keys charged at admission, or null while not holding quota. */
  ResourceVector baseCharge;
  /**
   * Model-qualified keys charged now: at admission when the demand names one model, replaced at
   * binding by the placed devices' models.
   */
  ResourceVector qualifiedCharge = ResourceVector.EMPTY;
  /** Position in the leaf's list of jobs holding quota, or -1. */
  int chargedIndex = -1;
  /** Model-qualified keys admitting every replica charges, computed once (usually empty). */
  final ResourceVector admissionModels;
  String pendingReason;

  QueuedJob(Job job, JobStateMachine lifecycle, ResourceVector demand) {
    this.job = job;
    this.lifecycle = lifecycle;
    this.priority = job.priority();
    this.submitSecond = job.submitTime().getEpochSecond();
    this.submitNano = job.submitTime().getNano();
    this.demand = demand;
    ResourceVector models = ResourceVector.EMPTY;
    for (io.argosy.queue.job.Task t : job.tasks()) {
      models = models.plus(ModelCharges.atAdmission(t, t.replicas()));
    }
    this.admissionModels = models;
  }

  JobState state() {
    return lifecycle.state();
  }

  /** Everything charged now. */
  ResourceVector charged() {
    return baseCharge == null ? ResourceVector.EMPTY : baseCharge.plus(qualifiedCharge);
  }
}
