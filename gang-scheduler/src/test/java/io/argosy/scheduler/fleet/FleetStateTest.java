package io.argosy.scheduler.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The assume cache: assumed bindings hold capacity until confirmed, observed, expired or evicted. */
class FleetStateTest {
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  static final JobId JOB = new JobId("ml", "train");

  private FleetState fleet;
  private ClusterState c;

  @BeforeEach
  void setUp() {
    fleet = new FleetState();
    c = fleet.upsertCluster("gpu-a", Map.of("region", "us-east"), List.of("team=ml:NoSchedule"), true, null);
    fleet.upsertNode("gpu-a", Nodes.nvidia("n0", "NVIDIA-A100-SXM4-80GB", 8).inventory());
    fleet.upsertNode("gpu-a", Nodes.nvidia("n1", "NVIDIA-A100-SXM4-80GB", 8).inventory());
  }

  static PodDemand gpus(int n) {
    return new PodDemand(1000, 1L << 30, List.of(new ContainerDemand("main", 1000, 1L << 30,
        List.of(AcceleratorDemand.whole(Vendor.NVIDIA, "nvidia.com/gpu", null, n)))), DeviceSelector.ANY, null, null,
        Map.of("cpu", 1000L, "memory", 1L << 30, "nvidia.com/gpu", (long) n));
  }

  Assignment fit(String node, int n) {
    FitResult r = c.node(node).state().fit(gpus(n), ScoringPolicy.DEFAULT);
    return ((FitResult.Fits) r).assignment();
  }

  GangBinding binding(String id, String node, int gpus, int pods) {
    NodeState scratch = c.node(node).state().copy();
    List<PodPlacement> ps = new java.util.ArrayList<>();
    for (int i = 0; i < pods; i++) {
      Assignment a = ((FitResult.Fits) scratch.fit(gpus(gpus), ScoringPolicy.DEFAULT)).assignment();
      scratch.allocate(a);
      ps.add(new PodPlacement("train-worker-" + i, "worker", node, a));
    }
    return new GangBinding(id, JOB, "gpu-a", ps);
  }

  @Test
  void clusterIdentityComesFromLabelsAndTaints() {
    assertThat(c.fields()).containsEntry("region", "us-east");
    assertThat(c.taints()).containsExactly(new Taint("team", "ml", "NoSchedule"));
    assertThat(c.nodeCount()).isEqualTo(2);
    assertThat(c.freeWholeDevices(Vendor.NVIDIA)).isEqualTo(16);
    assertThat(c.classCount()).isEqualTo(1); // same shape, same usage: one class, whatever the node names
    assertThatThrownBy(() -> fleet.upsertCluster("x", Map.of(), List.of("novalue"), true, null))
        .hasMessageContaining("key[=value]:Effect");
    assertThatThrownBy(() -> fleet.upsertCluster("x", Map.of(PlacementMode.LABEL, "tight"), List.of(), true, null))
        .hasMessageContaining("must be binpack, spread, fragmentation or argosy");
  }

  @Test
  void assumedBindingsHoldCapacityUntilObservedAndObservingTheSamePlacementChangesNothing() {
    GangBinding b = binding("b1", "n0", 2, 2);
    fleet.assume(b, T0);
    assertThat(c.node("n0").state().freeMilli()).containsExactly(0, 0, 0, 0, 1000, 1000, 1000, 1000);
    assertThat(c.freeWholeDevices(Vendor.NVIDIA)).isEqualTo(12);
    assertThat(c.classCount()).isEqualTo(2);
    var before = c.node("n0").state().usage();
    fleet.confirm("b1");
    assertThat(c.pods().get("ml/train-worker-0").kind()).isEqualTo(HeldPod.Kind.CONFIRMED);
    for (PodPlacement p : b.pods()) {
      fleet.observePod("gpu-a", b.podKey(p), p.node(), p.assignment());
    }
    assertThat(c.node("n0").state().usage()).isEqualTo(before);
    assertThat(c.pods().values()).extracting(HeldPod::kind).containsOnly(HeldPod.Kind.OBSERVED);
    assertThat(fleet.gang(JOB).pods()).hasSize(2);
    InvariantChecker.assertHolds(fleet, null);
  }

  @Test
  void anObservedPlacementElsewhereMovesTheUsage() {
    GangBinding b = binding("b1", "n0", 2, 1);
    fleet.assume(b, T0);
    Assignment elsewhere = fit("n1", 2);
    fleet.observePod("gpu-a", "ml/train-worker-0", "n1", elsewhere);
    assertThat(c.node("n0").state().usage()).isEqualTo(new NodeState(c.node("n0").inventory()).usage());
    assertThat(c.node("n1").state().freeMilli()).containsExactly(0, 0, 1000, 1000, 1000, 1000, 1000, 1000);
    assertThat(c.pods().get("ml/train-worker-0").bindingId()).isEqualTo("b1");
    InvariantChecker.assertHolds(fleet, null);
  }

