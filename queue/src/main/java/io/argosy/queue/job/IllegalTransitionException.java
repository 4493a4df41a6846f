package io.argosy.queue.job;

/** A state change the job state machine does not allow, e.g. Succeeded to Running. */
public final class IllegalTransitionException extends IllegalStateException {
  private final JobState from;
  private final JobState to;

  public IllegalTransitionException(JobId job, JobState from, JobState to) {
    super("job " + job + ": illegal transition " + from.displayName() + " -> " + to.displayName());
    this.from = from;
    this.to = to;
  }

  public JobState from() {
    return from;
  }

  public JobState to() {
    return to;
  }
}
