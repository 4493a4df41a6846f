package io.argosy.queue.admin;

import static io.argosy.queue.testing.TestJobs.gpuJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argosy.gpu.InvalidSpecException;
import io.argosy.queue.JobQueues;
import io.argosy.queue.QueueSpec;
import io.argosy.queue.job.JobId;
import io.argosy.queue.job.JobState;
import io.argosy.queue.quota.QueueQuota;
import io.argosy.queue.quota.QuotaOverage;
import io.argosy.queue.quota.ResourceVector;
import io.argosy.queue.testing.MutableClock;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueueAdminTest {
  private final JobQueues queues = new JobQueues(MutableClock.atEpoch());
  private final QueueAdmin admin = new QueueAdmin(queues);

  @Test
  void queuesCanBeGivenChildrenFirst() {
    List<QueueChange> done = admin.applyAll(List.of(
        QueueSpec.of("dev").withParent("eng"), QueueSpec.of("eng"), QueueSpec.of("prod").withParent("eng").withWeight(3)));
    assertThat(done).extracting(c -> c.spec().name()).containsExactly("eng", "dev", "prod");
    assertThat(admin.get("eng").orElseThrow().children()).containsExactly("dev", "prod");
    assertThat(admin.list()).extracting(v -> v.spec().name()).containsExactly("root", "default", "eng", "dev", "prod");
    assertThatThrownBy(() -> admin.applyAll(List.of(QueueSpec.of("x").withParent("y"), QueueSpec.of("y").withParent("x"))))
        .hasMessage("spec.parent: queue x is part of a parent cycle");
  }

  @Test
  void quotaKeysAreSetOneByOneAndModelQualifiedKeysAreFirstClass() {
    admin.apply(QueueSpec.of("vision"));
    admin.setQuota("vision", QuotaKind.CAPABILITY, ResourceVector.parse("nvidia.com/gpu=64,cpu=256000"));
    admin.setQuota("vision", QuotaKind.CAPABILITY, ResourceVector.parse("nvidia.com/gpu[H100]=32"));
    admin.setQuota("vision", QuotaKind.DESERVED, ResourceVector.parse("nvidia.com/gpu=16"));
    assertThat(admin.quota("vision").capability().toMap())
        .containsEntry("nvidia.com/gpu", 64L).containsEntry("nvidia.com/gpu[H100]", 32L).containsEntry("cpu", 256_000L);
    admin.removeQuota("vision", QuotaKind.CAPABILITY, "cpu");
    assertThat(admin.quota("vision").capability().has("cpu")).isFalse();
    assertThatThrownBy(() -> admin.setQuota("vision", QuotaKind.GUARANTEE, ResourceVector.parse("nvidia.com/gpu=20")))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("spec.guarantee.resource[nvidia.com/gpu]: guarantee 20 exceeds deserved 16");
  }

  @Test
  void loweringCapabilityBelowUsageIsReportedAndKeepsRunningWork() {
    admin.apply(QueueSpec.of("team").withQuota(QueueQuota.NONE.withCapability(ResourceVector.parse("nvidia.com/gpu=16"))));
    queues.submit(gpuJob("big", "team", 0, 0, 3, 4));
    queues.submit(gpuJob("next", "team", 0, 1, 1, 1));
    JobId big = new JobId("default", "big");
    queues.admit(big, "fits");
    queues.bind(big, "placed");
    queues.running(big, "running");
    QueueChange change = admin.setQuota("team", QuotaKind.CAPABILITY, ResourceVector.parse("nvidia.com/gpu=8"));
    assertThat(change.belowUsage()).isTrue();
    assertThat(change.overages()).containsExactly(new QuotaOverage("team", "nvidia.com/gpu", 12, 8));
    assertThat(queues.status(big).orElseThrow().state()).isEqualTo(JobState.RUNNING);
    assertThat(admin.usage("team", "nvidia.com/gpu")).isEqualTo(12);
    assertThat(queues.admit(new JobId("default", "next"), "try").allowed()).isFalse();
    assertThat(admin.get("team").orElseThrow().overages()).hasSize(1);
    queues.succeeded(big, "done");
    assertThat(admin.get("team").orElseThrow().overages()).isEmpty();
    assertThat(queues.admit(new JobId("default", "next"), "try").allowed()).isTrue();
  }

  @Test
  void theViewReportsUsageDeservedBorrowedAndReclaimable() {
    queues.setCapacity(ResourceVector.of("nvidia.com/gpu", 20));
    admin.apply(QueueSpec.of("lender").withQuota(QueueQuota.NONE.withDeserved(ResourceVector.parse("nvidia.com/gpu=4"))));
    admin.apply(QueueSpec.of("keeper").withReclaimable(false));
    queues.submit(gpuJob("l1", "lender", 0, 0, 1, 6));
    queues.submit(gpuJob("l2", "lender", 0, 1, 1, 1));
    queues.admit(new JobId("default", "l1"), "fits");
    QueueView v = admin.get("lender").orElseThrow();
    assertThat(v.usage().get("nvidia.com/gpu")).isEqualTo(6);
    assertThat(v.deserved().get("nvidia.com/gpu")).isEqualTo(4);
    assertThat(v.borrowed().get("nvidia.com/gpu")).isEqualTo(2);
    assertThat(v.reclaimable().get("nvidia.com/gpu")).isEqualTo(2);
    assertThat(v.pendingJobs()).isEqualTo(1);
    assertThat(v.jobsHoldingQuota()).isEqualTo(1);
    // root's 20 GPUs by weight over default, lender (explicit 4) and keeper: 20 / 3
    assertThat(admin.get("keeper").orElseThrow().deserved().get("nvidia.com/gpu")).isEqualTo(6);
    assertThat(admin.get("root").orElseThrow().usage().get("nvidia.com/gpu")).isEqualTo(6);
    assertThat(admin.fleetTotal().get("nvidia.com/gpu")).isEqualTo(20);
  }

  @Test
  void aClosedQueueKeepsItsJobsButNewOnesWait() {
    admin.apply(QueueSpec.of("q"));
    queues.submit(gpuJob("before", "q", 0, 0, 1, 1));
    admin.setOpen("q", false);
    queues.submit(gpuJob("after", "q", 0, 1, 1, 1));
    assertThat(queues.status(new JobId("default", "after")).orElseThrow().pendingReason()).isEqualTo("queue q is closed");
    assertThat(queues.admit(new JobId("default", "before"), "still schedulable").allowed()).isTrue();
    admin.setOpen("q", true);
    assertThat(admin.get("q").orElseThrow().pendingJobs()).isEqualTo(1);
    assertThatThrownBy(() -> admin.delete("q")).hasMessage("queue q still holds 2 jobs");
    assertThatThrownBy(() -> admin.delete("default")).hasMessage("queue default cannot be removed");
  }
}
