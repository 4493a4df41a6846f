package io.argosy.gpu.fit;

import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.gpu.Fixtures;
import io.argosy.gpu.Manifests;
import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.demand.DemandParser;
import io.argosy.gpu.demand.PodDemand;
import io.argosy.gpu.inventory.InventoryReader;
import io.argosy.gpu.score.Policy;
import io.argosy.gpu.score.ScoringPolicy;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Fit per vendor and mode on node manifests as the device plugins publish them. */
class FitTest {
  private final Catalog catalog = Catalog.builtin();
  private final InventoryReader reader = new InventoryReader(catalog);
  private final DemandParser parser = new DemandParser(catalog);

  private NodeState state(String file, Pod... running) {
    return reader.stateOf(Fixtures.node(file), List.of(running));
  }

  private PodDemand demand(String limits) {
    return parser.parse(Manifests.podWithLimits(limits));
  }

  private PodDemand demand(String limits, Map<String, String> annotations) {
    Pod pod = Manifests.podWithLimits(limits);
    pod.getMetadata().setAnnotations(annotations);
    return parser.parse(pod);
  }

  private static Assignment fits(FitResult r) {
    assertThat(r).as("fit result %s", r).isInstanceOf(FitResult.Fits.class);
    return ((FitResult.Fits) r).assignment();
  }

  private static List<String> reasons(FitResult r) {
    assertThat(r).as("fit result").isInstanceOf(FitResult.NoFit.class);
    return ((FitResult.NoFit) r).reasons().stream().map(Reason::message).collect(Collectors.toList());
  }

  private static List<DeviceGrant> grants(Assignment a) {
    List<DeviceGrant> out = new ArrayList<>();
    a.containers().forEach(c -> out.addAll(c.grants()));
    return out;
  }

  // ------------------------------------------------------------- NVIDIA whole (device plugin + GFD)

  @Test
  void wholeGpusAreTakenExclusivelyAndUnhealthyOnesNever() {
    NodeState s = state("nvidia-whole-a100");
    Assignment a = fits(s.fit(demand("nvidia.com/gpu: 4, cpu: '8'"), ScoringPolicy.DEFAULT));
    assertThat(grants(a)).extracting(DeviceGrant::deviceId)
        .containsExactly("gpu-a100-01/gpu-0", "gpu-a100-01/gpu-1", "gpu-a100-01/gpu-2", "gpu-a100-01/gpu-3");
    assertThat(grants(a)).allSatisfy(g -> {
      assertThat(g.exclusive()).isTrue();
      assertThat(g.memoryMiB()).isEqualTo(81920);
    });
    s.allocate(a);
    s.allocate(fits(s.fit(demand("nvidia.com/gpu: 1"), ScoringPolicy.DEFAULT)));
    assertThat(reasons(s.fit(demand("nvidia.com/gpu: 4"), ScoringPolicy.DEFAULT)))
        .containsExactly("insufficient nvidia.com/gpu: need 4 free A100-80GB, node has 2");
    assertThat(reasons(state("nvidia-whole-a100").fit(demand("nvidia.com/gpu: 8"), ScoringPolicy.DEFAULT)))
        .containsExactly("insufficient nvidia.com/gpu: need 8 free A100-80GB, node has 7");
  }

  @Test
  void everyFailedCheckIsAReason() {
    NodeState s = state("nvidia-whole-a100");
    List<String> r = reasons(s.fit(demand("nvidia.com/gpu: 9, cpu: '200', memory: 2000Gi, example.com/foo: 1,"
        + " rdma/hca_shared_devices_a: 2000"), ScoringPolicy.DEFAULT));
    assertThat(r).containsExactly(
        "insufficient cpu: need 200000m, node has 126000m free",
        "insufficient memory: need 2048000Mi, node has 1025391Mi free",
        "node offers no example.com/foo",
        "insufficient rdma/hca_shared_devices_a: need 2000, node has 1000",
        "insufficient nvidia.com/gpu: need 9 free A100-80GB, node has 7");
  }

