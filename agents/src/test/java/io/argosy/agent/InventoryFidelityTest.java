package io.argosy.agent;

import static io.argosy.agent.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.agent.sim.AcceleratorSpec;
import io.argosy.agent.sim.FleetFile;
import io.argosy.agent.sim.SimHardware;
import io.argosy.agent.sim.SimMode;
import io.argosy.agent.sim.SimOptions;
import io.argosy.agent.sim.SimulatedCluster;
import io.argosy.api.NodeReport;
import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.catalog.Vendor;
import io.argosy.gpu.inventory.Device;
import io.argosy.gpu.inventory.DeviceMode;
import io.argosy.gpu.inventory.NodeInventory;
import io.argosy.gpu.inventory.Partition;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The inventory the agent reports, as the core receives it over the gateway, matches what each
 * template seeded: every vendor and mode, device by device, read by gpu-model from the Node objects
 * the simulated device plugins published.
 */
class InventoryFidelityTest {
  /** Template name prefix → what was seeded (count nodes of each). */
  static final Map<String, AcceleratorSpec> SEEDED = new java.util.LinkedHashMap<>();
  static final List<String[]> LAYOUTS = new ArrayList<>();

  static {
    seed("nv-whole", "nvidia", "A100-80GB", 8, SimMode.WHOLE, null, 0);
    seed("nv-mixed", "nvidia", "A100-80GB", 4, SimMode.MIG_MIXED, "all-balanced", 0);
    seed("nv-mixed-3g", "nvidia", "H100-80GB", 2, SimMode.MIG_MIXED, "all-3g.40gb", 0);
    seed("nv-single", "nvidia", "A100-40GB", 8, SimMode.MIG_SINGLE, "all-1g.5gb", 0);
    seed("nv-hami", "nvidia", "L40S", 4, SimMode.SHARE, null, 5);
    seed("asc-whole", "huawei", "Ascend910", 8, SimMode.WHOLE, null, 0);
    seed("asc-vnpu", "huawei", "Ascend310P", 4, SimMode.PARTITIONED, "all-2c", 0);
    seed("asc-vnpu-4c", "huawei", "Ascend310P", 2, SimMode.PARTITIONED, "all-4c", 0);
    seed("mx-whole", "metax", "C500", 8, SimMode.WHOLE, null, 0);
    seed("mx-share", "metax", "C500", 2, SimMode.SHARE, null, 4);
    seed("mlu-whole", "cambricon", "MLU370-X8", 8, SimMode.WHOLE, null, 0);
    seed("mlu-mim", "cambricon", "MLU370-X8", 2, SimMode.PARTITIONED, "all-6m.24gb", 0);
    seed("mlu-share", "cambricon", "MLU370-X8", 2, SimMode.SHARE, null, 8);
  }

  static void seed(String prefix, String vendor, String model, int count, SimMode mode, String layout, int split) {
    SEEDED.put(prefix, new AcceleratorSpec(vendor, model, count, mode, layout, split));
  }

  static String fleet() {
    StringBuilder y = new StringBuilder("clusters:\n  - name: every\n    nodes:\n");
    SEEDED.forEach((prefix, a) -> y.append("      - {namePrefix: ").append(prefix).append(", count: 2, cpu: '48', memory: 384Gi, ")
        .append("accelerator: {vendor: ").append(a.vendor()).append(", model: ").append(a.model()).append(", count: ").append(a.count())
        .append(", mode: ").append(a.mode().name().toLowerCase().replace('_', '-'))
        .append(a.migConfig() == null ? "" : ", migConfig: '" + a.migConfig() + "'")
        .append(a.splitCount() == 0 ? "" : ", splitCount: " + a.splitCount()).append("}}\n"));
    y.append("      - {namePrefix: cpu-only, count: 1, cpu: '8', memory: 32Gi}\n");
    return y.toString();
  }

