package io.argosy.queue;

import static io.argosy.queue.testing.TestJobs.gpuJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.gpu.InvalidSpecException;
import io.argosy.queue.job.IllegalTransitionException;
import io.argosy.queue.job.Job;
import io.argosy.queue.job.JobId;
import io.argosy.queue.job.JobState;
import io.argosy.queue.quota.QueueQuota;
import io.argosy.queue.quota.ResourceVector;
import io.argosy.queue.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Combinators;

/**
 * Across random submit / admit / bind / run / finish / preempt / requeue / cancel / quota-change
 * sequences: every queue's usage equals the sum of the demand of its jobs holding quota (computed
 * here independently of JobQueues), a parent's usage is the sum of its children's, and usage never
 * exceeds capability except right after a quota change lowered it, after which it never grows
 * until it is back under.
 */
class QuotaAccountingPropertyTest {
  private static final List<String> LEAVES = List.of("a", "b", "c", "default");
  private static final List<String> MODELS = List.of("H100-80GB", "A100-80GB");

  sealed interface Action {}

  record Submit(String queue, int pods, int gpus) implements Action {}

  record CycleAdmit(int max) implements Action {}

  record AdmitOne(int pick) implements Action {}

  record Bind(int pick, int model) implements Action {}

  record Run(int pick) implements Action {}

  record Finish(int pick, boolean ok) implements Action {}

  record Preempt(int pick) implements Action {}

  record Requeue(int pick) implements Action {}

  record Cancel(int pick) implements Action {}

  record SetCapability(String queue, int gpus, int h100) implements Action {}

  @Provide
  Arbitrary<List<Action>> actions() {
    Arbitrary<Integer> pick = Arbitraries.integers().between(0, 1000);
    Arbitrary<Action> action = Arbitraries.oneOf(
        Combinators.combine(Arbitraries.of(LEAVES), Arbitraries.integers().between(1, 4), Arbitraries.integers().between(0, 4))
            .as(Submit::new),
        Combinators.combine(Arbitraries.of(LEAVES), Arbitraries.integers().between(1, 4), Arbitraries.integers().between(0, 4))
            .as(Submit::new),
        Arbitraries.integers().between(1, 8).map(CycleAdmit::new),
        pick.map(AdmitOne::new),
        Combinators.combine(pick, Arbitraries.integers().between(0, 1)).as(Bind::new),
        pick.map(Run::new),
        Combinators.combine(pick, Arbitraries.of(true, false)).as(Finish::new),
        pick.map(Preempt::new),
        pick.map(Requeue::new),
        pick.map(Cancel::new),
        Combinators.combine(Arbitraries.of("p", "a", "b", "c"), Arbitraries.integers().between(0, 40),
                Arbitraries.integers().between(0, 20))
            .as(SetCapability::new));
    return action.list().ofMinSize(1).ofMaxSize(120);
  }

  /** What the test itself believes about each job. */
  private static final class Expected {
    final Job job;
    JobState state = JobState.PENDING;
    ResourceVector charge = ResourceVector.EMPTY;

    Expected(Job job) {
      this.job = job;
    }
  }

