package io.argosy.gpu.inventory;

import java.util.Map;
import io.argosy.gpu.fit.DeviceGrant;
import io.argosy.gpu.fit.ContainerAssignment;
import io.argosy.gpu.fit.Assignment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argosy.gpu.Fixtures;
import io.argosy.gpu.InvalidSpecException;
import io.argosy.gpu.Manifests;
import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.catalog.Vendor;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InventoryReaderTest {
  private final InventoryReader reader = new InventoryReader(Catalog.builtin());

  /** file, vendor, devices, mode, model, memory MiB of device 0, split of device 0, healthy devices, partitions. */
  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of("nvidia-whole-a100", Vendor.NVIDIA, 8, DeviceMode.WHOLE, "A100-80GB", 81920L, 1, 7, 0),
        Arguments.of("nvidia-mig-mixed-a100", Vendor.NVIDIA, 8, DeviceMode.MIG_MIXED, "A100-80GB", 81920L, 4, 8, 32),
        Arguments.of("nvidia-mig-single-a100-40", Vendor.NVIDIA, 4, DeviceMode.MIG_SINGLE, "A100-40GB", 40960L, 7, 4, 28),
        Arguments.of("hami-vgpu-a100", Vendor.NVIDIA, 4, DeviceMode.SHARE, "A100-40GB", 40960L, 10, 3, 0),
        Arguments.of("hami-vgpu-legacy-v100", Vendor.NVIDIA, 2, DeviceMode.SHARE, "V100-32GB", 32768L, 10, 2, 0),
        Arguments.of("dce-vgpu-t4", Vendor.NVIDIA, 4, DeviceMode.SHARE, "T4", 15360L, 10, 4, 0),
        Arguments.of("volcano-vgpu", Vendor.NVIDIA, 2, DeviceMode.SHARE, "A10", 24576L, 10, 2, 0),
        Arguments.of("ascend-910b-whole", Vendor.HUAWEI, 8, DeviceMode.WHOLE, "Ascend910B3", 65536L, 20, 8, 0),
        Arguments.of("ascend-310p-vnpu", Vendor.HUAWEI, 2, DeviceMode.WHOLE, "Ascend310P", 24576L, 8, 2, 5),
        Arguments.of("hami-ascend-910b3", Vendor.HUAWEI, 2, DeviceMode.SHARE, "Ascend910B3", 65536L, 4, 2, 0),
        Arguments.of("iluvatar-hami-bi-v150", Vendor.ILUVATAR, 4, DeviceMode.SHARE, "BI-V150", 65536L, 8, 4, 0),
        Arguments.of("iluvatar-gpu-manager", Vendor.ILUVATAR, 2, DeviceMode.SHARE, "MR-V100", 32768L, 100, 2, 0),
        Arguments.of("metax-gpu", Vendor.METAX, 8, DeviceMode.WHOLE, "C500", 65536L, 1, 8, 0),
        Arguments.of("metax-sgpu", Vendor.METAX, 4, DeviceMode.SHARE, "C500", 65536L, 8, 4, 0),
        Arguments.of("cambricon-mlu", Vendor.CAMBRICON, 4, DeviceMode.WHOLE, "MLU370-X8", 49152L, 1, 4, 0),
        Arguments.of("cambricon-smlu", Vendor.CAMBRICON, 8, DeviceMode.SHARE, "MLU370-X8", 49152L, 100, 8, 0),
        Arguments.of("cambricon-mim", Vendor.CAMBRICON, 2, DeviceMode.PARTITIONED, "MLU370-X4", 24576L, 3, 2, 8),
        Arguments.of("cambricon-env-share", Vendor.CAMBRICON, 2, DeviceMode.PARTITIONED, "MLU", 0L, 4, 2, 8));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void readsDevicesAsThePluginPublishesThem(String file, Vendor vendor, int devices, DeviceMode mode, String model,
      long memory, int split, int healthy, int partitions) {
    NodeInventory inv = reader.read(Fixtures.node(file));
    assertThat(inv.devices()).hasSize(devices);
    Device d0 = inv.devices().get(0);
    assertThat(d0.vendor()).isEqualTo(vendor);
    assertThat(d0.model()).isEqualTo(model);
    assertThat(d0.memoryMiB()).isEqualTo(memory);
    assertThat(d0.splitCount()).isEqualTo(split);
    assertThat(inv.devices().stream().filter(Device::healthy).count()).isEqualTo(healthy);
    assertThat(inv.devices().stream().mapToInt(d -> d.partitions().size()).sum()).isEqualTo(partitions);
    assertThat(inv.devices().stream().map(Device::mode)).contains(mode);
    for (int i = 0; i < inv.devices().size(); i++) {
      assertThat(inv.devices().get(i).index()).isEqualTo(i);
    }
  }

  @Test
  void wholeGpuNodeKeepsOtherResourcesCountable() {
    NodeInventory inv = reader.read(Fixtures.node("nvidia-whole-a100"));
    assertThat(inv.cpuMilli()).isEqualTo(126_000);
    assertThat(inv.memoryBytes()).isEqualTo(1050000000L * 1024);
    assertThat(inv.pods()).isEqualTo(110);
    assertThat(inv.ready()).isTrue();
    assertThat(inv.countable()).containsEntry("rdma/hca_shared_devices_a", 1000L)
        .containsEntry("ephemeral-storage", 900L << 30)
        .doesNotContainKey("nvidia.com/gpu");
    assertThat(inv.devices().get(0).id()).isEqualTo("gpu-a100-01/gpu-0");
    assertThat(inv.devices().get(7).healthy()).isFalse();
  }

  @Test
  void migMixedLaysOutAllBalancedPerGpu() {
    NodeInventory inv = reader.read(Fixtures.node("nvidia-mig-mixed-a100"));
    Device gpu = inv.devices().get(3);
    assertThat(gpu.partitions()).extracting(Partition::profile).containsExactly("1g.10gb", "1g.10gb", "2g.20gb", "3g.40gb");
    Partition p = gpu.partitions().get(3);
    assertThat(p.id()).isEqualTo("gpu-3/mig-3g.40gb-0");
    assertThat(p.resource()).isEqualTo("nvidia.com/mig-3g.40gb");
    assertThat(p.computeSlices()).isEqualTo(3);
    assertThat(p.deviceSlices()).isEqualTo(7);
    assertThat(p.memoryMiB()).isEqualTo(40960);
    assertThat(inv.countable()).doesNotContainKeys("nvidia.com/gpu", "nvidia.com/mig-1g.10gb");
  }

  @Test
  void migMixedWithoutNamedLayoutHonoursTheGpuCount() {
    // 4 GPUs carry MIG in a custom layout (no mig.config name the catalog knows): first-fit would
    // report 2 full devices; GFD's gpu.count says 4 physical GPUs, so instances spread over 4.
    var node = Fixtures.node("nvidia-mig-mixed-a100");
    node.getMetadata().getLabels().put("nvidia.com/gpu.count", "4");
    node.getMetadata().getLabels().put("nvidia.com/mig.config", "custom-config");
    for (var m : java.util.List.of(node.getStatus().getCapacity(), node.getStatus().getAllocatable())) {
      m.put("nvidia.com/mig-1g.10gb", new io.fabric8.kubernetes.api.model.Quantity("2"));
      m.put("nvidia.com/mig-2g.20gb", new io.fabric8.kubernetes.api.model.Quantity("2"));
      m.put("nvidia.com/mig-3g.40gb", new io.fabric8.kubernetes.api.model.Quantity("2"));
    }
    NodeInventory inv = reader.read(node);
    assertThat(inv.devices()).hasSize(4);
    assertThat(inv.devices()).allSatisfy(d -> assertThat(d.partitions()).isNotEmpty());
    assertThat(inv.devices()).flatExtracting(Device::partitions).hasSize(6);
  }

  @Test
  void migSingleInstancesArePublishedAsGpu() {
    NodeInventory inv = reader.read(Fixtures.node("nvidia-mig-single-a100-40"));
    assertThat(inv.devices().get(0).partitions()).allSatisfy(p -> {
      assertThat(p.profile()).isEqualTo("1g.5gb");
      assertThat(p.resource()).isEqualTo("nvidia.com/gpu");
    });
  }

  @Test
  void hamiRegisterGivesUuidsHealthAndNuma() {
    NodeInventory inv = reader.read(Fixtures.node("hami-vgpu-a100"));
    assertThat(inv.devices()).extracting(Device::id).containsExactly("GPU-a1", "GPU-a2", "GPU-a3", "GPU-a4");
    assertThat(inv.devices().get(2).numa()).isEqualTo(1);
    assertThat(inv.devices().get(3).healthy()).isFalse();
    assertThat(inv.devices().get(0).product()).isEqualTo("NVIDIA-NVIDIA A100-PCIE-40GB");
  }

  @Test
  void staticVnpusPackIntoTheirOwnChip() {
    NodeInventory inv = reader.read(Fixtures.node("ascend-310p-vnpu"));
    Device whole = inv.devices().get(0);
    Device split = inv.devices().get(1);
    assertThat(whole.mode()).isEqualTo(DeviceMode.WHOLE);
    assertThat(split.mode()).isEqualTo(DeviceMode.PARTITIONED);
    assertThat(split.partitions()).extracting(Partition::profile).containsExactly("2c", "2c", "2c", "1c", "1c");
    assertThat(split.partitions().get(0).id()).isEqualTo("npu-1/Ascend310P-2c-0");
    assertThat(split.partitions().get(0).memoryMiB()).isEqualTo(6144);
  }

  @Test
  void malformedRegisterNamesTheAnnotation() {
    String yaml = """
        apiVersion: v1
        kind: Node
        metadata:
          name: bad
          annotations:
            hami.io/node-nvidia-register: 'GPU-x,ten,32768,100,NVIDIA-T4,0,true:'
        """;
    assertThatThrownBy(() -> reader.read(Manifests.node(yaml)))
        .isInstanceOf(InvalidSpecException.class)
        .extracting(e -> ((InvalidSpecException) e).field())
        .isEqualTo("metadata.annotations[hami.io/node-nvidia-register]");
    String json = yaml.replace("'GPU-x,ten,32768,100,NVIDIA-T4,0,true:'", "'[{\"id\": \"x\"'");
    assertThatThrownBy(() -> reader.read(Manifests.node(json)))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageStartingWith("metadata.annotations[hami.io/node-nvidia-register]: not valid JSON");
  }

  @Test
  void cordonedOrNotReadyNodesAreNotReady() {
    String yaml = """
        apiVersion: v1
        kind: Node
        metadata: {name: n}
        spec: {unschedulable: true, taints: [{key: dedicated, value: gpu, effect: NoSchedule}]}
        status: {capacity: {cpu: "4"}}
        """;
    NodeInventory inv = reader.read(Manifests.node(yaml));
    assertThat(inv.ready()).isFalse();
    assertThat(inv.taints()).containsExactly("dedicated=gpu:NoSchedule");
    assertThat(reader.read(Manifests.node(yaml.replace("spec: {unschedulable: true, ", "spec: {")
        .replace("status: {capacity: {cpu: \"4\"}}", "status: {conditions: [{type: Ready, status: \"False\"}]}")))
        .ready()).isFalse();
  }

  @Test
  void unknownVendorsStayCountable() {
    NodeInventory inv = reader.read(Manifests.node("""
        apiVersion: v1
        kind: Node
        metadata: {name: n}
        status: {capacity: {cpu: "4", hygon.com/dcunum: "8", enflame.com/gcu: "4", example.com/fpga: "2"}}
        """));
    assertThat(inv.devices()).isEmpty();
    assertThat(inv.countable()).containsEntry("hygon.com/dcunum", 8L).containsEntry("enflame.com/gcu", 4L)
        .containsEntry("example.com/fpga", 2L);
  }

  @Test
  void usageOfHamiPodComesFromItsAllocationAnnotation() {
    NodeInventory inv = reader.read(Fixtures.node("hami-vgpu-a100"));
    var pod = Manifests.pod("""
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
          annotations:
            hami.io/vgpu-devices-allocated: 'GPU-a3,NVIDIA,20000,30:;'
        spec:
          containers:
          - name: c
            resources: {limits: {nvidia.com/gpu: 1, nvidia.com/gpumem: 20000, nvidia.com/gpucores: 30}}
        """);
    var usage = reader.usageOf(pod, inv);
    assertThat(usage.containers().get(0).grants()).singleElement().satisfies(g -> {
      assertThat(g.deviceId()).isEqualTo("GPU-a3");
      assertThat(g.memoryMiB()).isEqualTo(20000);
      assertThat(g.cores()).isEqualTo(30);
      assertThat(g.resource()).isEqualTo("nvidia.com/gpu");
    });
    var state = reader.stateOf(Fixtures.node("hami-vgpu-a100"), List.of(pod));
    assertThat(state.usedMemoryMiB(2)).isEqualTo(20000);
    assertThat(state.tasks(2)).isEqualTo(1);
    assertThat(state.usedMemoryMiB(0)).isZero();
  }

  @Test
  void stateOfSubtractsPodsPlacedAroundEachOther() {
    var pods = List.of(
        Fixtures.boundPod("a", "nvidia.com/mig-3g.40gb: 1, cpu: '2'"),
        Fixtures.boundPod("b", "nvidia.com/mig-3g.40gb: 2"),
        Fixtures.boundPod("done", "nvidia.com/mig-3g.40gb: 5"));
    pods.get(2).getStatus().setPhase("Succeeded");
    var state = reader.stateOf(Fixtures.node("nvidia-mig-mixed-a100"), pods);
    long used = 0;
    for (int q = 0; q < state.partitionCount(); q++) {
      used += state.partitionFree(q) ? 0 : 1;
    }
    assertThat(used).isEqualTo(3);
    assertThat(state.cpuUsedMilli()).isEqualTo(2000);
  }

  @Test
  void argosysOwnRecordIsTheExactDeviceAPodHoldsAndOthersArePlacedAroundIt() {
    var node = Fixtures.node("nvidia-whole-a100");
    NodeInventory inv = reader.read(node);
    // the agent bound pod "pinned" to device 5; without the record, fit would have picked another device
    var pinned = Fixtures.boundPod("pinned", "nvidia.com/gpu: 1");
    Device d5 = inv.devices().get(5);
    Assignment recorded = new Assignment(inv.name(), 0, 0, List.of(new ContainerAssignment(
        pinned.getSpec().getContainers().get(0).getName(),
        List.of(new DeviceGrant(5, d5.id(), "nvidia.com/gpu", null, d5.memoryMiB(), 100, true)), Map.of())));
    pinned.getMetadata().setAnnotations(Map.of(AssignmentAnnotation.KEY, AssignmentAnnotation.write(recorded)));

    assertThat(reader.usageOf(pinned, inv)).isEqualTo(recorded);

    var other = Fixtures.boundPod("other", "nvidia.com/gpu: 1");
    var state = reader.stateOf(node, List.of(other, pinned));
    assertThat(state.exclusive(5)).isTrue();
    int held = 0;
    for (int i = 0; i < state.deviceCount(); i++) {
      held += state.exclusive(i) ? 1 : 0;
    }
    assertThat(held).isEqualTo(2);
  }

  @Test
  void anUnreadableRecordFallsBackToPlacingByRequests() {
    var pod = Fixtures.boundPod("odd", "nvidia.com/gpu: 2");
    pod.getMetadata().setAnnotations(Map.of(AssignmentAnnotation.KEY, "{not json"));
    NodeInventory inv = reader.read(Fixtures.node("nvidia-whole-a100"));
    assertThat(reader.usageOf(pod, inv).containers().get(0).grants()).hasSize(2);
  }
}