  @Test
  void sharesAreNotOfferedByWholeGpuNodes() {
    assertThat(reasons(state("nvidia-whole-a100").fit(demand("nvidia.com/gpu: 1, nvidia.com/gpumem: 1000"),
        ScoringPolicy.DEFAULT)))
        .containsExactly("node offers no nvidia.com/gpu (node has 8 x A100-80GB whole)");
  }

  // ------------------------------------------------------------- MIG mixed and single

  @Test
  void migMixedFitsTheFreeInstanceAndNamesIt() {
    NodeState s = state("nvidia-mig-mixed-a100",
        Fixtures.boundPod("a", "nvidia.com/mig-3g.40gb: 6"), Fixtures.boundPod("b", "nvidia.com/mig-1g.10gb: 10"));
    Assignment a = fits(s.fit(demand("nvidia.com/mig-3g.40gb: 1"), ScoringPolicy.DEFAULT));
    DeviceGrant g = grants(a).get(0);
    assertThat(g.partitionId()).matches("gpu-[67]/mig-3g\\.40gb-0");
    assertThat(g.resource()).isEqualTo("nvidia.com/mig-3g.40gb");
    assertThat(g.memoryMiB()).isEqualTo(40960);
    assertThat(reasons(s.fit(demand("nvidia.com/mig-7g.80gb: 1"), ScoringPolicy.DEFAULT)))
        .containsExactly("node offers no nvidia.com/mig-7g.80gb (node has 8 x A100-80GB MIG-mixed 1g.10gb/2g.20gb/3g.40gb)");
    assertThat(reasons(s.fit(demand("nvidia.com/mig-3g.40gb: 3"), ScoringPolicy.DEFAULT)))
        .containsExactly("insufficient nvidia.com/mig-3g.40gb: need 3 free 3g.40gb instances, node has 2");
    assertThat(reasons(s.fit(demand("nvidia.com/gpu: 1"), ScoringPolicy.DEFAULT))).singleElement()
        .asString().startsWith("node offers no nvidia.com/gpu");
  }

  @Test
  void migDevicePolicyBinpacksOntoBusyGpusOrSpreadsToIdleOnes() {
    NodeState s = state("nvidia-mig-mixed-a100", Fixtures.boundPod("a", "nvidia.com/mig-2g.20gb: 1"));
    // the pod's 2g.20gb landed on gpu-0 (spread, the cluster default here, ties go to the lowest index)
    assertThat(s.usedCores(0)).isEqualTo(28);
    PodDemand oneG = demand("nvidia.com/mig-1g.10gb: 1");
    assertThat(grants(fits(s.fit(oneG, ScoringPolicy.of(Policy.BINPACK, Policy.BINPACK)))).get(0).deviceIndex()).isZero();
    assertThat(grants(fits(s.fit(oneG, ScoringPolicy.of(Policy.BINPACK, Policy.SPREAD)))).get(0).deviceIndex()).isEqualTo(1);
    PodDemand podSays = demand("nvidia.com/mig-1g.10gb: 1", Map.of("hami.io/gpu-scheduler-policy", "binpack"));
    assertThat(grants(fits(s.fit(podSays, ScoringPolicy.of(Policy.BINPACK, Policy.SPREAD)))).get(0).deviceIndex()).isZero();
  }

  @Test
  void migSingleServesGpuCountsWithInstances() {
    NodeState s = state("nvidia-mig-single-a100-40");
    Assignment a = fits(s.fit(demand("nvidia.com/gpu: 3"), ScoringPolicy.DEFAULT));
    assertThat(grants(a)).extracting(DeviceGrant::partitionId).allMatch(id -> id.contains("/mig-1g.5gb-"));
    assertThat(grants(a)).extracting(DeviceGrant::memoryMiB).containsOnly(5120L);
    assertThat(reasons(s.fit(demand("nvidia.com/mig-1g.5gb: 1"), ScoringPolicy.DEFAULT))).singleElement()
        .asString().startsWith("node offers no nvidia.com/mig-1g.5gb");
    assertThat(reasons(s.fit(demand("nvidia.com/gpu: 29"), ScoringPolicy.DEFAULT)))
        .containsExactly("insufficient nvidia.com/gpu: need 29 free A100-40GB, node has 28");
  }