  @Property(tries = 300, seed = "20250101")
  void usageIsTheSumOfAdmittedDemandAndNeverExceedsCapability(@ForAll("actions") List<Action> actions) {
    MutableClock clock = MutableClock.atEpoch();
    JobQueues queues = new JobQueues(clock);
    queues.setCapacity(ResourceVector.of("nvidia.com/gpu", 64, "cpu", 64_000));
    queues.defineQueue(QueueSpec.of("p").withQuota(QueueQuota.NONE.withCapability(ResourceVector.parse("nvidia.com/gpu=24"))));
    queues.defineQueue(QueueSpec.of("a").withParent("p").withWeight(2)
        .withQuota(QueueQuota.NONE.withCapability(ResourceVector.parse("nvidia.com/gpu=16,nvidia.com/gpu[H100]=6"))));
    queues.defineQueue(QueueSpec.of("b").withParent("p"));
    queues.defineQueue(QueueSpec.of("c").withQuota(QueueQuota.NONE.withCapability(ResourceVector.parse("nvidia.com/gpu=10"))));

    Map<JobId, Expected> model = new LinkedHashMap<>();
    Map<String, Long> toleratedOver = new HashMap<>(); // "queue|key" -> usage allowed after a lowering
    int serial = 0;
    for (Action action : actions) {
      clock.advance(Duration.ofSeconds(1));
      List<Expected> live = new ArrayList<>(model.values());
      if (action instanceof Submit s) {
        Job job = gpuJob("j" + serial, s.queue(), serial % 3, serial, s.pods(), s.gpus());
        serial++;
        queues.submit(job);
        model.put(job.id(), new Expected(job));
      } else if (action instanceof CycleAdmit c) {
        SchedulingCycle cycle = queues.beginCycle();
        int admitted = 0;
        for (Job j = cycle.next(); j != null && admitted < c.max(); j = cycle.next()) {
          if (queues.admit(j.id(), "cycle").allowed()) {
            Expected e = model.get(j.id());
            e.state = JobState.ADMITTED;
            e.charge = j.demand();
            admitted++;
          }
        }
      } else if (action instanceof AdmitOne a) {
        apply(live, a.pick(), e -> admitOne(queues, e));
      } else if (action instanceof Bind b) {
        apply(live, b.pick(), e -> bind(queues, e, MODELS.get(b.model())));
      } else if (action instanceof Run r) {
        apply(live, r.pick(), e -> {
          if (e.state != JobState.BOUND) {
            expectIllegal(() -> queues.running(e.job.id(), "run"));
          } else {
            queues.running(e.job.id(), "run");
            e.state = JobState.RUNNING;
          }
        });
      } else if (action instanceof Finish f) {
        apply(live, f.pick(), e -> {
          JobState to = f.ok() ? JobState.SUCCEEDED : JobState.FAILED;
          if (!e.state.canTransitionTo(to)) {
            expectIllegal(() -> finish(queues, e, f.ok()));
          } else {
            finish(queues, e, f.ok());
            model.remove(e.job.id());
          }
        });
      } else if (action instanceof Preempt p) {
        apply(live, p.pick(), e -> {
          if (!e.state.holdsQuota()) {
            expectIllegal(() -> queues.preempted(e.job.id(), "preempt"));
          } else {
            queues.preempted(e.job.id(), "preempt");
            e.state = JobState.PREEMPTED;
            e.charge = ResourceVector.EMPTY;
          }
        });
      } else if (action instanceof Requeue r) {
        apply(live, r.pick(), e -> {
          if (e.state == JobState.PENDING) {
            expectIllegal(() -> queues.requeue(e.job.id(), "requeue"));
          } else {
            queues.requeue(e.job.id(), "requeue");
            e.state = JobState.PENDING;
            e.charge = ResourceVector.EMPTY;
          }
        });
      } else if (action instanceof Cancel c) {
        apply(live, c.pick(), e -> {
          queues.cancel(e.job.id(), "cancel");
          model.remove(e.job.id());
        });
      } else if (action instanceof SetCapability s) {
        setCapability(queues, s, toleratedOver);
      }
      checkInvariants(queues, model, toleratedOver);
    }
  }

  private static void admitOne(JobQueues queues, Expected e) {
    if (e.state != JobState.PENDING) {
      expectIllegal(() -> queues.admit(e.job.id(), "one"));
    } else if (queues.admit(e.job.id(), "one").allowed()) {
      e.state = JobState.ADMITTED;
      e.charge = e.job.demand();
    }
  }

