package io.argosy.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.queue.job.JobId;
import io.argosy.queue.testing.MutableClock;
import io.argosy.queue.testing.TestJobs;
import org.junit.jupiter.api.Test;

/** Regression: removing the last job of a pending-list chunk while a cycle is open (found by core's load benchmark). */
class PendingListRemovalTest {
  @Test
  void admittingAWholeChunkDuringACycleThenStartingTheNextCycleWorks() {
    JobQueues queues = new JobQueues(MutableClock.atEpoch());
    int n = PendingList.CHUNK * 2;
    for (int i = 0; i < n; i++) {
      queues.submit(TestJobs.gpuJob(String.format("j%04d", i), JobQueues.DEFAULT_QUEUE, 0, i, 1, 1));
    }
    SchedulingCycle cycle = queues.beginCycle();
    for (int i = 0; i < PendingList.CHUNK; i++) {
      queues.admit(cycle.next().id(), "placed");
    }
    SchedulingCycle next = queues.beginCycle();
    assertThat(next.next().id().name()).isEqualTo(String.format("j%04d", PendingList.CHUNK));
    assertThat(queues.pendingCount()).isEqualTo(n - PendingList.CHUNK);
  }

  @Test
  void cancellingTheOnlyPendingJobDuringACycleThenStartingTheNextCycleWorks() {
    JobQueues queues = new JobQueues(MutableClock.atEpoch());
    queues.submit(TestJobs.gpuJob("a", JobQueues.DEFAULT_QUEUE, 0, 1, 1, 1));
    SchedulingCycle first = queues.beginCycle();
    assertThat(first.next().id()).isEqualTo(new JobId("default", "a"));
    queues.admit(new JobId("default", "a"), "placed");
    SchedulingCycle second = queues.beginCycle();
    assertThat(second.next()).isNull();
    queues.submit(TestJobs.gpuJob("b", JobQueues.DEFAULT_QUEUE, 0, 2, 1, 1));
    assertThat(queues.beginCycle().next().id()).isEqualTo(new JobId("default", "b"));
  }
}
