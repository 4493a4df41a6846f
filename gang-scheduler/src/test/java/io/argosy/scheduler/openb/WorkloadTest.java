package io.argosy.scheduler.openb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The paper's workload tuning: shuffle, then clones up to tune x capacity (or removals down to it). */
class WorkloadTest {

  private static final long CAPACITY = 6_212_000;

  @Test
  void clonesAreAppendedUntilTheRequestReachesTuneTimesCapacity() {
    List<TracePod> pods = OpenbTrace.loadPods(Traces.pods("default")); // 98% of capacity
    List<TaskDemand> arrivals = Workload.arrivals(pods, CAPACITY, 1.3, 42);
    long total = Workload.totalGpuMilli(arrivals);
    double target = 1.3 * CAPACITY;
    // the loop stops at the first clone whose per-GPU share would cross the target
    assertThat((double) total).isGreaterThan(target - 1000).isLessThanOrEqualTo(target + 7000);
    assertThat(arrivals.size()).isGreaterThan(pods.size());
    // the trace itself comes first, shuffled: same multiset, different order
    List<TaskDemand> head = arrivals.subList(0, pods.size());
    List<TaskDemand> original = pods.stream().map(TracePod::demand).toList();
    assertThat(head).containsExactlyInAnyOrderElementsOf(original);
    assertThat(head).isNotEqualTo(original);
    // clones are copies of trace pods
    assertThat(original).containsAll(arrivals.subList(pods.size(), arrivals.size()));
  }

  @Test
  void theSameSeedGivesTheSameArrivalsAndAnotherSeedOthers() {
    List<TracePod> pods = OpenbTrace.loadPods(Traces.pods("gpushare40"));
    assertThat(Workload.arrivals(pods, CAPACITY, 1.3, 7)).isEqualTo(Workload.arrivals(pods, CAPACITY, 1.3, 7));
    assertThat(Workload.arrivals(pods, CAPACITY, 1.3, 7)).isNotEqualTo(Workload.arrivals(pods, CAPACITY, 1.3, 8));
  }

  @Test
  void aTraceAboveTheTargetLosesRandomPodsUntilItIsAtOrBelowIt() {
    List<TracePod> pods = OpenbTrace.loadPods(Traces.pods("multigpu50")); // 183% of capacity
    List<TaskDemand> arrivals = Workload.arrivals(pods, CAPACITY, 1.3, 42);
    long total = Workload.totalGpuMilli(arrivals);
    assertThat((double) total).isLessThanOrEqualTo(1.3 * CAPACITY).isGreaterThan(1.3 * CAPACITY - 8000);
    assertThat(arrivals.size()).isLessThan(pods.size());
  }

  @Test
  void theStopRuleLooksAtTheCloneShareNotItsTotal() {
    // one 4-GPU pod, capacity 10 GPUs, target 13: clones are added while total + 1000 <= 13000
    List<TracePod> pods = new ArrayList<>();
    pods.add(new TracePod("p", new TaskDemand(1000, 1, 4, 1000, Set.of())));
    List<TaskDemand> arrivals = Workload.arrivals(pods, 10_000, 1.3, 1);
    // 4000 -> 8000 -> 12000 (12000 + 1000 <= 13000) -> 16000; then 16000 + 1000 > 13000 stops
    assertThat(Workload.totalGpuMilli(arrivals)).isEqualTo(16_000);
  }

  @Test
  void tuneZeroKeepsTheTraceShuffled() {
    List<TracePod> pods = Traces.every(OpenbTrace.loadPods(Traces.pods("default")), 10);
    assertThat(Workload.arrivals(pods, CAPACITY, 0, 3)).hasSize(pods.size());
  }
}