  private static void bind(JobQueues queues, Expected e, String model) {
    if (e.state != JobState.ADMITTED) {
      expectIllegal(() -> queues.bind(e.job.id(), "bind"));
      return;
    }
    ResourceVector placed = ModelCharges.forBinding(e.job).add("worker", model, e.job.totalReplicas()).build();
    long gpus = e.job.demand().get("nvidia.com/gpu");
    ResourceVector expectedPlaced =
        gpus == 0 ? ResourceVector.EMPTY : ResourceVector.of("nvidia.com/gpu[" + model + "]", gpus);
    assertThat(placed).isEqualTo(expectedPlaced);
    if (queues.bind(e.job.id(), placed, "bind").allowed()) {
      e.state = JobState.BOUND;
      e.charge = e.job.demand().plus(expectedPlaced);
    }
  }

  private static void setCapability(JobQueues queues, SetCapability s, Map<String, Long> toleratedOver) {
    String caps = "nvidia.com/gpu=" + s.gpus() + (s.queue().equals("a") ? ",nvidia.com/gpu[H100]=" + s.h100() : "");
    try {
      queues.defineQueue(queues.queue(s.queue()).orElseThrow()
          .withQuota(QueueQuota.NONE.withCapability(ResourceVector.parse(caps))));
    } catch (InvalidSpecException rejected) {
      // a child's capability above its parent's (or a parent's below a child's) is refused; nothing changed
      assertThat(rejected.getMessage()).contains("capability");
    }
    for (String key : List.of("nvidia.com/gpu", "nvidia.com/gpu[H100]")) {
      toleratedOver.put(s.queue() + "|" + key, queues.ledger().usage(s.queue(), key));
    }
  }

  private static void finish(JobQueues queues, Expected e, boolean ok) {
    if (ok) {
      queues.succeeded(e.job.id(), "done");
    } else {
      queues.failed(e.job.id(), "failed");
    }
  }

  private static void apply(List<Expected> live, int pick, java.util.function.Consumer<Expected> f) {
    if (!live.isEmpty()) {
      f.accept(live.get(pick % live.size()));
    }
  }

  private static void expectIllegal(Runnable r) {
    try {
      r.run();
    } catch (IllegalTransitionException expected) {
      return;
    }
    throw new AssertionError("an illegal transition was accepted");
  }

  private static void checkInvariants(JobQueues queues, Map<JobId, Expected> model, Map<String, Long> toleratedOver) {
    Map<String, ResourceVector> expected = new HashMap<>();
    for (Expected e : model.values()) {
      JobStatus s = queues.status(e.job.id()).orElseThrow();
      assertThat(s.state()).isEqualTo(e.state);
      if (e.state.holdsQuota()) {
        expected.merge(e.job.queue(), e.charge, ResourceVector::plus);
      }
    }
    for (String leaf : LEAVES) {
      assertThat(nonZero(queues.ledger().usage(leaf))).as("usage of %s", leaf)
          .isEqualTo(nonZero(expected.getOrDefault(leaf, ResourceVector.EMPTY)));
    }
    assertThat(queues.ledger().usage("p")).isEqualTo(queues.ledger().usage("a").plus(queues.ledger().usage("b")));
    for (String q : List.of("p", "a", "b", "c")) {
      ResourceVector cap = queues.ledger().quota(q).capability();
      for (int i = 0; i < cap.size(); i++) {
        String key = cap.keyAt(i);
        long used = queues.ledger().usage(q, key);
        if (used > cap.amountAt(i)) {
          Long tolerated = toleratedOver.get(q + "|" + key);
          assertThat(tolerated).as("%s %s over capability without a quota change", q, key).isNotNull();
          assertThat(used).as("%s %s grew while over capability", q, key).isLessThanOrEqualTo(tolerated);
          toleratedOver.put(q + "|" + key, used);
        }
      }
    }
  }

  private static Map<String, Long> nonZero(ResourceVector v) {
    Map<String, Long> m = new HashMap<>(v.toMap());
    m.values().removeIf(x -> x == 0);
    return m;
  }
}