  static Vertx vertx;
  static TestControlPlane core;
  static SimulatedCluster cluster;
  static ClusterAgent agent;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    core = new TestControlPlane(vertx).start(0);
    cluster = SimulatedCluster.start(FleetFile.parse(fleet()).clusters().get(0), SimOptions.DEFAULT);
    agent = ClusterAgent.builder().cluster("every").client(cluster.newClient()).server(core.url()).token(TestControlPlane.TOKEN)
        .vertx(vertx).build().start();
    await("snapshot", () -> core.view("every").snapshots == 1);
  }

  @AfterAll
  static void stop() {
    agent.close();
    cluster.close();
    core.close();
    vertx.close();
  }

  static DeviceMode mode(SimMode m) {
    return switch (m) {
      case WHOLE -> DeviceMode.WHOLE;
      case MIG_SINGLE -> DeviceMode.MIG_SINGLE;
      case MIG_MIXED -> DeviceMode.MIG_MIXED;
      case SHARE -> DeviceMode.SHARE;
      case PARTITIONED -> DeviceMode.PARTITIONED;
    };
  }

  static Vendor vendor(String v) {
    return switch (v) {
      case "nvidia" -> Vendor.NVIDIA;
      case "huawei" -> Vendor.HUAWEI;
      case "metax" -> Vendor.METAX;
      default -> Vendor.CAMBRICON;
    };
  }

  /** The partition profiles one device of the template carries, sorted. */
  static List<String> layout(AcceleratorSpec a) {
    SimHardware.Model m = SimHardware.model(a.vendor(), a.model()).orElseThrow();
    String cfg = a.migConfig();
    List<String> l;
    if (m.layouts().containsKey(cfg)) {
      l = new ArrayList<>(m.layouts().get(cfg));
    } else if (cfg.startsWith("all-")) {
      SimHardware.Profile p = m.profile(cfg.substring(4)).orElseThrow();
      l = new ArrayList<>(Collections.nCopies(Math.min(m.computeSlices() / p.computeSlices(), m.memorySlices() / p.memorySlices()), p.name()));
    } else {
      l = new ArrayList<>(List.of(cfg.split(",")));
    }
    Collections.sort(l);
    return l;
  }

  static io.argosy.api.Binding hamiBinding(String id, String job, String node, int device, long memMiB, int cores) {
    String manifest = """
        apiVersion: v1
        kind: Pod
        metadata: {name: %s, namespace: default}
        spec:
          containers:
            - name: infer
              image: server
              resources: {limits: {nvidia.com/gpu: 1, nvidia.com/gpumem: %d, nvidia.com/gpucores: %d}}
        """.formatted(job, memMiB, cores);
    String uuid = io.argosy.agent.sim.NodeFactory.gpuUuid(node, device);
    var a = new io.argosy.gpu.fit.Assignment(node, 0, 0, List.of(new io.argosy.gpu.fit.ContainerAssignment("infer",
        List.of(new io.argosy.gpu.fit.DeviceGrant(device, uuid, "nvidia.com/gpu", null, memMiB, cores, false)), Map.of())));
    return new io.argosy.api.Binding(id, "default/" + job, "every", manifest,
        List.of(new io.argosy.api.PodBinding(job + "-main-0", "main", 0, node, a)));
  }

  @Test
  void hamiSharesBecomePodsWithHamisAllocationAndAreAccountedPerDevice() {
    var first = hamiBinding("b-h1", "infer-a", "nv-hami-1", 2, 30_000, 40);
    core.send("every", first);
    await("first", () -> core.bindingResults.stream().anyMatch(r -> r.bindingId().equals("b-h1")));
    var pod = cluster.client().pods().inNamespace("default").withName("infer-a-main-0").get();
    String uuid = io.argosy.agent.sim.NodeFactory.gpuUuid("nv-hami-1", 2);
    assertThat(pod.getMetadata().getAnnotations())
        .containsEntry("hami.io/vgpu-devices-to-allocate", uuid + ",NVIDIA,30000,40:;")
        .containsEntry("hami.io/vgpu-node", "nv-hami-1");
    await("reported", () -> core.view("every").pods.containsKey("default/infer-a-main-0"));
    assertThat(core.view("every").pods.get("default/infer-a-main-0").assignment()).isEqualTo(first.pods().get(0).assignment());
    // 46068 MiB on the device: another 30000 does not fit there, 16000 does
    core.send("every", hamiBinding("b-h2", "infer-b", "nv-hami-1", 2, 30_000, 40));
    core.send("every", hamiBinding("b-h3", "infer-c", "nv-hami-1", 2, 16_000, 40));
    await("both answered", () -> core.bindingResults.stream().filter(r -> r.bindingId().startsWith("b-h")).count() == 3);
    var results = core.bindingResults.stream().collect(java.util.stream.Collectors.toMap(r -> r.bindingId(), r -> r));
    assertThat(results.get("b-h1").accepted()).isTrue();
    assertThat(results.get("b-h2").accepted()).isFalse();
    assertThat(results.get("b-h2").reason()).contains(uuid).contains("memory");
    assertThat(results.get("b-h3").accepted()).as(results.get("b-h3").reason()).isTrue();
  }

  @Test
  void everyVendorAndModeIsReportedDeviceByDevice() {
    Map<String, NodeReport> nodes = core.view("every").nodes;
    assertThat(nodes).hasSize(SEEDED.size() * 2 + 1);
    Catalog catalog = Catalog.builtin();
    SEEDED.forEach((prefix, a) -> {
      for (int i = 0; i < 2; i++) {
        NodeInventory inv = nodes.get(prefix + "-" + i).inventory();
        String where = inv.name();
        assertThat(inv.ready()).as(where).isTrue();
        assertThat(inv.cpuMilli()).as(where).isEqualTo(48_000);
        assertThat(inv.memoryBytes()).as(where).isEqualTo(384L << 30);
        assertThat(inv.devices()).as(where + " devices").hasSize(a.count());
        String model = catalog.resolveProduct(a.model()).orElseThrow().name();
        SimHardware.Model hw = SimHardware.model(a.vendor(), a.model()).orElseThrow();
        for (Device d : inv.devices()) {
          assertThat(d.vendor()).as(where).isEqualTo(vendor(a.vendor()));
          assertThat(d.mode()).as(where).isEqualTo(mode(a.mode()));
          assertThat(d.model()).as(where).isEqualTo(model);
          assertThat(d.healthy()).as(where).isTrue();
          if (a.mode() == SimMode.SHARE) {
            assertThat(d.splitCount()).as(where + " split").isEqualTo(a.splitCount());
            assertThat(d.memoryMiB()).as(where + " memory").isEqualTo(hw.memoryMiB());
          }
          if (a.mode() == SimMode.MIG_MIXED || a.mode() == SimMode.MIG_SINGLE || a.mode() == SimMode.PARTITIONED) {
            List<String> profiles = new ArrayList<>(d.partitions().stream().map(Partition::profile).toList());
            Collections.sort(profiles);
            assertThat(profiles).as(where + " partitions of device " + d.index()).isEqualTo(layout(a));
          } else {
            assertThat(d.partitions()).as(where).isEmpty();
          }
        }
        assertThat(inv.devices().stream().map(Device::id).distinct()).as(where + " ids").hasSize(a.count());
      }
    });
    // HAMi devices carry the UUIDs of the register annotation
    assertThat(nodes.get("nv-hami-0").inventory().devices()).extracting(Device::id)
        .containsExactly(io.argosy.agent.sim.NodeFactory.gpuUuid("nv-hami-0", 0), io.argosy.agent.sim.NodeFactory.gpuUuid("nv-hami-0", 1),
            io.argosy.agent.sim.NodeFactory.gpuUuid("nv-hami-0", 2), io.argosy.agent.sim.NodeFactory.gpuUuid("nv-hami-0", 3));
    assertThat(nodes.get("cpu-only-0").inventory().devices()).isEmpty();
  }
}