  // ------------------------------------------------------------- HAMi vGPU

  @Test
  void hamiSharesGoOnDistinctHealthyGpus() {
    NodeState s = state("hami-vgpu-a100");
    Assignment a = fits(s.fit(demand("nvidia.com/gpu: 2, nvidia.com/gpumem: 20000, nvidia.com/gpucores: 30"),
        ScoringPolicy.DEFAULT));
    List<DeviceGrant> g = grants(a);
    assertThat(g).extracting(DeviceGrant::deviceId).doesNotHaveDuplicates().doesNotContain("GPU-a4").hasSize(2);
    assertThat(g).allSatisfy(x -> {
      assertThat(x.memoryMiB()).isEqualTo(20000);
      assertThat(x.cores()).isEqualTo(30);
      assertThat(x.exclusive()).isFalse();
    });
    assertThat(reasons(s.fit(demand("nvidia.com/gpu: 4, nvidia.com/gpumem: 1000"), ScoringPolicy.DEFAULT)))
        .containsExactly("insufficient nvidia.com/gpu: need 4 devices with 1000 MiB free, node has 3");
  }

  @Test
  void hamiTypeAndUuidAnnotationsRestrictDevices() {
    NodeState s = state("hami-vgpu-a100");
    assertThat(reasons(s.fit(demand("nvidia.com/gpu: 1, nvidia.com/gpumem: 1000",
        Map.of("nvidia.com/use-gputype", "H100")), ScoringPolicy.DEFAULT)))
        .containsExactly("no device of the requested type for nvidia.com/gpu (asked use-gputype H100)"
            + " (node has 4 x A100-40GB shared)");
    fits(s.fit(demand("nvidia.com/gpu: 1, nvidia.com/gpumem: 1000", Map.of("nvidia.com/use-gputype", "a100")),
        ScoringPolicy.DEFAULT));
    assertThat(reasons(s.fit(demand("nvidia.com/gpu: 1, nvidia.com/gpumem: 1000",
        Map.of("nvidia.com/nouse-gputype", "A100")), ScoringPolicy.DEFAULT)).get(0)).startsWith("no device of the requested type");
    Assignment only = fits(s.fit(demand("nvidia.com/gpu: 1, nvidia.com/gpumem: 1000",
        Map.of("nvidia.com/use-gpuuuid", "GPU-a2")), ScoringPolicy.DEFAULT));
    assertThat(grants(only).get(0).deviceId()).isEqualTo("GPU-a2");
    assertThat(reasons(s.fit(demand("nvidia.com/gpu: 1, nvidia.com/gpumem: 1000",
        Map.of("nvidia.com/use-gpuuuid", "GPU-zz")), ScoringPolicy.DEFAULT)).get(0))
        .startsWith("no device with an allowed UUID for nvidia.com/gpu");
    assertThat(reasons(s.fit(demand("nvidia.com/gpu: 2, nvidia.com/gpumem: 1000",
        Map.of("nvidia.com/nouse-gpuuuid", "GPU-a1,GPU-a2")), ScoringPolicy.DEFAULT)))
        .containsExactly("insufficient nvidia.com/gpu: need 2 devices with 1000 MiB free, node has 1");
  }

