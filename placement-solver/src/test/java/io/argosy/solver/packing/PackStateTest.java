package io.argosy.solver.packing;

import static io.argosy.solver.Fixtures.GIB;
import static io.argosy.solver.Fixtures.GPU;
import static io.argosy.solver.Fixtures.cluster;
import static io.argosy.solver.Fixtures.gpuNodes;
import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.gpu.score.Policy;
import io.argosy.solver.model.AcceleratorShape;
import io.argosy.solver.model.ClusterOffer;
import io.argosy.solver.model.DeviceGroup;
import io.argosy.solver.model.GangRequest;
import io.argosy.solver.model.NodeBucket;
import io.argosy.solver.model.PlacementProblem;
import io.argosy.solver.model.PodShape;
import io.argosy.solver.problem.CompiledGang;
import io.argosy.solver.problem.CompiledProblem;
import io.argosy.solver.problem.ProblemCompiler;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackStateTest {

  private static CompiledProblem compile(ClusterOffer cluster, PodShape... pods) {
    List<GangRequest> gangs = new java.util.ArrayList<>();
    for (int i = 0; i < pods.length; i++) {
      gangs.add(GangRequest.builder("g" + i).pods(1, pods[i]).cluster(cluster.name(), 0).build());
    }
    return ProblemCompiler.compile(PlacementProblem.of(gangs, List.of(cluster)), PartialNodeFragmentation.INSTANCE);
  }

  private static boolean place(PackState s, CompiledGang g, int pods) {
    return s.placeGang(g.shapes(), new int[] {pods}, Policy.BINPACK);
  }

  private static PodShape whole(String model, int gpus) {
    return PodShape.of(1_000, GIB, AcceleratorShape.whole(GPU, model, gpus));
  }

  @Test
  void podsNeedTheirDevicesOnOneNodeNotInSum() {
    CompiledProblem p = compile(cluster("A", 0, gpuNodes(16, 4, 4)), whole(null, 8), whole(null, 4));
    PackState s = p.clusters().get(0).initialState();
    assertThat(place(s, p.gangs().get(0), 1)).isFalse();
    assertThat(place(s, p.gangs().get(1), 16)).isTrue();
    assertThat(place(s, p.gangs().get(1), 1)).isFalse();
  }

  @Test
  void modelRestrictedPodsOnlyUseThatModel() {
    ClusterOffer c = ClusterOffer.of("A", Policy.BINPACK, 0, List.of(
        NodeBucket.of(1, 64_000, 512 * GIB, DeviceGroup.whole(GPU, "A100-80GB", 8, 0)),
        NodeBucket.of(1, 64_000, 512 * GIB, DeviceGroup.whole(GPU, "H100-80GB", 8, 0))));
    CompiledProblem p = compile(c, whole("h100-80gb", 8), whole("H100-80GB", 8), whole(null, 8));
    PackState s = p.clusters().get(0).initialState();
    assertThat(place(s, p.gangs().get(0), 1)).as("model names match case-insensitively").isTrue();
    assertThat(place(s, p.gangs().get(1), 1)).as("the only H100 node is taken").isFalse();
    assertThat(place(s, p.gangs().get(2), 1)).as("a model-agnostic pod takes the A100 node").isTrue();
  }

  @Test
  void sharesNeedMilliAndMemoryOnEachDeviceAndWholeRequestsAWhollyFreeDevice() {
    ClusterOffer c = ClusterOffer.of("A", Policy.BINPACK, 0, List.of(NodeBucket.of(1, 64_000, 512 * GIB,
        DeviceGroup.shared(GPU, "A10", 24_576, List.of(1000, 700), List.of(24_576L, 8_000L)))));
    PodShape bigMemory = PodShape.of(1_000, GIB, AcceleratorShape.share(GPU, null, 1, 300, 10_000));
    PodShape wholeGpu = whole(null, 1);
    PodShape twoDevices = PodShape.of(1_000, GIB, AcceleratorShape.share(GPU, null, 2, 500, 1_000));
    CompiledProblem p = compile(c, bigMemory, wholeGpu, twoDevices);

    PackState s = p.clusters().get(0).initialState();
    // 10 GiB only fits the first device; afterwards no device is wholly free
    assertThat(place(s, p.gangs().get(0), 1)).isTrue();
    assertThat(place(s, p.gangs().get(1), 1)).isFalse();
    // 500 milli on each of two devices: 700 and 700 are left
    assertThat(place(s, p.gangs().get(2), 1)).isTrue();
    assertThat(place(s, p.gangs().get(2), 1)).isFalse();

    PackState fresh = p.clusters().get(0).initialState();
    assertThat(place(fresh, p.gangs().get(1), 1)).as("the untouched device serves a whole request").isTrue();
  }

  @Test
  void partitionInstancesAreCountedPerResource() {
    ClusterOffer c = ClusterOffer.of("A", Policy.BINPACK, 0, List.of(NodeBucket.of(2, 64_000, 512 * GIB,
        DeviceGroup.partitions("nvidia.com/mig-3g.40gb", "A100-80GB", 2, 428),
        DeviceGroup.partitions("nvidia.com/mig-1g.10gb", "A100-80GB", 1, 142))));
    PodShape mig3 = PodShape.of(1_000, GIB, AcceleratorShape.partition("nvidia.com/mig-3g.40gb", null, 1, 428));
    CompiledProblem p = compile(c, mig3, whole(null, 1));
    PackState s = p.clusters().get(0).initialState();
    assertThat(place(s, p.gangs().get(0), 4)).isTrue();
    assertThat(place(s, p.gangs().get(0), 1)).isFalse();
    assertThat(place(s, p.gangs().get(1), 1)).as("no whole nvidia.com/gpu on a MIG-mixed node").isFalse();
  }

  @Test
  void cpuMemoryAndPodSlotsBoundAsMuchAsDevices() {
    ClusterOffer c = ClusterOffer.of("A", Policy.BINPACK, 0, List.of(
        new NodeBucket(1, 10_000, 64 * GIB, 2, List.of(DeviceGroup.whole(GPU, "A100-80GB", 8, 0)))));
    CompiledProblem p = compile(c,
        PodShape.of(6_000, GIB, AcceleratorShape.whole(GPU, null, 1)),
        PodShape.of(1_000, 40 * GIB, AcceleratorShape.whole(GPU, null, 1)),
        PodShape.of(100, GIB, AcceleratorShape.whole(GPU, null, 1)));
    assertThat(place(p.clusters().get(0).initialState(), p.gangs().get(0), 2)).as("cpu").isFalse();
    assertThat(place(p.clusters().get(0).initialState(), p.gangs().get(1), 2)).as("memory").isFalse();
    assertThat(place(p.clusters().get(0).initialState(), p.gangs().get(2), 3)).as("pod slots").isFalse();
    assertThat(place(p.clusters().get(0).initialState(), p.gangs().get(2), 2)).isTrue();
  }

  @Test
  void aGangThatDoesNotFitLeavesNoTrace() {
    CompiledProblem p = compile(cluster("A", 0, gpuNodes(2, 8, 8)), whole(null, 4));
    PackState s = p.clusters().get(0).initialState();
    assertThat(place(s, p.gangs().get(0), 1)).isTrue();
    long free = s.gpuFree();
    int states = s.distinctStates();
    assertThat(place(s, p.gangs().get(0), 4)).isFalse();
    assertThat(s.gpuFree()).isEqualTo(free);
    assertThat(s.distinctStates()).isEqualTo(states);
    assertThat(place(s, p.gangs().get(0), 3)).isTrue();
    assertThat(s.gpuFree()).isZero();
  }

  @Test
  void binpackFillsThePartlyUsedNodeFirstAndSpreadTheEmptiestNode() {
    ClusterOffer c = cluster("A", 4_000, gpuNodes(1, 4, 8), gpuNodes(1, 8, 8));
    CompiledProblem p = compile(c, whole(null, 2));
    CompiledGang g = p.gangs().get(0);
    FragmentationMeasure m = PartialNodeFragmentation.INSTANCE;

    PackState binpack = p.clusters().get(0).initialState();
    assertThat(binpack.placeGang(g.shapes(), new int[] {1}, Policy.BINPACK)).isTrue();
    // the partly used node goes from 4 to 2 free; the fresh node stays whole
    assertThat(binpack.fragmentation(m)).isEqualTo(2_000);

    PackState spread = p.clusters().get(0).initialState();
    assertThat(spread.placeGang(g.shapes(), new int[] {1}, Policy.SPREAD)).isTrue();
    // the fresh node is opened: 4 + 6 GPUs free on partly used nodes
    assertThat(spread.fragmentation(m)).isEqualTo(10_000);
  }
}
