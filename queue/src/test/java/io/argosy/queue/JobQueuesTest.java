package io.argosy.queue;

import static io.argosy.queue.testing.TestJobs.gpuJob;
import static io.argosy.queue.testing.TestJobs.job;
import static io.argosy.queue.testing.TestJobs.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argosy.gpu.InvalidSpecException;
import io.argosy.queue.job.IllegalTransitionException;
import io.argosy.queue.job.Job;
import io.argosy.queue.job.JobId;
import io.argosy.queue.job.JobState;
import io.argosy.queue.job.Task;
import io.argosy.queue.job.Transition;
import io.argosy.queue.quota.QueueQuota;
import io.argosy.queue.quota.QuotaCheck;
import io.argosy.queue.quota.ResourceVector;
import io.argosy.queue.testing.MutableClock;
import io.argosy.queue.testing.TestJobs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobQueuesTest {
  private final MutableClock clock = MutableClock.atEpoch();
  private final JobQueues queues = new JobQueues(clock);

  private static JobId id(String name) {
    return new JobId("default", name);
  }

  private List<String> drainCycle() {
    List<String> out = new ArrayList<>();
    SchedulingCycle c = queues.beginCycle();
    for (Job j = c.next(); j != null; j = c.next()) {
      out.add(j.id().name());
    }
    return out;
  }

  @Test
  void aPendingJobsNewPlacementIsWhatTheNextCycleSeesAndAnAdmittedJobKeepsItsOwn() {
    queues.submit(gpuJob("first", "default", 0, 10, 1, 1));
    queues.submit(gpuJob("second", "default", 0, 20, 1, 1));
    drainCycle();
    var eu = new io.argosy.queue.placement.Placement(
        new io.argosy.queue.placement.ClusterAffinity(null, null, List.of("eu"), null), null, null, null, null);
    assertThat(queues.replacePlacement(id("first"), eu)).isTrue();
    assertThat(queues.replacePlacement(id("first"), eu)).as("unchanged").isFalse();
    SchedulingCycle c = queues.beginCycle();
    Job first = c.next();
    assertThat(first.id().name()).isEqualTo("first");
    assertThat(first.placement()).isEqualTo(eu);
    assertThat(queues.admit(first.id(), "fits").allowed()).isTrue();
    assertThat(c.next().placement()).isEqualTo(io.argosy.queue.placement.Placement.ANY);
    assertThat(queues.replacePlacement(id("first"), io.argosy.queue.placement.Placement.ANY))
        .as("admitted: keeps the placement it was admitted with").isFalse();
    assertThat(queues.status(id("first")).orElseThrow().job().placement()).isEqualTo(eu);
  }

  @Test
  void withinAQueueJobsComeByPriorityThenSubmitTimeThenName() {
    queues.submit(gpuJob("late-low", "default", 0, 30, 1, 1));
    queues.submit(gpuJob("early-low", "default", 0, 10, 1, 1));
    queues.submit(gpuJob("high", "default", 1000, 50, 1, 1));
    queues.submit(gpuJob("b-same-time", "default", 0, 20, 1, 1));
    queues.submit(gpuJob("a-same-time", "default", 0, 20, 1, 1));
    assertThat(drainCycle()).containsExactly("high", "early-low", "a-same-time", "b-same-time", "late-low");
  }

  @Test
  void acrossQueuesDominantResourceSharesAreEqualisedByWeight() {
    queues.setCapacity(ResourceVector.of("nvidia.com/gpu", 100, "cpu", 1_000_000));
    queues.defineQueue(QueueSpec.of("a"));
    queues.defineQueue(QueueSpec.of("b").withWeight(2));
    for (int i = 0; i < 40; i++) {
      queues.submit(gpuJob("a-" + i, "a", 0, i, 1, 1));
      queues.submit(gpuJob("b-" + i, "b", 0, i, 1, 1));
    }
    SchedulingCycle c = queues.beginCycle();
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      Job j = c.next();
      order.add(j.id().name());
      assertThat(queues.admit(j.id(), "fits").allowed()).isTrue();
    }
    assertThat(queues.ledger().usage("a").get("nvidia.com/gpu")).isEqualTo(10);
    assertThat(queues.ledger().usage("b").get("nvidia.com/gpu")).isEqualTo(20);
    // b (weight 2) first at 0.5%, then a and b tie at 1% and a wins on name, then b twice ...
    assertThat(order.subList(0, 6)).containsExactly("b-0", "a-0", "b-1", "b-2", "a-1", "b-3");
  }

  @Test
  void theDominantResourceDecidesNotTheRawCount() {
    queues.setCapacity(ResourceVector.of("nvidia.com/gpu", 10, "cpu", 100_000));
    queues.defineQueue(QueueSpec.of("cpu-heavy"));
    queues.defineQueue(QueueSpec.of("gpu-heavy"));
    for (int i = 0; i < 20; i++) {
      queues.submit(job("c-" + i, "cpu-heavy", 0, i, Task.of("t", 1, 1, pod(10_000, 0))));
      queues.submit(gpuJob("g-" + i, "gpu-heavy", 0, i, 1, 1));
    }
    SchedulingCycle c = queues.beginCycle();
    for (int i = 0; i < 10; i++) {
      queues.admit(c.next().id(), "fits");
    }
    // each cpu job is 10% of cpu, each gpu job 10% of gpus: five each
    assertThat(queues.ledger().usage("cpu-heavy").get("cpu")).isEqualTo(50_000);
    assertThat(queues.ledger().usage("gpu-heavy").get("nvidia.com/gpu")).isEqualTo(5);
  }

  @Test
  void oneCycleConsidersAnyNumberOfJobsOfOneQueue() {
    for (int i = 0; i < 1000; i++) {
      queues.submit(gpuJob("j" + i, "default", 0, i, 1, 1));
    }
    SchedulingCycle c = queues.beginCycle();
    int admitted = 0;
    for (Job j = c.next(); j != null; j = c.next()) {
      if (queues.admit(j.id(), "fits").allowed()) {
        admitted++;
      }
    }
    assertThat(admitted).isEqualTo(1000);
    assertThat(c.returned()).isEqualTo(1000);
    assertThat(queues.pendingCount()).isZero();
  }

  @Test
  void hierarchicalQueuesShareByWeightAtEachLevel() {
    queues.setCapacity(ResourceVector.of("nvidia.com/gpu", 1000));
    queues.defineQueue(QueueSpec.of("eng").withWeight(1));
    queues.defineQueue(QueueSpec.of("sci").withWeight(1));
    queues.defineQueue(QueueSpec.of("eng-dev").withParent("eng").withWeight(1));
    queues.defineQueue(QueueSpec.of("eng-prod").withParent("eng").withWeight(3));
    queues.defineQueue(QueueSpec.of("sci-all").withParent("sci"));
    // the default queue under root has no jobs and takes no share
    for (int i = 0; i < 100; i++) {
      for (String q : List.of("eng-dev", "eng-prod", "sci-all")) {
        queues.submit(gpuJob(q + "-" + i, q, 0, i, 1, 1));
      }
    }
    SchedulingCycle c = queues.beginCycle();
    for (int i = 0; i < 80; i++) {
      queues.admit(c.next().id(), "fits");
    }
    assertThat(queues.ledger().usage("eng").get("nvidia.com/gpu")).isEqualTo(40);
    assertThat(queues.ledger().usage("sci").get("nvidia.com/gpu")).isEqualTo(40);
    assertThat(queues.ledger().usage("eng-prod").get("nvidia.com/gpu")).isEqualTo(30);
    assertThat(queues.ledger().usage("eng-dev").get("nvidia.com/gpu")).isEqualTo(10);
  }

  @Test
  void aHigherPriorityQueueIsServedBeforeFairShareApplies() {
    queues.setCapacity(ResourceVector.of("nvidia.com/gpu", 100));
    queues.defineQueue(QueueSpec.of("batch"));
    queues.defineQueue(QueueSpec.of("urgent").withPriority(10));
    queues.submit(gpuJob("u1", "urgent", 0, 5, 1, 1));
    queues.submit(gpuJob("b1", "batch", 0, 0, 1, 1));
    queues.submit(gpuJob("u2", "urgent", 0, 6, 1, 1));
    SchedulingCycle c = queues.beginCycle();
    List<String> order = new ArrayList<>();
    for (Job j = c.next(); j != null; j = c.next()) {
      order.add(j.id().name());
      queues.admit(j.id(), "fits");
    }
    assertThat(order).containsExactly("u1", "u2", "b1");
  }

  @Test
  void capabilityStopsAdmissionAndTheJobStaysPendingWithTheReason() {
    queues.defineQueue(QueueSpec.of("small").withQuota(QueueQuota.NONE.withCapability(ResourceVector.parse("nvidia.com/gpu=4"))));
    queues.submit(gpuJob("fits", "small", 0, 0, 1, 4));
    queues.submit(gpuJob("too-big", "small", 0, 1, 2, 1));
    SchedulingCycle c = queues.beginCycle();
    assertThat(queues.admit(c.next().id(), "fits").allowed()).isTrue();
    Job next = c.next();
    QuotaCheck no = queues.admit(next.id(), "fits");
    assertThat(no.allowed()).isFalse();
    JobStatus s = queues.status(next.id()).orElseThrow();
    assertThat(s.state()).isEqualTo(JobState.PENDING);
    assertThat(s.pendingReason()).isEqualTo("queue small: nvidia.com/gpu would be 6, over capability 4 (in use 4, requested 2)");
    assertThat(c.next()).isNull();
  }

  @Test
  void usageFollowsEveryStateChangeExactly() {
    queues.submit(gpuJob("j", "default", 0, 0, 2, 4));
    JobId j = id("j");
    assertThat(queues.ledger().usage("default").isEmpty()).isTrue();
    queues.admit(j, "admitted");
    assertThat(queues.ledger().usage("default").get("nvidia.com/gpu")).isEqualTo(8);
    assertThat(queues.ledger().usage("default").get("cpu")).isEqualTo(2000);
    queues.requeue(j, "no cluster fits");
    assertThat(queues.ledger().usage("default").isEmpty()).isTrue();
    assertThat(queues.status(j).orElseThrow().state()).isEqualTo(JobState.PENDING);
    queues.admit(j, "admitted");
    queues.bind(j, "bound to member1");
    queues.running(j, "agent: running");
    assertThat(queues.ledger().usage("root").get("nvidia.com/gpu")).isEqualTo(8);
    queues.preempted(j, "reclaimed by queue b");
    assertThat(queues.ledger().usage("default").isEmpty()).isTrue();
    queues.requeue(j, "requeued after preemption");
    queues.admit(j, "admitted");
    queues.bind(j, "bound");
    queues.succeeded(j, "agent: succeeded");
    assertThat(queues.ledger().usage("root").isEmpty()).isTrue();
    assertThat(queues.contains(j)).isFalse();
  }

  @Test
  void modelQualifiedQuotaIsChargedAtAdmissionWhenTheDemandNamesOneModel() {
    queues.defineQueue(QueueSpec.of("vision")
        .withQuota(QueueQuota.NONE.withCapability(ResourceVector.parse("nvidia.com/gpu[H100]=8"))));
    queues.submit(job("h1", "vision", 0, 0, Task.of("w", 2, 2, pod(1000, 4, "H100"))));
    queues.submit(job("h2", "vision", 0, 1, Task.of("w", 1, 1, pod(1000, 1, "H100"))));
    queues.submit(job("any", "vision", 0, 2, Task.of("w", 1, 1, pod(1000, 4))));
    assertThat(queues.admit(id("h1"), "fits").allowed()).isTrue();
    assertThat(queues.status(id("h1")).orElseThrow().charged().get("nvidia.com/gpu[H100]")).isEqualTo(8);
    assertThat(queues.admit(id("h2"), "fits").reason())
        .isEqualTo("queue vision: nvidia.com/gpu[H100] would be 9, over capability 8 (in use 8, requested 1)");
    // no model named: admitted on unqualified keys, checked against H100 quota at binding
    assertThat(queues.admit(id("any"), "fits").allowed()).isTrue();
    Job any = queues.status(id("any")).orElseThrow().job();
    QuotaCheck onH100 = queues.bind(id("any"), ModelCharges.forBinding(any).add("w", "H100-80GB", 1).build(), "placed");
    assertThat(onH100.allowed()).isFalse();
    assertThat(queues.status(id("any")).orElseThrow().state()).isEqualTo(JobState.ADMITTED);
    assertThat(queues.bind(id("any"), ModelCharges.forBinding(any).add("w", "A100-80GB", 1).build(), "placed").allowed()).isTrue();
    assertThat(queues.ledger().usage("vision").get("nvidia.com/gpu[A100-80GB]")).isEqualTo(4);
    // binding replaces the model charged at admission with the placed model
    queues.bind(id("h1"), ModelCharges.forBinding(queues.status(id("h1")).orElseThrow().job()).add("w", "H100-80GB", 2).build(), "placed");
    assertThat(queues.ledger().usage("vision").get("nvidia.com/gpu[H100]")).isZero();
    assertThat(queues.ledger().usage("vision", "nvidia.com/gpu[H100]")).isEqualTo(8);
    queues.succeeded(id("h1"), "done");
    queues.succeeded(id("any"), "done");
    assertThat(queues.ledger().usage("vision").isEmpty()).isTrue();
  }

  @Test
  void aResourceNameWithAModelChargesThatModelAtAdmission() {
    queues.submit(job("npu", "default", 0, 0, Task.of("w", 2, 2, TestJobs.ascendPod("Ascend910B3", 8))));
    queues.admit(id("npu"), "fits");
    assertThat(queues.ledger().usage("default", "huawei.com/Ascend910B3[Ascend910]")).isEqualTo(16);
  }

  @Test
  void partialAdmissionChargesOnlyTheAdmittedPods() {
    queues.submit(TestJobs.elastic("elastic", "default", 3,
        Task.of("master", 1, 1, pod(1000, 0)), new Task("worker", 9, 2, pod(1000, 1), null, null, null)));
    assertThatThrownBy(() -> queues.admit(id("elastic"), Map.of("master", 1, "worker", 1), "partial"))
        .hasMessage("job default/elastic task worker: 1 pods is outside minAvailable 2 .. replicas 9");
    queues.admit(id("elastic"), Map.of("master", 1, "worker", 4), "partial");
    assertThat(queues.ledger().usage("default").get("nvidia.com/gpu")).isEqualTo(4);
    assertThat(queues.ledger().usage("default").get("cpu")).isEqualTo(5000);
  }

  @Test
  void jobsForAMissingOrClosedQueueWaitUntilItCanTakeThem() {
    queues.submit(gpuJob("early", "later", 0, 0, 1, 1));
    assertThat(queues.status(id("early")).orElseThrow().pendingReason()).isEqualTo("unable to find job queue later");
    assertThat(drainCycle()).isEmpty();
    queues.defineQueue(QueueSpec.of("later").withOpen(false));
    assertThat(queues.status(id("early")).orElseThrow().pendingReason()).isEqualTo("queue later is closed");
    queues.defineQueue(QueueSpec.of("later"));
    assertThat(drainCycle()).containsExactly("early");
    queues.defineQueue(QueueSpec.of("parent"));
    queues.defineQueue(QueueSpec.of("child").withParent("parent"));
    queues.submit(gpuJob("to-parent", "parent", 0, 0, 1, 1));
    assertThat(queues.status(id("to-parent")).orElseThrow().pendingReason())
        .isEqualTo("queue parent has child queues; jobs can only be submitted to leaf queues");
    queues.cancel(id("to-parent"), "user deleted it");
    assertThat(queues.contains(id("to-parent"))).isFalse();
  }

  @Test
  void aQueueWithJobsCannotGetChildren() {
    queues.submit(gpuJob("j", "default", 0, 0, 1, 1));
    assertThatThrownBy(() -> queues.defineQueue(QueueSpec.of("sub").withParent("default")))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("spec.parent: queue default holds jobs; only leaf queues hold jobs, so it cannot get children");
  }

  @Test
  void aJobSubmittedDuringACycleComesOutIfItSortsAfterTheCursor() {
    queues.submit(gpuJob("a", "default", 0, 10, 1, 1));
    queues.submit(gpuJob("b", "default", 0, 20, 1, 1));
    SchedulingCycle c = queues.beginCycle();
    assertThat(c.next().id().name()).isEqualTo("a");
    queues.submit(gpuJob("before-cursor", "default", 0, 5, 1, 1));
    queues.submit(gpuJob("after-cursor", "default", 0, 15, 1, 1));
    queues.defineQueue(QueueSpec.of("fresh"));
    queues.submit(gpuJob("in-new-queue", "fresh", 0, 0, 1, 1));
    List<String> rest = new ArrayList<>();
    for (Job j = c.next(); j != null; j = c.next()) {
      rest.add(j.id().name());
    }
    assertThat(rest).containsExactlyInAnyOrder("after-cursor", "b", "in-new-queue");
    assertThat(rest.indexOf("after-cursor")).isLessThan(rest.indexOf("b"));
  }

  @Test
  void aNewCycleEndsTheOldOne() {
    SchedulingCycle old = queues.beginCycle();
    queues.beginCycle();
    assertThatThrownBy(old::next).hasMessage("this scheduling cycle was ended by a newer one");
  }

  @Test
  void transitionsAreRecordedWithReasonAndTimeAndIllegalOnesRejected() {
    List<Transition> seen = new ArrayList<>();
    queues.setListener((job, t) -> seen.add(t));
    queues.submit(gpuJob("j", "default", 0, 0, 1, 1));
    clock.advance(Duration.ofSeconds(5));
    queues.admit(id("j"), "quota ok");
    assertThatThrownBy(() -> queues.succeeded(id("j"), "?"))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessage("job default/j: illegal transition Admitted -> Succeeded");
    assertThatThrownBy(() -> queues.running(id("j"), "?"))
        .hasMessage("job default/j: illegal transition Admitted -> Running");
    clock.advance(Duration.ofSeconds(1));
    queues.bind(id("j"), "bound");
    JobStatus s = queues.status(id("j")).orElseThrow();
    assertThat(s.history()).extracting(Transition::to).containsExactly(JobState.PENDING, JobState.ADMITTED, JobState.BOUND);
    assertThat(s.history().get(0).at()).isEqualTo(TestJobs.T0);
    assertThat(s.history().get(1).at()).isEqualTo(TestJobs.T0.plusSeconds(5));
    assertThat(s.history().get(1).reason()).isEqualTo("quota ok");
    assertThat(seen).hasSize(3);
    queues.failed(id("j"), "image pull failed");
    assertThat(seen.get(3).to()).isEqualTo(JobState.FAILED);
    assertThatThrownBy(() -> queues.requeue(id("j"), "x")).hasMessage("unknown job default/j");
  }

  @Test
  void holdingQuotaListsTheChargedJobsOfASubtree() {
    queues.defineQueue(QueueSpec.of("p"));
    queues.defineQueue(QueueSpec.of("c1").withParent("p"));
    queues.defineQueue(QueueSpec.of("c2").withParent("p"));
    queues.submit(gpuJob("x", "c1", 0, 0, 1, 1));
    queues.submit(gpuJob("y", "c2", 0, 0, 1, 2));
    queues.submit(gpuJob("z", "c2", 0, 1, 1, 2));
    queues.admit(id("x"), "ok");
    queues.admit(id("y"), "ok");
    assertThat(queues.holdingQuota("p")).extracting(s -> s.job().id().name()).containsExactlyInAnyOrder("x", "y");
    assertThat(queues.holdingQuota("c2").get(0).charged().get("nvidia.com/gpu")).isEqualTo(2);
  }
}
