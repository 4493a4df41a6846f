package io.argosy.agent.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.api.NodeReport;
import io.argosy.gpu.catalog.Vendor;
import io.argosy.gpu.fit.Assignment;
import io.argosy.gpu.fit.ContainerAssignment;
import io.argosy.gpu.fit.DeviceGrant;
import io.argosy.gpu.inventory.Device;
import io.argosy.gpu.inventory.DeviceMode;
import io.argosy.gpu.inventory.NodeInventory;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class BindingFitTest {
  static final int SPLIT = 4;
  static final long MEM = 24_000;

  static NodeReport node(List<String> taints, boolean ready) {
    Device shared = new Device("GPU-0", 0, Vendor.NVIDIA, "L4", "L4", MEM, 100, DeviceMode.SHARE, SPLIT, true, 0, List.of());
    Device whole = new Device("n/gpu-1", 1, Vendor.NVIDIA, "L4", "L4", MEM, 100, DeviceMode.WHOLE, 1, true, 0, List.of());
    return new NodeReport(new NodeInventory("n", Map.of(), taints, ready, 16_000, 64L << 30, 10, List.of(shared, whole),
        Map.of("example.com/fpga", 2L)), Map.of("Ready", ready ? "True" : "False"), false);
  }

  static Assignment share(long mem, int cores) {
    return new Assignment("n", 0, 0, List.of(new ContainerAssignment("c",
        List.of(new DeviceGrant(0, "GPU-0", "nvidia.com/gpu", null, mem, cores, cores == 100)), Map.of())));
  }

  /** Accounting invariant: a set of shares on one device fits exactly when memory, cores and the split count all hold. */
  @Property(tries = 500, seed = "20261122")
  void sharesFitExactlyWhenTheDeviceHoldsThem(
      @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 1, max = 12_000) Integer> mems,
      @ForAll @IntRange(min = 1, max = 60) int cores) {
    List<Assignment> all = new ArrayList<>();
    mems.forEach(m -> all.add(share(m, cores)));
    List<Assignment> held = all.subList(0, all.size() - 1);
    List<Assignment> wanted = all.subList(all.size() - 1, all.size());
    long memSum = mems.stream().mapToLong(Integer::longValue).sum();
    boolean fits = memSum <= MEM && (long) cores * mems.size() <= 100 && mems.size() <= SPLIT;
    String reason = BindingFit.check("n", node(List.of(), true), held, wanted, List.of());
    assertThat(reason == null).as(String.valueOf(reason)).isEqualTo(fits);
  }

  @Property(tries = 200, seed = "7")
  void cpuAndPodsAreNeverOvercommitted(@ForAll @Size(min = 1, max = 14) List<@IntRange(min = 1, max = 4000) Integer> cpus) {
    List<Assignment> pods = cpus.stream().map(c -> new Assignment("n", c, 1, List.of())).toList();
    String reason = BindingFit.check("n", node(List.of(), true), pods.subList(0, pods.size() - 1), pods.subList(pods.size() - 1, pods.size()), List.of());
    boolean fits = cpus.stream().mapToLong(Integer::longValue).sum() <= 16_000 && cpus.size() <= 10;
    assertThat(reason == null).as(String.valueOf(reason)).isEqualTo(fits);
  }

  @Test
  void exclusiveDevicesAndPartitionsAreNotShared() {
    Assignment wholeGpu = new Assignment("n", 0, 0, List.of(new ContainerAssignment("c",
        List.of(new DeviceGrant(1, "n/gpu-1", "nvidia.com/gpu", null, MEM, 100, true)), Map.of())));
    assertThat(BindingFit.check("n", node(List.of(), true), List.of(wholeGpu), List.of(wholeGpu), List.of())).contains("exclusively");
    Assignment onShared = share(100, 100);
    assertThat(BindingFit.check("n", node(List.of(), true), List.of(share(100, 10)), List.of(onShared), List.of())).isNotNull();
    Assignment fpga = new Assignment("n", 0, 0, List.of(new ContainerAssignment("c", List.of(), Map.of("example.com/fpga", 2L))));
    assertThat(BindingFit.check("n", node(List.of(), true), List.of(fpga), List.of(fpga), List.of())).contains("example.com/fpga");
  }

  @Test
  void guessedDevicesOfOtherPodsCountByNumberNotByIndex() {
    // another scheduler's whole-GPU pod: the reader guessed device 1, the plugin may have picked any
    Assignment foreign = new Assignment("n", 0, 0, List.of(new ContainerAssignment("c",
        List.of(new DeviceGrant(1, "n/gpu-1", "nvidia.com/gpu", null, MEM, 100, true)), Map.of())));
    Assignment wantWhole = new Assignment("n", 0, 0, List.of(new ContainerAssignment("c",
        List.of(new DeviceGrant(1, "n/gpu-1", "nvidia.com/gpu", null, MEM, 100, true)), Map.of())));
    // the node has one whole device (index 1): a foreign pod already takes it
    assertThat(BindingFit.check("n", node(List.of(), true), List.of(), List.of(foreign), List.of(wantWhole), List.of()))
        .contains("whole devices");
    // with the foreign pod's device counted only by number, a share on device 0 still fits
    assertThat(BindingFit.check("n", node(List.of(), true), List.of(), List.of(foreign), List.of(share(1000, 10)), List.of())).isNull();
  }

  @Test
  void nodeStateAndTaintsAreChecked() {
    assertThat(BindingFit.check("n", null, List.of(), List.of(share(1, 1)), List.of())).contains("no longer exists");
    assertThat(BindingFit.check("n", node(List.of(), false), List.of(), List.of(share(1, 1)), List.of())).contains("not ready");
    List<String> taints = List.of("node.kubernetes.io/unreachable:NoExecute", "soft=x:PreferNoSchedule");
    assertThat(BindingFit.check("n", node(taints, true), List.of(), List.of(share(1, 1)), List.of())).contains("unreachable");
    var tol = new TolerationBuilder().withKey("node.kubernetes.io/unreachable").withOperator("Exists").build();
    assertThat(BindingFit.check("n", node(taints, true), List.of(), List.of(share(1, 1)), List.of(tol))).isNull();
  }
}
