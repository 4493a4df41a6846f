package io.argosy.scheduler.openb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Accounting invariants of every policy on random small clusters and workloads. */
class OpenbPropertiesTest {

  private static final List<String> MODELS = List.of("G2", "T4", "P100");

  @Property(tries = 60)
  void noPolicyOvercommitsAndEveryChoiceIsAValidPlacement(
      @ForAll("nodes") List<TraceNode> nodes,
      @ForAll("tasks") List<TaskDemand> tasks,
      @ForAll("policies") String policy,
      @ForAll long seed) {
    List<TracePod> pods = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      pods.add(new TracePod("p" + i, tasks.get(i)));
    }
    OpenbData data = new OpenbData("prop", nodes, pods);
    List<TaskDemand> arrivals = Workload.arrivals(pods, data.capacityGpuMilli(), 1.3, seed);
    OpenbSimulation.Result r =
        OpenbSimulation.run(
            nodes, null, arrivals, Policies.create(policy, data, seed), seed,
            OpenbSimulation.TieBreak.NODE_ORDER);
    Invariants.assertConsistent(r.state(), r.usedGpuMilli());
    assertThat(r.placed() + r.failed().size()).isEqualTo(arrivals.size());
  }

  @Property(tries = 200)
  void scoresAreFiniteAndGpuChoicesFitTheTask(
      @ForAll("nodes") List<TraceNode> nodes,
      @ForAll("tasks") List<TaskDemand> tasks,
      @ForAll("policies") String policy) {
    List<TracePod> pods = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      pods.add(new TracePod("p" + i, tasks.get(i)));
    }
    OpenbData data = new OpenbData("prop", nodes, pods);
    PlacementPolicy p = Policies.create(policy, data, 1);
    ClusterState s = new ClusterState(nodes);
    ClusterState.Cursor v = s.cursor();
    GpuChoice choice = new GpuChoice();
    for (TaskDemand t : tasks) {
      for (int i = 0; i < s.size(); i++) {
        v.at(i);
        if (!t.fits(v)) {
          continue;
        }
        double score = p.score(v, t, choice);
        assertThat(Double.isFinite(score)).isTrue();
        int mask = choice.mask();
        assertThat(Integer.bitCount(mask)).isEqualTo(t.gpuCount());
        assertThat(mask >>> v.gpuCount()).isZero();
        for (int g = 0; g < v.gpuCount(); g++) {
          if (((mask >>> g) & 1) != 0) {
            assertThat(v.gpuFreeMilli()[g]).isGreaterThanOrEqualTo(t.gpuMilliPerGpu());
          }
        }
        s.place(i, t, mask); // grow the state as a run would
        break;
      }
    }
  }

  @Provide
  Arbitrary<String> policies() {
    return Arbitraries.of(Policies.NAMES);
  }

  @Provide
  Arbitrary<List<TraceNode>> nodes() {
    Arbitrary<TraceNode> node =
        Combinators.combine(
                Arbitraries.of(1, 2, 4, 8),
                Arbitraries.longs().between(4, 128).map(c -> c * 1000),
                Arbitraries.of(MODELS))
            .as((g, cpu, m) -> new TraceNode("n", cpu, 262_144, g, m));
    return node.list().ofMinSize(1).ofMaxSize(8);
  }

  @Provide
  Arbitrary<List<TaskDemand>> tasks() {
    Arbitrary<TaskDemand> task =
        Combinators.combine(
                Arbitraries.longs().between(0, 24).map(c -> c * 1000),
                Arbitraries.of(0, 1, 1, 1, 2, 4, 8),
                Arbitraries.of(100, 250, 460, 500, 810, 1000, 1000),
                Arbitraries.of(Set.<String>of(), Set.of("T4"), Set.of("G2", "P100")))
            .as(
                (cpu, n, milli, models) ->
                    new TaskDemand(
                        cpu, 1024, n, n == 0 ? 0 : (n > 1 ? 1000 : milli), n == 0 ? Set.of() : models));
    return task.list().ofMinSize(1).ofMaxSize(25).filter(l -> l.stream().anyMatch(t -> t.gpuCount() > 0));
  }
}