  @Test
  void hamiDevicePolicyAndExclusiveSemantics() {
    Pod running = Manifests.pod("""
        apiVersion: v1
        kind: Pod
        metadata: {name: r, annotations: {hami.io/vgpu-devices-allocated: 'GPU-a2,NVIDIA,10000,20:;'}}
        spec: {containers: [{name: c, resources: {limits: {nvidia.com/gpu: 1, nvidia.com/gpumem: 10000, nvidia.com/gpucores: 20}}}]}
        """);
    NodeState s = state("hami-vgpu-a100", running);
    PodDemand share = demand("nvidia.com/gpu: 1, nvidia.com/gpumem: 1000");
    assertThat(grants(fits(s.fit(share, ScoringPolicy.of(Policy.BINPACK, Policy.BINPACK)))).get(0).deviceId())
        .isEqualTo("GPU-a2");
    assertThat(grants(fits(s.fit(share, ScoringPolicy.of(Policy.BINPACK, Policy.SPREAD)))).get(0).deviceId())
        .isEqualTo("GPU-a1");
    // gpucores 100 wants a device of its own; whole nvidia.com/gpu takes an untouched one
    PodDemand exclusive = demand("nvidia.com/gpu: 3, nvidia.com/gpumem: 1000, nvidia.com/gpucores: 100");
    assertThat(reasons(s.fit(exclusive, ScoringPolicy.DEFAULT)))
        .containsExactly("insufficient nvidia.com/gpu: need 3 devices with 1000 MiB and 100% cores free, node has 2");
    Assignment whole = fits(s.fit(demand("nvidia.com/gpu: 2"), ScoringPolicy.DEFAULT));
    assertThat(grants(whole)).extracting(DeviceGrant::deviceId).containsExactly("GPU-a1", "GPU-a3");
    s.allocate(whole);
    assertThat(s.exclusive(0)).isTrue();
    assertThat(s.freeMilli(0)).isZero();
    // only GPU-a2 is left to share (GPU-a1 and GPU-a3 are held whole, GPU-a4 is unhealthy)
    assertThat(grants(fits(s.fit(share, ScoringPolicy.DEFAULT))).get(0).deviceId()).isEqualTo("GPU-a2");
    assertThat(reasons(s.fit(demand("nvidia.com/gpu: 2, nvidia.com/gpumem: 1000"), ScoringPolicy.DEFAULT)))
        .containsExactly("insufficient nvidia.com/gpu: need 2 devices with 1000 MiB free, node has 1");
  }

  @Test
  void hamiMemoryPercentagesFillADevice() {
    NodeState s = state("hami-vgpu-legacy-v100");
    PodDemand half = demand("nvidia.com/gpu: 1, nvidia.com/gpumem-percentage: 50", Map.of("hami.io/gpu-scheduler-policy", "binpack"));
    for (int i = 0; i < 4; i++) {
      s.allocate(fits(s.fit(half, ScoringPolicy.DEFAULT)));
    }
    assertThat(s.usedMemoryMiB(0)).isEqualTo(32768);
    assertThat(s.usedMemoryMiB(1)).isEqualTo(32768);
    assertThat(reasons(s.fit(half, ScoringPolicy.DEFAULT)))
        .containsExactly("insufficient nvidia.com/gpu: need 1 devices with 50% memory free, node has 0");
  }

  @Test
  void dceAndVolcanoShares() {
    NodeState dce = state("dce-vgpu-t4");
    Assignment a = fits(dce.fit(demand("nvidia.com/vgpu: 1, nvidia.com/gpumem: 8000"), ScoringPolicy.DEFAULT));
    assertThat(grants(a).get(0).deviceId()).isEqualTo("dce-01/gpu-0");
    assertThat(reasons(dce.fit(demand("nvidia.com/vgpu: 1, nvidia.com/gpumem: 16000"), ScoringPolicy.DEFAULT)))
        .containsExactly("insufficient nvidia.com/vgpu: need 1 devices with 16000 MiB free, node has 0");
    NodeState vc = state("volcano-vgpu");
    Assignment v = fits(vc.fit(demand("volcano.sh/vgpu-number: 2, volcano.sh/vgpu-memory: 12000, volcano.sh/vgpu-cores: 50"),
        ScoringPolicy.DEFAULT));
    assertThat(grants(v)).extracting(DeviceGrant::deviceId).containsExactly("GPU-c1", "GPU-c2");
  }

  // ------------------------------------------------------------- Huawei Ascend

  @Test
  void ascendWholeNpusAndModelInResourceName() {
    NodeState s = state("ascend-910b-whole");
    assertThat(grants(fits(s.fit(demand("huawei.com/Ascend910: 8"), ScoringPolicy.DEFAULT)))).hasSize(8);
    assertThat(reasons(s.fit(demand("huawei.com/Ascend910: 9"), ScoringPolicy.DEFAULT)))
        .containsExactly("insufficient huawei.com/Ascend910: need 9 free Ascend910B3, node has 8");
    assertThat(reasons(s.fit(demand("huawei.com/Ascend910B4: 1"), ScoringPolicy.DEFAULT)))
        .containsExactly("no device of the requested type for huawei.com/Ascend910B4 (asked model Ascend910B4)"
            + " (node has 8 x Ascend910B3 whole)");
  }

