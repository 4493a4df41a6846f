package io.argosy.solver;

import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.gpu.catalog.Vendor;
import io.argosy.gpu.demand.AcceleratorDemand;
import io.argosy.gpu.demand.ContainerDemand;
import io.argosy.gpu.demand.DeviceSelector;
import io.argosy.gpu.demand.PodDemand;
import io.argosy.gpu.fit.FitResult;
import io.argosy.gpu.fit.NodeState;
import io.argosy.gpu.inventory.Device;
import io.argosy.gpu.inventory.DeviceMode;
import io.argosy.gpu.inventory.NodeInventory;
import io.argosy.gpu.inventory.Partition;
import io.argosy.gpu.score.ScoringPolicy;
import io.argosy.solver.model.DeviceGroup;
import io.argosy.solver.model.NodeBucket;
import io.argosy.solver.model.NodeBuckets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bucket a node's gpu-model state maps to, after real allocations through gpu-model's fit. */
class NodeBucketsTest {

  private static Device gpu(int i, DeviceMode mode, List<Partition> parts) {
    return new Device("n/gpu-" + i, i, Vendor.NVIDIA, "A100-80GB", "NVIDIA-A100-SXM4-80GB", 81_920, 100, mode,
        mode == DeviceMode.SHARE ? 10 : 1, true, 0, parts);
  }

  private static NodeState node(List<Device> devices) {
    return new NodeState(new NodeInventory("n", Map.of(), List.of(), true, 64_000, 512L << 30, 110, devices, Map.of("rdma/hca", 4L)));
  }

  private static void allocate(NodeState node, AcceleratorDemand demand) {
    PodDemand pod = new PodDemand(1_000, 1L << 30, List.of(new ContainerDemand("main", 1_000, 1L << 30, List.of(demand))),
        DeviceSelector.ANY, null, null, Map.of());
    FitResult fit = node.fit(pod, ScoringPolicy.DEFAULT);
    assertThat(fit.fits()).isTrue();
    node.allocate(((FitResult.Fits) fit).assignment());
  }

  @Test
  void wholeDevicesInUseAreNotFree() {
    List<Device> devices = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      devices.add(gpu(i, DeviceMode.WHOLE, List.of()));
    }
    NodeState node = node(devices);
    allocate(node, AcceleratorDemand.whole(Vendor.NVIDIA, "nvidia.com/gpu", null, 3));

    NodeBucket b = NodeBuckets.fromNodeState(node, d -> "nvidia.com/gpu");

    assertThat(b.cpuMilli()).isEqualTo(63_000);
    assertThat(b.devices().get(0)).isEqualTo(DeviceGroup.whole("nvidia.com/gpu", "A100-80GB", 1, 3));
    assertThat(b.devices().get(1)).isEqualTo(DeviceGroup.countable("rdma/hca", 4));
  }

  @Test
  void sharedDevicesCarryTheirFreeShareAndMemory() {
    NodeState node = node(List.of(gpu(0, DeviceMode.SHARE, List.of()), gpu(1, DeviceMode.SHARE, List.of())));
    allocate(node, AcceleratorDemand.share(Vendor.NVIDIA, "nvidia.com/gpu", null, 1, 20_480, -1, 30));

    DeviceGroup g = NodeBuckets.fromNodeState(node, d -> "nvidia.com/gpu").devices().get(0);

    assertThat(g.shared()).isTrue();
    assertThat(g.freeMilli()).containsExactly(1000, 700);
    assertThat(g.freeMemoryMiB()).containsExactly(81_920L, 61_440L);
  }

  @Test
  void migInstancesFormAGroupPerProfileWorthTheirSlices() {
    List<Partition> parts = List.of(
        new Partition("gpu-0/mig-3g.40gb-0", "3g.40gb", "nvidia.com/mig-3g.40gb", 0, 40_960),
        new Partition("gpu-0/mig-3g.40gb-1", "3g.40gb", "nvidia.com/mig-3g.40gb", 0, 40_960));
    NodeState node = node(List.of(gpu(0, DeviceMode.MIG_MIXED, parts)));
    allocate(node, AcceleratorDemand.partition(Vendor.NVIDIA, "nvidia.com/mig-3g.40gb", null, "3g.40gb", 1));

    DeviceGroup g = NodeBuckets.fromNodeState(node, d -> "nvidia.com/gpu").devices().get(0);

    assertThat(g.resource()).isEqualTo("nvidia.com/mig-3g.40gb");
    assertThat(g.gpuMilliPerUnit()).isEqualTo(428);
    assertThat(g.freeMilli()).containsExactly(1000, 0);
  }
}