  @Test
  void expiringReleasesExactlyWhatTheBindingStillHolds() {
    var empty = c.node("n0").state().usage();
    GangBinding b = binding("b1", "n0", 2, 3);
    fleet.assume(b, T0);
    PodPlacement seen = b.pods().get(0);
    fleet.observePod("gpu-a", b.podKey(seen), seen.node(), seen.assignment());
    List<PodPlacement> released = fleet.expire("b1");
    assertThat(released).extracting(PodPlacement::podName).containsExactly("train-worker-1", "train-worker-2");
    assertThat(c.node("n0").state().freeMilli()).containsExactly(0, 0, 1000, 1000, 1000, 1000, 1000, 1000);
    fleet.forgetPod("gpu-a", b.podKey(seen));
    assertThat(c.node("n0").state().usage()).isEqualTo(empty);
    assertThat(fleet.gangs()).isEmpty();
    assertThat(fleet.expire("b1")).isEmpty();
    InvariantChecker.assertHolds(fleet, null);
  }

  @Test
  void unconfirmedBindingsExpireAfterTheirTtl() {
    fleet.assume(binding("old", "n0", 1, 1), T0);
    fleet.assume(new GangBinding("new", new JobId("ml", "other"), "gpu-a",
        List.of(new PodPlacement("other-w-0", "w", "n1", fit("n1", 1)))), T0.plusSeconds(600));
    fleet.confirm("new");
    assertThat(fleet.expireUnconfirmed(T0.plusSeconds(300))).extracting(GangBinding::bindingId).containsExactly("old");
    assertThat(fleet.binding("new")).isNotNull();
  }

  @Test
  void assumeEnforcesCapacityAndHoldsNothingWhenAPodDoesNotFit() {
    fleet.assume(binding("b1", "n0", 8, 1), T0);
    GangBinding tooMuch = new GangBinding("b2", new JobId("ml", "x"), "gpu-a",
        List.of(new PodPlacement("x-w-0", "w", "n1", fit("n1", 4)), new PodPlacement("x-w-1", "w", "n0", fit("n1", 4))));
    var n1 = c.node("n1").state().usage();
    assertThatThrownBy(() -> fleet.assume(tooMuch, T0)).isInstanceOf(IllegalStateException.class);
    assertThat(c.node("n1").state().usage()).isEqualTo(n1);
    assertThat(fleet.binding("b2")).isNull();
  }

  @Test
  void evictionReleasesTheWholeGangAndIgnoresLateReportsOfItsPods() {
    GangBinding b = binding("b1", "n0", 2, 2);
    fleet.assume(b, T0);
    assertThat(fleet.evict(JOB)).hasSize(2);
    assertThat(c.freeWholeDevices(Vendor.NVIDIA)).isEqualTo(16);
    PodPlacement p = b.pods().get(0);
    fleet.observePod("gpu-a", b.podKey(p), p.node(), p.assignment()); // still terminating
    assertThat(c.freeWholeDevices(Vendor.NVIDIA)).isEqualTo(16);
    assertThat(fleet.forgetPod("gpu-a", b.podKey(p))).isFalse();
    fleet.observePod("gpu-a", b.podKey(p), p.node(), p.assignment()); // a new pod of that name counts again
    assertThat(c.freeWholeDevices(Vendor.NVIDIA)).isEqualTo(14);
  }

  @Test
  void podsSeenBeforeTheirNodeAreAppliedWhenItArrivesAndGoWithIt() {
    NodeState fresh = new NodeState(Nodes.nvidia("n2", "NVIDIA-A100-SXM4-80GB", 8).inventory());
    Assignment a = ((FitResult.Fits) fresh.fit(gpus(4), ScoringPolicy.DEFAULT)).assignment();
    fleet.observePod("gpu-a", "kube/foreign", "n2", a);
    assertThat(c.pods().get("kube/foreign").onKnownNode()).isFalse();
    fleet.upsertNode("gpu-a", Nodes.nvidia("n2", "NVIDIA-A100-SXM4-80GB", 8).inventory());
    assertThat(c.node("n2").state().freeMilli()).containsExactly(0, 0, 0, 0, 1000, 1000, 1000, 1000);
    assertThat(fleet.removeNode("gpu-a", "n2")).containsExactly("kube/foreign");
    assertThat(c.nodeCount()).isEqualTo(2);
    InvariantChecker.assertHolds(fleet, null);
  }

  @Test
  void aChangedInventoryReappliesWhatTheNodeHolds() {
    fleet.assume(binding("b1", "n0", 4, 1), T0);
    long gain = c.gainVersion();
    fleet.upsertNode("gpu-a", Nodes.nvidia("n0", "NVIDIA-A100-SXM4-80GB", 8).cpu(128).inventory());
    assertThat(c.node("n0").state().cpuAllocatableMilli()).isEqualTo(128_000);
    assertThat(c.node("n0").state().freeMilli()).containsExactly(0, 0, 0, 0, 1000, 1000, 1000, 1000);
    assertThat(c.gainVersion()).isGreaterThan(gain);
    InvariantChecker.assertHolds(fleet, null);
  }

