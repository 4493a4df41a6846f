package io.argosy.scheduler.cycle;

import static io.argosy.scheduler.testing.Harness.binding;
import static io.argosy.scheduler.testing.Harness.pending;
import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.queue.job.JobId;
import io.argosy.scheduler.fleet.GangBinding;
import io.argosy.scheduler.framework.Reservation;
import io.argosy.scheduler.framework.SchedulerConfig;
import io.argosy.scheduler.testing.Harness;
import io.argosy.scheduler.testing.Nodes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/** A blocked gang reserves its cluster; later jobs start there only if their runtime estimate ends before. */
class BackfillTest {

  static String job(String name, int replicas, int gpus, String estimate) {
    String ann = estimate == null ? "" : "argosy.io/runtime-estimate: " + estimate;
    return """
        ---
        apiVersion: batch.volcano.sh/v1alpha1
        kind: Job
        metadata:
          name: %s
          annotations: {%s}
        spec:
          minAvailable: %d
          tasks:
          - name: worker
            replicas: %d
            template:
              spec:
                containers: [{name: w, image: x, resources: {requests: {cpu: "1"}, limits: {nvidia.com/gpu: %d}}}]
        """.formatted(name, ann, replicas, replicas, gpus);
  }

  @Test
  void shortJobsBackfillLongAndUnknownOnesWaitAndTheBigGangStartsOnTime() {
    Harness h = new Harness().cluster("gpu", List.of(Nodes.nvidia("n0", "NVIDIA-A100-SXM4-80GB", 8).build()));
    h.submit(job("running", 1, 6, "1h"));
    h.runAll(h.cycle());

    h.submit(job("big", 1, 8, null) + job("short", 1, 1, "30m") + job("long", 1, 1, "2h") + job("unknown", 1, 1, null));
    CycleResult r = h.runAll(h.cycle());
    Instant start = Harness.T0.plus(Duration.ofHours(1));
    assertThat(r.reservations()).containsExactly(new Reservation(JobId.parse("big"), "gpu", start));
    assertThat(binding(r, "short").cluster()).isEqualTo("gpu");
    assertThat(pending(r, "big").reasons()).containsExactly(
        "cluster gpu: 1/1 tasks in gang unschedulable: insufficient nvidia.com/gpu on 1 node",
        "reserved cluster gpu from 2025-01-01T01:00:00Z (backfill)");
    assertThat(pending(r, "long").reasons()).containsExactly(
        "cluster gpu: reserved for default/big from 2025-01-01T01:00:00Z; runtime estimate PT2H ends after that");
    assertThat(pending(r, "unknown").reasons()).containsExactly(
        "cluster gpu: reserved for default/big from 2025-01-01T01:00:00Z; no runtime estimate to backfill with");

    h.advance(Duration.ofMinutes(30));
    h.finish("short");
    r = h.runAll(h.cycle());
    assertThat(r.bindings()).isEmpty(); // one GPU free again, but long and unknown would still delay big

    h.advance(Duration.ofMinutes(30));
    h.finish("running");
    r = h.runAll(h.cycle());
    assertThat(binding(r, "big").pods().get(0).devices()).hasSize(8);
    assertThat(r.reservations()).isEmpty();
  }

  @Test
  void withoutEstimatesOfRunningJobsThereIsNoReservationAndSmallJobsFillIn() {
    Harness h = new Harness().cluster("gpu", List.of(Nodes.nvidia("n0", "NVIDIA-A100-SXM4-80GB", 8).build()));
    h.submit(job("running", 1, 6, null));
    h.runAll(h.cycle());
    h.submit(job("big", 1, 8, null) + job("unknown", 1, 1, null));
    CycleResult r = h.cycle();
    assertThat(r.reservations()).isEmpty();
    assertThat(binding(r, "unknown").cluster()).isEqualTo("gpu");
  }

  @Test
  void backfillCanBeTurnedOff() {
    Harness h = new Harness(Harness.config().withActions(true, true, false))
        .cluster("gpu", List.of(Nodes.nvidia("n0", "NVIDIA-A100-SXM4-80GB", 8).build()));
    h.submit(job("running", 1, 6, "1h"));
    h.runAll(h.cycle());
    h.submit(job("big", 1, 8, null) + job("long", 1, 1, "2h"));
    CycleResult r = h.cycle();
    assertThat(r.reservations()).isEmpty();
    assertThat(binding(r, "long").cluster()).isEqualTo("gpu");
  }

