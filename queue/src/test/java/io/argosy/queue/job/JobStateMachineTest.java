package io.argosy.queue.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class JobStateMachineTest {
  private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");
  private final JobStateMachine sm = new JobStateMachine(new JobId("ns", "j"), "Submitted", T);

  @Test
  void aHappyPathIsRecordedWithReasonsAndTimestamps() {
    sm.transition(JobState.ADMITTED, "quota ok", T.plusSeconds(1));
    sm.transition(JobState.BOUND, "member1", T.plusSeconds(2));
    sm.transition(JobState.RUNNING, "agent", T.plusSeconds(3));
    sm.transition(JobState.SUCCEEDED, "exit 0", T.plusSeconds(60));
    assertThat(sm.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(sm.since()).isEqualTo(T.plusSeconds(60));
    assertThat(sm.history()).containsExactly(
        new Transition(null, JobState.PENDING, "Submitted", T),
        new Transition(JobState.PENDING, JobState.ADMITTED, "quota ok", T.plusSeconds(1)),
        new Transition(JobState.ADMITTED, JobState.BOUND, "member1", T.plusSeconds(2)),
        new Transition(JobState.BOUND, JobState.RUNNING, "agent", T.plusSeconds(3)),
        new Transition(JobState.RUNNING, JobState.SUCCEEDED, "exit 0", T.plusSeconds(60)));
  }

  @Test
  void illegalTransitionsAreRejectedAndChangeNothing() {
    assertThatThrownBy(() -> sm.transition(JobState.RUNNING, "?", T))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessage("job ns/j: illegal transition Pending -> Running");
    assertThat(sm.state()).isEqualTo(JobState.PENDING);
    assertThat(sm.history()).hasSize(1);
  }

  @Test
  void terminalStatesAreFinalAndOnlyActiveStatesHoldQuota() {
    for (JobState end : EnumSet.of(JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED)) {
      assertThat(end.isTerminal()).isTrue();
      for (JobState to : JobState.values()) {
        assertThat(end.canTransitionTo(to)).isFalse();
      }
    }
    assertThat(EnumSet.allOf(JobState.class).stream().filter(JobState::holdsQuota))
        .containsExactly(JobState.ADMITTED, JobState.BOUND, JobState.RUNNING);
    assertThat(JobState.PREEMPTED.canTransitionTo(JobState.PENDING)).isTrue();
    assertThat(JobState.PREEMPTED.isTerminal()).isFalse();
  }
}
