package io.argosy.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argosy.gpu.InvalidSpecException;
import io.argosy.gpu.catalog.AcceleratorModel;
import io.argosy.gpu.catalog.PartitionProfile;
import io.argosy.gpu.catalog.Vendor;
import io.argosy.gpu.demand.AcceleratorDemand;
import io.argosy.gpu.demand.ContainerDemand;
import io.argosy.gpu.demand.DemandKind;
import io.argosy.gpu.demand.DeviceSelector;
import io.argosy.gpu.demand.PodDemand;
import io.argosy.solver.model.AcceleratorShape;
import io.argosy.solver.model.DeviceGroup;
import io.argosy.solver.model.NodeBucket;
import io.argosy.solver.model.NodeBuckets;
import io.argosy.solver.model.PodShape;
import io.argosy.solver.model.Shapes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShapesTest {

  private static PodDemand pod(ContainerDemand... containers) {
    return new PodDemand(2_000, 1L << 30, List.of(containers), DeviceSelector.ANY, null, null, Map.of());
  }

  @Test
  void containersAskingTheSameWholeResourceAreSummed() {
    AcceleratorDemand two = AcceleratorDemand.whole(Vendor.NVIDIA, "nvidia.com/gpu", "A100-80GB", 2);
    AcceleratorDemand one = AcceleratorDemand.whole(Vendor.NVIDIA, "nvidia.com/gpu", "A100-80GB", 1);
    PodShape s = Shapes.fromPodDemand(
        pod(new ContainerDemand("a", 1_000, 1, List.of(two)), new ContainerDemand("b", 1_000, 1, List.of(one))),
        m -> Optional.empty());
    assertThat(s.accelerators()).containsExactly(AcceleratorShape.whole("nvidia.com/gpu", "A100-80GB", 3));
    assertThat(s.gpuMilli()).isEqualTo(3_000);
    assertThat(s.cpuMilli()).isEqualTo(2_000);
  }

  @Test
  void sharesTakeTheCoresPercentAndMemory() {
    AcceleratorDemand share = AcceleratorDemand.share(Vendor.NVIDIA, "nvidia.com/gpu", null, 1, 20_000, -1, 30);
    PodShape s = Shapes.fromPodDemand(pod(new ContainerDemand("a", 1_000, 1, List.of(share))), m -> Optional.empty());
    assertThat(s.accelerators()).containsExactly(AcceleratorShape.share("nvidia.com/gpu", null, 1, 300, 20_000));
    assertThat(s.accelerators().get(0).typeKey()).isEqualTo("share:nvidia.com/gpu");
  }

  @Test
  void partitionInstancesAreWorthTheirComputeSlices() {
    AcceleratorDemand mig = AcceleratorDemand.partition(Vendor.NVIDIA, "nvidia.com/mig-3g.40gb", null, "3g.40gb", 2);
    PodShape s = Shapes.fromPodDemand(pod(new ContainerDemand("a", 1_000, 1, List.of(mig))), m -> Optional.empty());
    assertThat(s.accelerators().get(0).gpuMilliPerUnit()).isEqualTo(428);
    assertThat(s.gpuMilli()).isEqualTo(856);

    AcceleratorModel ascend = new AcceleratorModel("Ascend310P", Vendor.HUAWEI, 24_576, 8, 8, 0, List.of(),
        List.of(new PartitionProfile("2c", "vir02", 2, 0, 6_144, 4)), Map.of());
    AcceleratorDemand vnpu = AcceleratorDemand.partition(Vendor.HUAWEI, "huawei.com/Ascend310P-2c", "Ascend310P", "2c", 1);
    PodShape v = Shapes.fromPodDemand(pod(new ContainerDemand("a", 1_000, 1, List.of(vnpu))),
        m -> m.equals("Ascend310P") ? Optional.of(ascend) : Optional.empty());
    assertThat(v.accelerators().get(0).gpuMilliPerUnit()).isEqualTo(250);
  }

  @Test
  void countablesAreCountedButWorthNoGpuDemand() {
    AcceleratorDemand rdma = AcceleratorDemand.countable("rdma/hca", 1);
    PodShape s = Shapes.fromPodDemand(pod(new ContainerDemand("a", 1_000, 1, List.of(rdma))), m -> Optional.empty());
    assertThat(s.accelerators().get(0).kind()).isEqualTo(DemandKind.COUNTABLE);
    assertThat(s.gpuMilli()).isZero();
  }

  @Test
  void anImpossibleCountIsRejectedWithItsField() {
    AcceleratorDemand huge = AcceleratorDemand.whole(Vendor.NVIDIA, "nvidia.com/gpu", null, 5_000_000_000L);
    assertThatThrownBy(() -> Shapes.fromPodDemand(pod(new ContainerDemand("main", 1_000, 1, List.of(huge))), m -> Optional.empty()))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageStartingWith("containers[main].accelerators[nvidia.com/gpu].count: must be within");
  }

  @Test
  void identicalNodesMergeIntoOneBucketAfterCoarsening() {
    DeviceGroup g = DeviceGroup.whole("nvidia.com/gpu", "A100-80GB", 4, 4);
    List<NodeBucket> per = List.of(
        NodeBucket.of(1, 30_500, 100L << 30, g), NodeBucket.of(1, 30_900, (100L << 30) + 5, g), NodeBucket.of(2, 8_000, 1L << 30, g));
    List<NodeBucket> grouped = NodeBuckets.group(per.stream().map(b -> NodeBuckets.coarsen(b, 1_000, 1L << 30)).toList());
    assertThat(grouped).extracting(NodeBucket::count).containsExactly(2, 2);
    assertThat(grouped.get(0).cpuMilli()).isEqualTo(30_000);
  }
}
