package io.argosy.scheduler.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.gpu.catalog.Vendor;
import io.argosy.gpu.demand.AcceleratorDemand;
import io.argosy.gpu.demand.ContainerDemand;
import io.argosy.gpu.demand.DeviceSelector;
import io.argosy.gpu.demand.PodDemand;
import io.argosy.gpu.fit.Assignment;
import io.argosy.gpu.fit.FitResult;
import io.argosy.gpu.fit.NodeState;
import io.argosy.gpu.score.ScoringPolicy;
import io.argosy.queue.job.JobId;
import io.argosy.scheduler.invariant.InvariantChecker;
import io.argosy.scheduler.testing.Nodes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Undoing a trial puts each node back into the very class object it left, so that the class's memo
 * answers (and memo columns naming it) stay valid, and the fleet decides as if the trial never ran.
 */
class TrialUndoClassTest {
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  static final long EPOCH = 5;
  static final int SPEC = 3;

  static PodDemand gpus(int n) {
    return new PodDemand(1000, 1L << 30, List.of(new ContainerDemand("main", 1000, 1L << 30,
        List.of(AcceleratorDemand.whole(Vendor.NVIDIA, "nvidia.com/gpu", null, n)))), DeviceSelector.ANY, null, null,
        Map.of("cpu", 1000L, "memory", 1L << 30, "nvidia.com/gpu", (long) n));
  }

  static Assignment fit(NodeSlot s, int n) {
    return ((FitResult.Fits) s.state().fit(gpus(n), ScoringPolicy.DEFAULT)).assignment();
  }

  /** Nodes n0..n2 of one shape; n0 holds two GPUs, so n0 and {n1, n2} are two classes. */
  static ClusterState cluster(FleetState fleet) {
    ClusterState c = fleet.upsertCluster("gpu-a", Map.of(), List.of(), true, null);
    for (int i = 0; i < 3; i++) {
      fleet.upsertNode("gpu-a", Nodes.nvidia("n" + i, "NVIDIA-A100-SXM4-80GB", 8).inventory());
    }
    NodeState scratch = c.node("n0").state().copy();
    Assignment a = ((FitResult.Fits) scratch.fit(gpus(2), ScoringPolicy.DEFAULT)).assignment();
    fleet.assume(new GangBinding("b0", new JobId("ml", "held"), "gpu-a",
        List.of(new PodPlacement("held-w-0", "w", "n0", a))), T0);
    return c;
  }

  @Test
  void anUndoneTrialRestoresEachNodesPreviousClassAndItsMemo() {
    FleetState fleet = new FleetState();
    ClusterState c = cluster(fleet);
    NodeSlot n0 = c.node("n0");
    NodeSlot n1 = c.node("n1");
    NodeSlot n2 = c.node("n2");
    NodeClass held = n0.nodeClass();
    NodeClass idle = n1.nodeClass();
    assertThat(c.classCount()).isEqualTo(2);
    assertThat(n2.nodeClass()).isSameAs(idle);
    held.memo().put(EPOCH, SPEC, 0.75, null);
    idle.memo().put(EPOCH, SPEC, 0.25, null);

    Trial t = new Trial();
    t.allocate(c, n0, fit(n0, 2));
    t.allocate(c, n0, fit(n0, 1)); // two steps on one node: the middle class dies on undo too
    t.allocate(c, n1, fit(n1, 2));
    t.allocate(c, n2, fit(n2, 2)); // now every node left its class: both are empty and unlisted
    t.release(c, c.pods().values().iterator().next()); // a what-if release of n0's held pod on top
    assertThat(held.size()).isZero();
    assertThat(idle.size()).isZero();
    t.undoAll();

    assertThat(n0.nodeClass()).isSameAs(held);
    assertThat(n1.nodeClass()).isSameAs(idle);
    assertThat(n2.nodeClass()).isSameAs(idle);
    assertThat(c.classCount()).isEqualTo(2);
    assertThat(held.memo().score(held.memo().find(EPOCH, SPEC))).isEqualTo(0.75);
    assertThat(idle.memo().score(idle.memo().find(EPOCH, SPEC))).isEqualTo(0.25);
    InvariantChecker.assertHolds(fleet, null);
  }

  @Test
  void afterAnUndoneTrialTheFleetDecidesAsIfItNeverRan() {
    FleetState tried = new FleetState();
    ClusterState c = cluster(tried);
    ClusterState twin = cluster(new FleetState());
    Trial t = new Trial();
    for (String n : List.of("n1", "n0", "n1", "n2")) {
      t.allocate(c, c.node(n), fit(c.node(n), 2));
    }
    t.undoAll();
    assertThat(describe(c)).isEqualTo(describe(twin));
    for (String n : List.of("n0", "n1", "n2")) {
      assertThat(fit(c.node(n), 4)).isEqualTo(fit(twin.node(n), 4));
      assertThat(c.node(n).state().usage()).isEqualTo(twin.node(n).state().usage());
    }
    // the pick over classes: best by (representative index) among those that fit 7 GPUs (n0 holds 2), as a scan would
    assertThat(firstFitting(c, 7)).isEqualTo(firstFitting(twin, 7)).isEqualTo("n1");
    InvariantChecker.assertHolds(tried, null);
  }

  /** Members of each class by node name, classes ordered by representative. */
  private static List<List<String>> describe(ClusterState c) {
    List<List<String>> out = new ArrayList<>();
    for (int k = 0; k < c.classCount(); k++) {
      NodeClass cls = c.classAt(k);
      List<String> names = new ArrayList<>();
      for (int i = 0; i < cls.size(); i++) {
        names.add(cls.member(i).name());
      }
      names.sort(null);
      out.add(names);
    }
    out.sort(java.util.Comparator.comparing(l -> l.get(0)));
    return out;
  }

  private static String firstFitting(ClusterState c, int n) {
    int best = Integer.MAX_VALUE;
    for (int k = 0; k < c.classCount(); k++) {
      NodeSlot rep = c.classAt(k).representative();
      if (rep.state().fit(gpus(n), ScoringPolicy.DEFAULT) instanceof FitResult.Fits && rep.index() < best) {
        best = rep.index();
      }
    }
    return best == Integer.MAX_VALUE ? null : c.slot(best).name();
  }
}
