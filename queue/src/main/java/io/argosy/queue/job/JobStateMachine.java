package io.argosy.queue.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The state of one job and every transition it went through, each with reason and timestamp.
 * Starts in {@link JobState#PENDING}; illegal transitions are rejected and leave it unchanged.
 * Confined to the scheduler thread.
 *
 * <p>The history is kept in two small arrays sized for the usual Pending, Admitted, Bound, Running
 * path, each step as one long (timestamp in microseconds and state): a million queued jobs stay
 * compact, and recording a transition on a long-lived job creates no new object for the garbage
 * collector to trace from the old generation. Timestamps keep microsecond precision.
 */
public final class JobStateMachine {
  private static final JobState[] STATES = JobState.values();

  private final JobId job;
  /** Per step: epoch microseconds shifted left by 3, or-ed with the state's ordinal. */
  private long[] steps = new long[4];
  private String[] reasons = new String[4];
  private int size;

  public JobStateMachine(JobId job, String reason, Instant submittedAt) {
    this.job = job;
    append(JobState.PENDING, reason, submittedAt);
  }

  public JobId job() {
    return job;
  }

  public JobState state() {
    return stateOf(steps[size - 1]);
  }

  /** The latest transition. */
  public Transition last() {
    return transitionAt(size - 1);
  }

  /** When the job entered its current state. */
  public Instant since() {
    return instant(steps[size - 1]);
  }

  public List<Transition> history() {
    List<Transition> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(transitionAt(i));
    }
    return List.copyOf(out);
  }

  /**
   * Moves to {@code to}.
   *
   * @throws IllegalTransitionException when the move is not allowed from the current state
   */
  public Transition transition(JobState to, String reason, Instant at) {
    JobState from = state();
    if (!from.canTransitionTo(to)) {
      throw new IllegalTransitionException(job, from, to);
    }
    append(to, reason, at);
    return transitionAt(size - 1);
  }

  private void append(JobState to, String reason, Instant at) {
    if (size == steps.length) {
      steps = Arrays.copyOf(steps, size * 2);
      reasons = Arrays.copyOf(reasons, size * 2);
    }
    long micros = Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
    steps[size] = (micros << 3) | to.ordinal();
    reasons[size] = reason;
    size++;
  }

  private Transition transitionAt(int i) {
    JobState from = i == 0 ? null : stateOf(steps[i - 1]);
    return new Transition(from, stateOf(steps[i]), reasons[i], instant(steps[i]));
  }

  private static JobState stateOf(long step) {
    return STATES[(int) (step & 7)];
  }

  private static Instant instant(long step) {
    long micros = step >> 3;
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000);
  }
}
