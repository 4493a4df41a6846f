package io.argosy.agent.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.api.ApiCodec;
import io.argosy.api.Ownership;
import io.argosy.gpu.catalog.Vendor;
import io.argosy.gpu.fit.Assignment;
import io.argosy.gpu.fit.ContainerAssignment;
import io.argosy.gpu.fit.DeviceGrant;
import io.argosy.gpu.inventory.Device;
import io.argosy.gpu.inventory.DeviceMode;
import io.argosy.gpu.inventory.NodeInventory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeviceAnnotationsTest {
  static final Instant NOW = Instant.ofEpochSecond(1_700_000_000);

  static Device dev(int i, Vendor v, DeviceMode mode, String id) {
    return new Device(id, i, v, "m", "p", 46068, 100, mode, mode == DeviceMode.SHARE ? 10 : 1, true, 0, List.of());
  }

  static NodeInventory node(List<Device> devices) {
    return new NodeInventory("n1", Map.of(), List.of(), true, 8000, 1L << 34, 110, devices, Map.of());
  }

  @Test
  void hamiSharesGetHamisAllocationAnnotationsInContainerOrder() {
    NodeInventory n = node(List.of(dev(0, Vendor.NVIDIA, DeviceMode.SHARE, "GPU-a"), dev(1, Vendor.NVIDIA, DeviceMode.SHARE, "GPU-b")));
    Assignment a = new Assignment("n1", 100, 1 << 20, List.of(
        new ContainerAssignment("second", List.of(new DeviceGrant(1, "GPU-b", "nvidia.com/gpu", null, 8000, 50, false)), Map.of()),
        new ContainerAssignment("first", List.of(
            new DeviceGrant(0, "GPU-a", "nvidia.com/gpu", null, 4000, 30, false),
            new DeviceGrant(1, "GPU-b", "nvidia.com/gpu", null, 4000, 30, false)), Map.of())));
    Map<String, String> ann = DeviceAnnotations.of(a, n, List.of("first", "sidecar", "second"), NOW);
    String expected = "GPU-a,NVIDIA,4000,30:GPU-b,NVIDIA,4000,30:;;GPU-b,NVIDIA,8000,50:;";
    assertThat(ann).containsEntry(DeviceAnnotations.HAMI_TO_ALLOCATE, expected).containsEntry(DeviceAnnotations.HAMI_ALLOCATED, expected)
        .containsEntry(DeviceAnnotations.HAMI_NODE, "n1").containsEntry(DeviceAnnotations.HAMI_BIND_PHASE, "allocating")
        .containsEntry(DeviceAnnotations.HAMI_BIND_TIME, "1700000000");
    assertThat(ApiCodec.fromJson(ann.get(Ownership.DEVICES), Assignment.class)).isEqualTo(a);
  }

  @Test
  void wholeNvidiaAndMigGetOnlyTheArgosyAnnotation() {
    NodeInventory n = node(List.of(dev(0, Vendor.NVIDIA, DeviceMode.WHOLE, "n1/gpu-0")));
    Assignment a = new Assignment("n1", 0, 0, List.of(
        new ContainerAssignment("main", List.of(new DeviceGrant(0, "n1/gpu-0", "nvidia.com/gpu", null, 46068, 100, true)), Map.of())));
    assertThat(DeviceAnnotations.of(a, n, List.of("main"), NOW)).containsOnlyKeys(Ownership.DEVICES);
  }

  @Test
  void wholeAscendChipsAreNamedForTheDevicePlugin() {
    NodeInventory n = node(List.of(dev(0, Vendor.HUAWEI, DeviceMode.WHOLE, "a0"), dev(1, Vendor.HUAWEI, DeviceMode.WHOLE, "a1"),
        dev(2, Vendor.HUAWEI, DeviceMode.WHOLE, "a2")));
    Assignment a = new Assignment("n1", 0, 0, List.of(new ContainerAssignment("main", List.of(
        new DeviceGrant(0, "a0", "huawei.com/Ascend910", null, 32768, 100, true),
        new DeviceGrant(2, "a2", "huawei.com/Ascend910", null, 32768, 100, true)), Map.of())));
    assertThat(DeviceAnnotations.of(a, n, List.of("main"), NOW)).containsEntry("huawei.com/Ascend910", "Ascend910-0,Ascend910-2");
  }
}