  @Test
  void ascendStaticVnpus() {
    NodeState s = state("ascend-310p-vnpu");
    Assignment a = fits(s.fit(demand("huawei.com/Ascend310P-2c: 3"), ScoringPolicy.DEFAULT));
    assertThat(grants(a)).extracting(DeviceGrant::partitionId)
        .containsExactly("npu-1/Ascend310P-2c-0", "npu-1/Ascend310P-2c-1", "npu-1/Ascend310P-2c-2");
    assertThat(reasons(s.fit(demand("huawei.com/Ascend310P-2c: 4"), ScoringPolicy.DEFAULT)))
        .containsExactly("insufficient huawei.com/Ascend310P-2c: need 4 free 2c instances, node has 3");
    assertThat(grants(fits(s.fit(demand("huawei.com/Ascend310P: 1"), ScoringPolicy.DEFAULT))).get(0).deviceId())
        .isEqualTo("npu-310p-01/npu-0");
    assertThat(reasons(s.fit(demand("huawei.com/Ascend310P: 2"), ScoringPolicy.DEFAULT)))
        .containsExactly("insufficient huawei.com/Ascend310P: need 2 free Ascend310P, node has 1");
    assertThat(reasons(s.fit(demand("huawei.com/Ascend310P-4c: 1"), ScoringPolicy.DEFAULT)).get(0))
        .startsWith("node offers no huawei.com/Ascend310P-4c");
  }

  @Test
  void hamiAscendSharesAlignToTemplates() {
    NodeState s = state("hami-ascend-910b3");
    PodDemand small = demand("huawei.com/Ascend910B3: 1, huawei.com/Ascend910B3-memory: 2000");
    for (int i = 0; i < 8; i++) {
      Assignment a = fits(s.fit(small, ScoringPolicy.DEFAULT));
      assertThat(grants(a).get(0).memoryMiB()).isEqualTo(16384);
      s.allocate(a);
    }
    assertThat(reasons(s.fit(small, ScoringPolicy.DEFAULT))).containsExactly(
        "insufficient huawei.com/Ascend910B3: need 1 devices with 16384 MiB and 25% cores free, node has 0");
  }

  @Test
  void dynamicVnpuCarvesAWholeNpu() {
    NodeState s = state("ascend-310p-vnpu");
    Assignment a = fits(s.fit(demand("huawei.com/npu-core: 2"), ScoringPolicy.DEFAULT));
    assertThat(grants(a).get(0).deviceId()).isEqualTo("npu-310p-01/npu-0");
    assertThat(grants(a).get(0).cores()).isEqualTo(25);
    s.allocate(a);
    assertThat(reasons(s.fit(demand("huawei.com/Ascend310P: 1"), ScoringPolicy.DEFAULT))).singleElement()
        .asString().startsWith("insufficient huawei.com/Ascend310P: need 1");
  }

  // ------------------------------------------------------------- Iluvatar, Metax, Cambricon

  @Test
  void iluvatarShares() {
    NodeState s = state("iluvatar-hami-bi-v150");
    Assignment a = fits(s.fit(demand("iluvatar.ai/BI-V150-vgpu: 1, iluvatar.ai/BI-V150.vCore: 50, iluvatar.ai/BI-V150.vMem: 64"),
        ScoringPolicy.DEFAULT));
    assertThat(grants(a).get(0).memoryMiB()).isEqualTo(16384);
    assertThat(reasons(s.fit(demand("iluvatar.ai/BI-V100-vgpu: 1, iluvatar.ai/BI-V100.vCore: 50"), ScoringPolicy.DEFAULT))
        .get(0)).startsWith("no device of the requested type for iluvatar.ai/BI-V100-vgpu (asked model BI-V100)");
    NodeState gm = state("iluvatar-gpu-manager");
    Assignment two = fits(gm.fit(demand("iluvatar.ai/vcuda-core: 2, iluvatar.ai/vcuda-memory: 8000"), ScoringPolicy.DEFAULT));
    assertThat(grants(two)).extracting(DeviceGrant::memoryMiB).containsExactly(8000L, 8000L);
  }