  // ------------------------------------------------------------------ property

  /** A job of the random stream: when it arrives, its gang, its estimate (or none) and how long it really runs. */
  record Arrival(int at, int pods, int gpus, Integer estimate, int actual) {}

  @Provide
  Arbitrary<List<Arrival>> streams() {
    Arbitrary<Arrival> a = Combinators.combine(
            Arbitraries.integers().between(0, 40),
            Arbitraries.integers().between(1, 3),
            Arbitraries.of(1, 2, 4, 8),
            Arbitraries.integers().between(1, 30).injectNull(0.25),
            Arbitraries.integers().between(1, 30))
        .as((at, pods, gpus, est, actual) -> new Arrival(at, pods, gpus, est, est == null ? actual : est));
    return a.list().ofMinSize(4).ofMaxSize(18);
  }

  /**
   * Jobs run exactly their estimate (those without one run a random time). Whenever a gang got a
   * reservation, it starts by the reservation's time unless a job ahead of it in the queue started
   * in between: backfilled jobs never delay it.
   */
  @Property(tries = 25, seed = "20250101")
  void backfillNeverDelaysTheReservedGang(@ForAll("streams") @Size(min = 4) List<Arrival> stream) {
    Harness h = new Harness(Harness.config().withActions(false, false, true))
        .cluster("gpu", List.of(Nodes.nvidia("n0", "NVIDIA-A100-SXM4-80GB", 8).cpu(128).build(),
            Nodes.nvidia("n1", "NVIDIA-A100-SXM4-80GB", 8).cpu(128).build()));
    Map<String, Integer> submittedAt = new HashMap<>();
    Map<String, Integer> order = new HashMap<>();
    Map<String, Integer> endsAt = new HashMap<>();
    Map<String, Integer> startedAt = new LinkedHashMap<>();
    Map<String, Instant> firstReservation = new HashMap<>();
    Map<String, Arrival> byName = new HashMap<>();
    for (int minute = 0; minute <= 200; minute++) {
      h.clock.set(Harness.T0.plus(Duration.ofMinutes(minute)));
      for (Map.Entry<String, Integer> e : new ArrayList<>(endsAt.entrySet())) {
        if (e.getValue() <= minute) {
          h.finish(e.getKey());
          endsAt.remove(e.getKey());
        }
      }
      StringBuilder yaml = new StringBuilder();
      for (int i = 0; i < stream.size(); i++) {
        Arrival a = stream.get(i);
        if (a.at() == minute) {
          String name = "j" + i;
          byName.put(name, a);
          submittedAt.put(name, minute);
          order.put(name, order.size());
          yaml.append(job(name, a.pods(), a.gpus(), a.estimate() == null ? null : a.estimate() + "m"));
        }
      }
      if (yaml.length() > 0) {
        h.submit(yaml.toString());
      }
      CycleResult r = h.runAll(h.cycle());
      for (GangBinding b : r.bindings()) {
        String name = b.job().name();
        if (!startedAt.containsKey(name)) {
          startedAt.put(name, minute);
          endsAt.put(name, minute + byName.get(name).actual());
        }
      }
      for (Reservation res : r.reservations()) {
        firstReservation.putIfAbsent(res.job().name(), res.start());
      }
    }
    for (Map.Entry<String, Instant> e : firstReservation.entrySet()) {
      String j = e.getKey();
      long deadline = Duration.between(Harness.T0, e.getValue()).toMinutes();
      Integer started = startedAt.get(j);
      boolean onTime = started != null && started <= deadline;
      if (!onTime) {
        // only a job ahead of the reserved one in the queue may have taken its capacity
        boolean aheadStarted = startedAt.entrySet().stream().anyMatch(s -> order.get(s.getKey()) < order.get(j)
            && s.getValue() >= submittedAt.get(j));
        assertThat(aheadStarted).as("%s reserved for minute %d but started at %s; started: %s", j, deadline, started,
            startedAt).isTrue();
      }
    }
    Statistics.label("reservations").collect(firstReservation.isEmpty() ? "none" : "some");
    Statistics.label("reservations").coverage(c -> c.check("some").percentage(p -> p >= 30));
  }
}
