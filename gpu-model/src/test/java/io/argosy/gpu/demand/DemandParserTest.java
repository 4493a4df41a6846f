package io.argosy.gpu.demand;

import static io.argosy.gpu.Manifests.pod;
import static io.argosy.gpu.Manifests.podWithLimits;
import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.gpu.InvalidSpecException;
import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.catalog.Vendor;
import io.argosy.gpu.score.Policy;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DemandParserTest {
  private final DemandParser parser = new DemandParser(Catalog.builtin());

  private AcceleratorDemand only(String limits) {
    PodDemand d = parser.parse(podWithLimits(limits));
    assertThat(d.containers()).hasSize(1);
    assertThat(d.containers().get(0).accelerators()).hasSize(1);
    return d.containers().get(0).accelerators().get(0);
  }

  record Row(String limits, DemandKind kind, Vendor vendor, String resource, String model, String profile,
      long count, long memoryMiB, int memoryPercent, int coresPercent) {}

  static Row row(String limits, DemandKind kind, Vendor vendor, String resource, String model, String profile,
      long count, long mib, int pct, int cores) {
    return new Row(limits, kind, vendor, resource, model, profile, count, mib, pct, cores);
  }

  static Stream<Arguments> table() {
    int u = AcceleratorDemand.UNSET;
    return Stream.of(
        // NVIDIA device plugin / HAMi / DCE / Volcano
        row("nvidia.com/gpu: 2", DemandKind.WHOLE, Vendor.NVIDIA, "nvidia.com/gpu", null, null, 2, u, u, u),
        row("nvidia.com/gpu: '1'", DemandKind.WHOLE, Vendor.NVIDIA, "nvidia.com/gpu", null, null, 1, u, u, u),
        row("nvidia.com/gpu: 1, nvidia.com/gpumem: 3000, nvidia.com/gpucores: 30", DemandKind.SHARE, Vendor.NVIDIA,
            "nvidia.com/gpu", null, null, 1, 3000, u, 30),
        row("nvidia.com/gpu: 2, nvidia.com/gpumem-percentage: 50", DemandKind.SHARE, Vendor.NVIDIA,
            "nvidia.com/gpu", null, null, 2, u, 50, u),
        row("nvidia.com/gpu: 1, nvidia.com/gpucores: 30", DemandKind.SHARE, Vendor.NVIDIA,
            "nvidia.com/gpu", null, null, 1, u, 100, 30),
        row("nvidia.com/gpumem: 4Gi", DemandKind.SHARE, Vendor.NVIDIA, "nvidia.com/gpu", null, null, 1, 4096, u, u),
        row("nvidia.com/vgpu: 1, nvidia.com/gpumem: 2000", DemandKind.SHARE, Vendor.NVIDIA, "nvidia.com/vgpu", null, null,
            1, 2000, u, u),
        row("nvidia.com/mig-3g.40gb: 1", DemandKind.PARTITION, Vendor.NVIDIA, "nvidia.com/mig-3g.40gb", null, "3g.40gb",
            1, u, u, u),
        row("volcano.sh/vgpu-number: 2, volcano.sh/vgpu-memory: 1024, volcano.sh/vgpu-cores: 20", DemandKind.SHARE,
            Vendor.NVIDIA, "volcano.sh/vgpu-number", null, null, 2, 1024, u, 20),
        row("volcano.sh/vgpu-number: 1, volcano.sh/vgpu-memory-percentage: 25", DemandKind.SHARE, Vendor.NVIDIA,
            "volcano.sh/vgpu-number", null, null, 1, u, 25, u),
        row("volcano.sh/gpu-memory: 2048", DemandKind.SHARE, Vendor.NVIDIA, "volcano.sh/gpu-number", null, null,
            1, 2048, u, u),
        row("volcano.sh/gpu-number: 1", DemandKind.WHOLE, Vendor.NVIDIA, "volcano.sh/gpu-number", null, null, 1, u, u, u),
        // Huawei Ascend
        row("huawei.com/Ascend910: 8", DemandKind.WHOLE, Vendor.HUAWEI, "huawei.com/Ascend910", "Ascend910", null,
            8, u, u, u),
        row("huawei.com/Ascend310P-2c: 1", DemandKind.PARTITION, Vendor.HUAWEI, "huawei.com/Ascend310P-2c", "Ascend310P",
            "2c", 1, u, u, u),
        row("huawei.com/Ascend310P-4c.3cpu.ndvpp: 1", DemandKind.PARTITION, Vendor.HUAWEI,
            "huawei.com/Ascend310P-4c.3cpu.ndvpp", "Ascend310P", "4c.3cpu.ndvpp", 1, u, u, u),
        row("huawei.com/Ascend910-16c: 1", DemandKind.PARTITION, Vendor.HUAWEI, "huawei.com/Ascend910-16c", "Ascend910",
            "16c", 1, u, u, u),
        // HAMi: 2000 MiB is rounded up to vir05_1c_16g, 5 of 20 AI cores
        row("huawei.com/Ascend910B3: 1, huawei.com/Ascend910B3-memory: 2000", DemandKind.SHARE, Vendor.HUAWEI,
            "huawei.com/Ascend910B3", "Ascend910B3", null, 1, 16384, u, 25),
        row("huawei.com/Ascend310P: 1, huawei.com/Ascend310P-memory: 4000", DemandKind.SHARE, Vendor.HUAWEI,
            "huawei.com/Ascend310P", "Ascend310P", null, 1, 6144, u, 25),
        row("huawei.com/Ascend910B3: 1, huawei.com/Ascend910B3-memory: 40000", DemandKind.WHOLE, Vendor.HUAWEI,
            "huawei.com/Ascend910B3", "Ascend910B3", null, 1, u, u, u),
        row("huawei.com/npu-core: 2", DemandKind.SHARE, Vendor.HUAWEI, "huawei.com/npu-core", "Ascend310P", null,
            1, 6144, u, 25),
        // Iluvatar: HAMi per-chip and generic forms (256 MiB units), gpu-manager/DCE form (cards, MiB)
        row("iluvatar.ai/BI-V150-vgpu: 1, iluvatar.ai/BI-V150.vCore: 50, iluvatar.ai/BI-V150.vMem: 64", DemandKind.SHARE,
            Vendor.ILUVATAR, "iluvatar.ai/BI-V150-vgpu", "BI-V150", null, 1, 16384, u, 50),
        row("iluvatar.ai/BI-V100-vgpu: 2", DemandKind.WHOLE, Vendor.ILUVATAR, "iluvatar.ai/BI-V100-vgpu", "BI-V100", null,
            2, u, u, u),
        row("iluvatar.ai/vgpu: 1, iluvatar.ai/vcuda-core: 50, iluvatar.ai/vcuda-memory: 64", DemandKind.SHARE,
            Vendor.ILUVATAR, "iluvatar.ai/vgpu", null, null, 1, 16384, u, 50),
        row("iluvatar.ai/vcuda-core: 1, iluvatar.ai/vcuda-memory: 200", DemandKind.SHARE, Vendor.ILUVATAR,
            "iluvatar.ai/vcuda-core", null, null, 1, 200, u, u),
        row("iluvatar.ai/gpu: 1", DemandKind.WHOLE, Vendor.ILUVATAR, "iluvatar.ai/gpu", null, null, 1, u, u, u),
        // Metax: whole, sGPU (bare vmemory in GiB, with a suffix in bytes; vcore defaults to 100)
        row("metax-tech.com/gpu: 1", DemandKind.WHOLE, Vendor.METAX, "metax-tech.com/gpu", null, null, 1, u, u, u),
        row("metax-tech.com/sgpu: 1, metax-tech.com/vcore: 60, metax-tech.com/vmemory: 4", DemandKind.SHARE,
            Vendor.METAX, "metax-tech.com/sgpu", null, null, 1, 4096, u, 60),
        row("metax-tech.com/sgpu: 1, metax-tech.com/vmemory: 2048Mi", DemandKind.SHARE, Vendor.METAX,
            "metax-tech.com/sgpu", null, null, 1, 2048, u, 100),
        // Cambricon: whole, env-share, MIM, dynamic sMLU (256 MiB units; vcore defaults to 100)
        row("cambricon.com/mlu: 2", DemandKind.WHOLE, Vendor.CAMBRICON, "cambricon.com/mlu", null, null, 2, u, u, u),
        row("cambricon.com/mlu.share: 1", DemandKind.PARTITION, Vendor.CAMBRICON, "cambricon.com/mlu.share", null,
            "share", 1, u, u, u),
        row("cambricon.com/mlu.mim-2m.8gb: 1", DemandKind.PARTITION, Vendor.CAMBRICON, "cambricon.com/mlu.mim-2m.8gb",
            null, "2m.8gb", 1, u, u, u),
        row("cambricon.com/mlu.smlu.vcore: 100", DemandKind.SHARE, Vendor.CAMBRICON, "cambricon.com/mlu", null, null,
            1, u, 100, 100),
        row("cambricon.com/vmlu: 1, cambricon.com/mlu370.smlu.vmemory: 20, cambricon.com/mlu370.smlu.vcore: 10",
            DemandKind.SHARE, Vendor.CAMBRICON, "cambricon.com/vmlu", "mlu370", null, 1, 5120, u, 10),
        row("cambricon.com/vmlu: 1", DemandKind.WHOLE, Vendor.CAMBRICON, "cambricon.com/vmlu", null, null, 1, u, u, u),
        // other vendors and unknown names are countable
        row("hygon.com/dcunum: 1", DemandKind.COUNTABLE, Vendor.HYGON, "hygon.com/dcunum", null, null, 1, u, u, u),
        row("example.com/foo: 3", DemandKind.COUNTABLE, Vendor.OTHER, "example.com/foo", null, null, 3, u, u, u))
        .map(Arguments::of);
  }

  @ParameterizedTest
  @MethodSource("table")
  void parsesEveryResourceNameOfTheDesign(Row r) {
    AcceleratorDemand a = only(r.limits());
    assertThat(a.kind()).as("kind").isEqualTo(r.kind());
    assertThat(a.vendor()).as("vendor").isEqualTo(r.vendor());
    assertThat(a.resource()).as("resource").isEqualTo(r.resource());
    assertThat(a.model()).as("model").isEqualTo(r.model());
    assertThat(a.profile()).as("profile").isEqualTo(r.profile());
    assertThat(a.count()).as("count").isEqualTo(r.count());
    assertThat(a.memoryMiB()).as("memoryMiB").isEqualTo(r.memoryMiB());
    assertThat(a.memoryPercent()).as("memoryPercent").isEqualTo(r.memoryPercent());
    assertThat(a.coresPercent()).as("coresPercent").isEqualTo(r.coresPercent());
  }

  @Test
  void limitsImplyRequestsAndCpuMemoryFollowKubeScheduler() {
    PodDemand d = parser.parse(pod("""
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          overhead: {cpu: 100m}
          initContainers:
          - name: init
            resources: {requests: {cpu: "3", memory: 1Gi}}
          - name: sidecar
            restartPolicy: Always
            resources: {requests: {cpu: 500m, memory: 128Mi}}
          containers:
          - name: a
            resources:
              limits: {cpu: "2", memory: 4Gi, nvidia.com/gpu: 1}
          - name: b
            resources:
              requests: {cpu: 250m, memory: 512Mi}
              limits: {cpu: "1", memory: 1Gi}
        """));
    // max(2 + 0.25 + 0.5 sidecar, 3 init) + 0.1 overhead
    assertThat(d.cpuMilli()).isEqualTo(3100);
    assertThat(d.memoryBytes()).isEqualTo((4L << 30) + (512L << 20) + (128L << 20));
    assertThat(d.resources()).containsEntry("cpu", 3100L).containsEntry("nvidia.com/gpu", 1L);
    assertThat(d.containers().get(0).accelerators()).hasSize(1);
    assertThat(d.containers().get(1).hasAccelerators()).isFalse();
  }

  @Test
  void annotationsBecomeSelectorAndPolicies() {
    PodDemand d = parser.parse(pod("""
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
          annotations:
            nvidia.com/use-gputype: "A100, V100"
            nvidia.com/nouse-gpuuuid: GPU-1,GPU-2
            hami.io/node-scheduler-policy: spread
            hami.io/gpu-scheduler-policy: Binpack
        spec:
          containers:
          - name: c
            resources: {limits: {nvidia.com/gpu: 1}}
        """));
    assertThat(d.selector().useTypes()).containsExactly("A100", "V100");
    assertThat(d.selector().noUseUuids()).containsExactly("GPU-1", "GPU-2");
    assertThat(d.selector().appliesTo(Vendor.NVIDIA)).isTrue();
    assertThat(d.selector().appliesTo(Vendor.HUAWEI)).isFalse();
    assertThat(d.nodePolicy()).isEqualTo(Policy.SPREAD);
    assertThat(d.devicePolicy()).isEqualTo(Policy.BINPACK);
  }

  @Test
  void resourceVectorUsesCanonicalKeys() {
    PodDemand d = parser.parse(podWithLimits(
        "cpu: '1', memory: 1Gi, nvidia.com/gpu: 2, nvidia.com/gpumem: 3000, nvidia.com/gpucores: 30, example.com/nic: 1"));
    assertThat(d.resources())
        .containsEntry("cpu", 1000L)
        .containsEntry("memory", 1L << 30)
        .containsEntry("nvidia.com/gpu", 2L)
        .containsEntry("nvidia.com/gpumem", 6000L)
        .containsEntry("nvidia.com/gpucores", 60L)
        .containsEntry("example.com/nic", 1L);
    PodDemand m = parser.parse(podWithLimits("metax-tech.com/sgpu: 2, metax-tech.com/vmemory: 4"));
    assertThat(m.resources())
        .containsEntry("metax-tech.com/sgpu", 2L)
        .containsEntry("metax-tech.com/share-memory-mib", 8192L)
        .containsEntry("metax-tech.com/share-cores", 200L);
  }

  // ---------------------------------------------------------------- validation

  private static InvalidSpecException error(Runnable r) {
    try {
      r.run();
    } catch (InvalidSpecException e) {
      return e;
    }
    throw new AssertionError("expected InvalidSpecException");
  }

  @Test
  void gpucoresOver100() {
    InvalidSpecException e = error(() -> parser.parse(podWithLimits("nvidia.com/gpu: 1, nvidia.com/gpucores: 120")));
    assertThat(e.field()).isEqualTo("spec.containers[0].resources.limits[nvidia.com/gpucores]");
    assertThat(e.reason()).isEqualTo("120 is over 100");
  }

  @Test
  void gpumemLargerThanAnyAllowedModel() {
    InvalidSpecException e = error(() -> parser.parse(podWithLimits("nvidia.com/gpu: 1, nvidia.com/gpumem: 200000")));
    assertThat(e.field()).isEqualTo("spec.containers[0].resources.limits[nvidia.com/gpumem]");
    assertThat(e.reason()).isEqualTo("200000 MiB is larger than any allowed model (largest: H200-141GB with 144384 MiB)");
    // allowed by the type annotation: only A100s
    InvalidSpecException typed = error(() -> parser.parse(pod("""
        apiVersion: v1
        kind: Pod
        metadata: {name: p, annotations: {nvidia.com/use-gputype: A100}}
        spec:
          containers:
          - name: c
            resources: {limits: {nvidia.com/gpu: 1, nvidia.com/gpumem: 90000}}
        """)));
    assertThat(typed.reason()).contains("largest: A100-80GB with 81920 MiB");
  }

  @Test
  void extendedRequestsMustEqualLimits() {
    InvalidSpecException e = error(() -> parser.parse(pod("""
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: c
            resources:
              limits: {nvidia.com/gpu: 1}
              requests: {nvidia.com/gpu: 2}
        """)));
    assertThat(e.field()).isEqualTo("spec.containers[0].resources.requests[nvidia.com/gpu]");
    assertThat(e.reason()).isEqualTo("2 must equal limits 1 for an extended resource");
  }

  @Test
  void fractionalWholeDeviceCount() {
    InvalidSpecException e = error(() -> parser.parse(podWithLimits("nvidia.com/gpu: 0.5")));
    assertThat(e.field()).isEqualTo("spec.containers[0].resources.limits[nvidia.com/gpu]");
    assertThat(e.reason()).isEqualTo("0.5 is fractional; a device count must be a whole number");
    assertThat(error(() -> parser.parse(podWithLimits("huawei.com/Ascend910: 500m"))).reason()).contains("fractional");
  }

  @Test
  void twoVendorsInOneContainer() {
    InvalidSpecException e = error(() -> parser.parse(podWithLimits("nvidia.com/gpu: 1, huawei.com/Ascend910: 1")));
    assertThat(e.field()).isEqualTo("spec.containers[0].resources");
    assertThat(e.reason()).isEqualTo("asks for nvidia.com/gpu and huawei.com/Ascend910: two accelerator vendors in one container");
  }

  @Test
  void migProfileNoModelHas() {
    InvalidSpecException e = error(() -> parser.parse(podWithLimits("nvidia.com/mig-5g.55gb: 1")));
    assertThat(e.field()).isEqualTo("spec.containers[0].resources.limits[nvidia.com/mig-5g.55gb]");
    assertThat(e.reason()).isEqualTo("MIG profile 5g.55gb exists on no catalog model");
  }

  @Test
  void otherValidationErrorsNameTheirField() {
    assertThat(error(() -> parser.parse(podWithLimits("nvidia.com/gpu: 1, nvidia.com/gpumem-percentage: 0"))).field())
        .isEqualTo("spec.containers[0].resources.limits[nvidia.com/gpumem-percentage]");
    assertThat(error(() -> parser.parse(podWithLimits("nvidia.com/gpu: -1"))).reason()).isEqualTo("-1 is negative");
    assertThat(error(() -> parser.parse(podWithLimits("huawei.com/Ascend310P-9c: 1"))).reason())
        .isEqualTo("vNPU template 9c does not exist on Ascend310P");
    assertThat(error(() -> parser.parse(podWithLimits("huawei.com/Ascend910B4: 1, huawei.com/Ascend910B4-memory: 40000")))
        .reason()).isEqualTo("40000 MiB is larger than Ascend910B4 (32768 MiB)");
    InvalidSpecException policy = error(() -> parser.parse(pod("""
        apiVersion: v1
        kind: Pod
        metadata: {name: p, annotations: {hami.io/gpu-scheduler-policy: tight}}
        spec: {containers: [{name: c}]}
        """)));
    assertThat(policy.field()).isEqualTo("metadata.annotations[hami.io/gpu-scheduler-policy]");
    InvalidSpecException types = error(() -> parser.parse(pod("""
        apiVersion: v1
        kind: Pod
        metadata: {name: p, annotations: {nvidia.com/use-gputype: " , "}}
        spec: {containers: [{name: c}]}
        """)));
    assertThat(types.field()).isEqualTo("metadata.annotations[nvidia.com/use-gputype]");
    assertThat(types.reason()).isEqualTo("lists no device type");
  }

  @Test
  void zeroCountsAskForNothing() {
    PodDemand d = parser.parse(podWithLimits("nvidia.com/gpu: 0, nvidia.com/gpumem: 1000"));
    assertThat(d.hasAccelerators()).isFalse();
  }
}