  private static String model(String product) {
    return Nodes.nvidia("x", product, 1).inventory().devices().get(0).model(); // as the catalog names it
  }

  @Test
  void devicesPerModelFollowNodesAddedChangedAndRemoved() {
    String a100 = model("NVIDIA-A100-SXM4-80GB");
    String h100 = model("NVIDIA-H100-80GB-HBM3");
    String v100 = model("Tesla-V100-SXM2-32GB");
    assertThat(c.devicesByModel()).containsExactly(Map.entry(a100, 16L));
    long version = fleet.inventoryVersion();
    fleet.upsertNode("gpu-a", Nodes.nvidia("n2", "Tesla-V100-SXM2-32GB", 4).inventory());
    fleet.upsertNode("gpu-a", Nodes.nvidia("n0", "NVIDIA-H100-80GB-HBM3", 8).inventory()); // n0's cards replaced
    assertThat(c.devicesByModel()).containsOnly(Map.entry(a100, 8L), Map.entry(h100, 8L), Map.entry(v100, 4L));
    assertThat(fleet.devicesByModel()).isEqualTo(c.devicesByModel());
    assertThat(fleet.inventoryVersion()).isGreaterThan(version);
    InvariantChecker.assertHolds(fleet, null); // recounts them over the nodes
    fleet.removeNode("gpu-a", "n1");
    fleet.removeNode("gpu-a", "n2");
    assertThat(c.devicesByModel()).containsExactly(Map.entry(h100, 8L)); // no zero entries left
    assertThat(fleet.devicesByModel()).containsExactly(Map.entry(h100, 8L));
    InvariantChecker.assertHolds(fleet, null);
  }

  /** Position of the class node {@code name} is in. */
  private int position(String name) {
    NodeClass cls = c.node(name).nodeClass();
    for (int k = 0; k < c.classCount(); k++) {
      if (c.classArray()[k] == cls) {
        return k;
      }
    }
    throw new AssertionError(name + " is in no listed class");
  }

  @Test
  void eachClassPositionCarriesItsShapeAndWhatItsNodesHaveFreeThroughAllocationsUndoAndRemoval() {
    fleet.upsertNode("gpu-a", Nodes.ascend("npu", "910B3", 8).inventory());
    fleet.upsertNode("gpu-a", Nodes.node("cpu").cpu(32).inventory());
    fleet.upsertNode("gpu-a", Nodes.nvidia("down", "NVIDIA-A100-SXM4-80GB", 8).notReady().inventory());
    int nvidia = (Vendor.NVIDIA.ordinal() + 1) << 24;
    assertThat(c.classFreeWhole()[position("n0")]).isEqualTo(nvidia | 8);
    assertThat(c.classFreeWhole()[position("npu")]).isEqualTo((Vendor.HUAWEI.ordinal() + 1) << 24 | 8);
    assertThat(c.classFreeWhole()[position("cpu")]).isZero();
    assertThat(c.classFreeCpu()[position("cpu")]).isEqualTo(32_000);
    // a node not ready offers nothing: the node choice passes over it like fit does
    int down = position("down");
    assertThat(new long[] {c.classFreeCpu()[down], c.classFreeMemory()[down], c.classFreePods()[down],
        c.classFreeWhole()[down]}).containsOnly(0);
    assertThat(c.classShapes()[position("down")]).isNotEqualTo(c.classShapes()[position("n0")]);
    assertThat(c.classShapes()[position("n1")]).isEqualTo(c.classShapes()[position("n0")]);

    Trial trial = new Trial();
    trial.allocate(c, c.node("n1"), fit("n1", 3));
    assertThat(c.classFreeWhole()[position("n1")]).isEqualTo(nvidia | 5);
    assertThat(c.classFreeCpu()[position("n1")]).isEqualTo(63_000);
    assertThat(c.classFreePods()[position("n1")]).isEqualTo(109);
    assertThat(c.classFreeWhole()[position("n0")]).isEqualTo(nvidia | 8);
    // (the trial's usage is held by no pod, so only the class invariants hold here)
    assertThat(InvariantChecker.check(fleet, null)).filteredOn(v -> v.invariant().equals("node classes")).isEmpty();
    trial.undoAll();
    assertThat(c.classFreeWhole()[position("n1")]).isEqualTo(nvidia | 8);
    fleet.removeNode("gpu-a", "npu"); // moves the last listed class into the freed position
    assertThat(c.classFreeWhole()[position("cpu")]).isZero();
    assertThat(c.classFreeCpu()[position("cpu")]).isEqualTo(32_000);
    assertThat(InvariantChecker.check(fleet, null)).isEmpty();
  }
}
