package io.argosy.queue.job;

import java.util.EnumSet;
import java.util.Set;

/**
 * A job's life in Argosy. Quota is charged exactly while a job is {@link #ADMITTED}, {@link #BOUND}
 * or {@link #RUNNING}.
 */
public enum JobState {
  /** Queued, waiting for quota and a placement. */
  PENDING,
  /** Quota charged, a placement is being made. */
  ADMITTED,
  /** Bindings sent to a member cluster's agent, not yet confirmed running. */
  BOUND,
  /** The agent reports the gang running. */
  RUNNING,
  SUCCEEDED,
  FAILED,
  /** Evicted for higher-priority work or reclaim; requeued (back to PENDING) or ended. */
  PREEMPTED,
  CANCELLED;

  private Set<JobState> next;

  static {
    PENDING.next = EnumSet.of(ADMITTED, CANCELLED, FAILED);
    // back to PENDING: no placement found after admission, or the agent rejected the binding
    ADMITTED.next = EnumSet.of(BOUND, PENDING, PREEMPTED, CANCELLED, FAILED);
    // BOUND -> SUCCEEDED: a short job may finish before the agent reports it running
    BOUND.next = EnumSet.of(RUNNING, PENDING, PREEMPTED, CANCELLED, FAILED, SUCCEEDED);
    // RUNNING -> PENDING: restarted under a RestartJob policy within maxRetry
    RUNNING.next = EnumSet.of(SUCCEEDED, FAILED, PREEMPTED, CANCELLED, PENDING);
    PREEMPTED.next = EnumSet.of(PENDING, CANCELLED, FAILED);
    SUCCEEDED.next = EnumSet.noneOf(JobState.class);
    FAILED.next = EnumSet.noneOf(JobState.class);
    CANCELLED.next = EnumSet.noneOf(JobState.class);
  }

  public boolean canTransitionTo(JobState to) {
    return next.contains(to);
  }

  public boolean isTerminal() {
    return next.isEmpty();
  }

  /** Whether a job in this state holds quota. */
  public boolean holdsQuota() {
    return this == ADMITTED || this == BOUND || this == RUNNING;
  }

  /** Display name as in Volcano/Kubernetes status: {@code Pending}, {@code Running}, ... */
  public String displayName() {
    String n = name();
    return n.charAt(0) + n.substring(1).toLowerCase(java.util.Locale.ROOT);
  }
}