  @Test
  void metaxWholeAndSgpu() {
    assertThat(grants(fits(state("metax-gpu").fit(demand("metax-tech.com/gpu: 2"), ScoringPolicy.DEFAULT)))).hasSize(2);
    NodeState s = state("metax-sgpu");
    Assignment a = fits(s.fit(demand("metax-tech.com/sgpu: 1, metax-tech.com/vcore: 60, metax-tech.com/vmemory: 4"),
        ScoringPolicy.DEFAULT));
    assertThat(grants(a).get(0).memoryMiB()).isEqualTo(4096);
    assertThat(grants(a).get(0).cores()).isEqualTo(60);
    s.allocate(a);
    Assignment exclusive = fits(s.fit(demand("metax-tech.com/sgpu: 3"), ScoringPolicy.DEFAULT));
    assertThat(grants(exclusive)).extracting(DeviceGrant::deviceIndex).containsExactly(1, 2, 3);
  }

  @Test
  void cambriconSmluMimAndEnvShare() {
    NodeState smlu = state("cambricon-smlu");
    PodDemand full = demand("cambricon.com/mlu.smlu.vcore: 100");
    Assignment a = fits(smlu.fit(full, ScoringPolicy.DEFAULT));
    assertThat(grants(a).get(0).exclusive()).isTrue();
    assertThat(grants(a).get(0).memoryMiB()).isEqualTo(49152);
    for (int i = 0; i < 8; i++) {
      smlu.allocate(fits(smlu.fit(demand("cambricon.com/mlu.smlu.vcore: 10, cambricon.com/mlu.smlu.vmemory: 4"),
          ScoringPolicy.DEFAULT)));
    }
    assertThat(reasons(smlu.fit(full, ScoringPolicy.DEFAULT))).containsExactly(
        "insufficient cambricon.com/mlu: need 1 devices with 100% memory and 100% cores free, node has 0");

    NodeState mim = state("cambricon-mim");
    assertThat(grants(fits(mim.fit(demand("cambricon.com/mlu.mim-2m.8gb: 2"), ScoringPolicy.DEFAULT))))
        .extracting(DeviceGrant::memoryMiB).containsExactly(8192L, 8192L);
    NodeState share = state("cambricon-env-share");
    Assignment three = fits(share.fit(demand("cambricon.com/mlu.share: 3"),
        ScoringPolicy.of(Policy.BINPACK, Policy.BINPACK)));
    assertThat(grants(three)).extracting(DeviceGrant::deviceIndex).containsOnly(0);
  }

  @Test
  void twoContainersOfOnePodSeeEachOthersGrants() {
    NodeState s = state("hami-vgpu-legacy-v100");
    Pod pod = Manifests.pod("""
        apiVersion: v1
        kind: Pod
        metadata: {name: p, annotations: {hami.io/gpu-scheduler-policy: binpack}}
        spec:
          containers:
          - {name: a, resources: {limits: {nvidia.com/gpu: 1, nvidia.com/gpumem: 20000}}}
          - {name: b, resources: {limits: {nvidia.com/gpu: 1, nvidia.com/gpumem: 20000}}}
        """);
    Assignment a = fits(s.fit(parser.parse(pod), ScoringPolicy.DEFAULT));
    assertThat(a.containers()).extracting(ContainerAssignment::container).containsExactly("a", "b");
    assertThat(a.containers().get(0).grants().get(0).deviceIndex())
        .isNotEqualTo(a.containers().get(1).grants().get(0).deviceIndex());
  }

  @Test
  void notReadyAndFullNodes() {
    NodeState s = new NodeState(reader.read(Manifests.node("""
        apiVersion: v1
        kind: Node
        metadata: {name: n}
        status:
          capacity: {cpu: "4", memory: 8Gi, pods: "1"}
          conditions: [{type: Ready, status: "False"}]
        """)));
    assertThat(reasons(s.fit(demand("cpu: '1'"), ScoringPolicy.DEFAULT))).containsExactly("node not ready");
  }
}
