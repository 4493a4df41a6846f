package io.argosy.queue.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The state of one job and every transition it went through, each with reason and timestamp.
 * Starts in {@link JobState#PENDING}; illegal transitions are rejected and leave it unchanged.
 * Confined to the scheduler thread.
 */
public final class JobStateMachine {
  private final JobId job;
  private final ArrayList<Transition> history = new ArrayList<>(4);
  private JobState state = JobState.PENDING;

  public JobStateMachine(JobId job, String reason, Instant submittedAt) {
    this.job = job;
    history.add(new Transition(null, JobState.PENDING, reason, submittedAt));
  }

  public JobId job() {
    return job;
  }

  public JobState state() {
    return state;
  }

  /** The latest transition. */
  public Transition last() {
    return history.get(history.size() - 1);
  }

  /** When the job entered its current state. */
  public Instant since() {
    return last().at();
  }

  public List<Transition> history() {
    return List.copyOf(history);
  }

  /**
   * Moves to {@code to}.
   *
   * @throws IllegalTransitionException when the move is not allowed from the current state
   */
  public Transition transition(JobState to, String reason, Instant at) {
    if (!state.canTransitionTo(to)) {
      throw new IllegalTransitionException(job, state, to);
    }
    Transition t = new Transition(state, to, reason, at);
    history.add(t);
    state = to;
    return t;
  }
}
