package io.argosy.agent.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argosy.gpu.InvalidSpecException;
import io.fabric8.kubernetes.api.model.Node;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FleetFileTest {

  static Node only(String yamlNodes) {
    return FleetFile.parse("clusters:\n  - name: c\n    nodes:\n" + yamlNodes).clusters().get(0).nodes().get(0);
  }

  static Map<String, String> capacity(Node n) {
    return n.getStatus().getCapacity().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().toString()));
  }

  @Test
  void theSampleFleetCoversWhatTheDemoNeeds() {
    FleetSpec fleet = FleetFile.read(Path.of(System.getProperty("argosy.root"), "examples", "fleet.yaml"));
    assertThat(fleet.clusters()).hasSizeGreaterThanOrEqualTo(3);
    assertThat(fleet.clusters().stream().map(c -> c.labels().get("region")).collect(Collectors.toSet())).hasSize(fleet.clusters().size());
    assertThat(fleet.clusters().stream().map(c -> c.labels().get("provider")).collect(Collectors.toSet())).hasSizeGreaterThanOrEqualTo(3);
    assertThat(fleet.clusters()).filteredOn(c -> !c.taints().isEmpty()).hasSize(1);
    List<Node> all = fleet.clusters().stream().flatMap(c -> c.nodes().stream()).toList();
    Set<String> resources = all.stream().flatMap(n -> n.getStatus().getCapacity().keySet().stream()).collect(Collectors.toSet());
    assertThat(all).anyMatch(n -> "none".equals(n.getMetadata().getLabels().get("nvidia.com/mig.strategy"))
        && n.getMetadata().getAnnotations().get("hami.io/node-nvidia-register") == null);
    assertThat(all).anyMatch(n -> "mixed".equals(n.getMetadata().getLabels().get("nvidia.com/mig.strategy")));
    assertThat(all).anyMatch(n -> n.getMetadata().getAnnotations().containsKey("hami.io/node-nvidia-register"));
    assertThat(resources).contains("huawei.com/Ascend910", "huawei.com/Ascend310P-2c");
    assertThat(resources).containsAnyOf("cambricon.com/mlu", "metax-tech.com/gpu");
    assertThat(fleet.clusters()).anyMatch(ClusterSpec::volcano);
  }

  @Test
  void nvidiaWholeGetsGfdLabelsAndTheCountResource() {
    Node n = only("      - {namePrefix: g, cpu: '64', memory: 512Gi, accelerator: {vendor: nvidia, model: A100-80GB, count: 8}}\n");
    assertThat(n.getMetadata().getName()).isEqualTo("g-0");
    assertThat(capacity(n)).containsEntry("nvidia.com/gpu", "8").containsEntry("cpu", "64").containsEntry("memory", "512Gi");
    assertThat(n.getMetadata().getLabels()).containsEntry("nvidia.com/gpu.product", "NVIDIA-A100-SXM4-80GB")
        .containsEntry("nvidia.com/gpu.memory", "81920").containsEntry("nvidia.com/gpu.count", "8")
        .containsEntry("nvidia.com/mig.strategy", "none").containsEntry("kubernetes.io/hostname", "g-0");
  }

  @Test
  void migMixedPublishesOneResourcePerProfile() {
    Node n = only("      - {namePrefix: m, accelerator: {vendor: nvidia, model: A100-80GB, count: 4, mode: mig-mixed, migConfig: all-balanced}}\n");
    assertThat(capacity(n)).containsEntry("nvidia.com/mig-1g.10gb", "8").containsEntry("nvidia.com/mig-2g.20gb", "4")
        .containsEntry("nvidia.com/mig-3g.40gb", "4").containsEntry("nvidia.com/gpu", "0");
    assertThat(n.getMetadata().getLabels()).containsEntry("nvidia.com/mig.config", "all-balanced")
        .containsEntry("nvidia.com/mig-3g.40gb.count", "4").containsEntry("nvidia.com/mig-3g.40gb.memory", "40960");
  }

  @Test
  void migSinglePublishesInstancesAsGpus() {
    Node n = only("      - {namePrefix: s, accelerator: {vendor: nvidia, model: A100-40GB, count: 8, mode: mig-single, migConfig: all-1g.5gb}}\n");
    assertThat(capacity(n)).containsEntry("nvidia.com/gpu", "56");
    assertThat(n.getMetadata().getLabels()).containsEntry("nvidia.com/mig.strategy", "single")
        .containsEntry("nvidia.com/gpu.product", "NVIDIA-A100-SXM4-40GB-MIG-1g.5gb").containsEntry("nvidia.com/gpu.memory", "5120");
  }

  @Test
  void hamiRegistersEveryGpuWithItsSplitCount() {
    Node n = only("      - {namePrefix: v, accelerator: {vendor: nvidia, model: L40S, count: 4, mode: vgpu, splitCount: 5}}\n");
    assertThat(capacity(n)).containsEntry("nvidia.com/gpu", "20");
    String reg = n.getMetadata().getAnnotations().get("hami.io/node-nvidia-register");
    String[] devices = reg.split(":");
    assertThat(devices).hasSize(4);
    for (int i = 0; i < 4; i++) {
      String[] f = devices[i].split(",");
      assertThat(f).hasSize(7);
      assertThat(f[0]).isEqualTo(NodeFactory.gpuUuid("v-0", i)).startsWith("GPU-");
      assertThat(f[1]).isEqualTo("5");
      assertThat(f[2]).isEqualTo("46068");
      assertThat(f[3]).isEqualTo("100");
      assertThat(f[4]).isEqualTo("NVIDIA-NVIDIA L40S");
      assertThat(f[6]).isEqualTo("true");
    }
    assertThat(n.getMetadata().getAnnotations()).containsKey("hami.io/node-handshake");
    assertThat(n.getMetadata().getLabels()).containsEntry("gpu", "on");
  }

  @Test
  void ascendWholeAndStaticVnpu() {
    Node whole = only("      - {namePrefix: a, accelerator: {vendor: ascend, model: Ascend910, count: 8}}\n");
    assertThat(capacity(whole)).containsEntry("huawei.com/Ascend910", "8");
    assertThat(whole.getMetadata().getLabels()).containsEntry("accelerator", "huawei-Ascend910")
        .containsEntry("huawei.com.ascend/Driver", "installed").containsEntry("host-arch", "huawei-arm")
        .containsEntry("kubernetes.io/arch", "arm64");
    Node vnpu = only("      - {namePrefix: p, accelerator: {vendor: huawei, model: Ascend310P, count: 4, mode: vnpu, migConfig: '4c,2c,2c'}}\n");
    assertThat(capacity(vnpu)).containsEntry("huawei.com/Ascend310P", "0").containsEntry("huawei.com/Ascend310P-4c", "4")
        .containsEntry("huawei.com/Ascend310P-2c", "8");
  }

  @Test
  void metaxAndCambricon() {
    assertThat(capacity(only("      - {namePrefix: x, accelerator: {vendor: metax, model: C500, count: 8}}\n")))
        .containsEntry("metax-tech.com/gpu", "8");
    assertThat(capacity(only("      - {namePrefix: x, accelerator: {vendor: metax, model: C500, count: 2, mode: share, splitCount: 4}}\n")))
        .containsEntry("metax-tech.com/sgpu", "8").containsEntry("metax-tech.com/vcore", "200").containsEntry("metax-tech.com/vmemory", "128");
    assertThat(capacity(only("      - {namePrefix: x, accelerator: {vendor: cambricon, model: MLU370-X8, count: 8}}\n")))
        .containsEntry("cambricon.com/mlu", "8");
    assertThat(capacity(only("      - {namePrefix: x, accelerator: {vendor: cambricon, model: MLU370-X8, count: 2, mode: mim, migConfig: all-6m.24gb}}\n")))
        .containsEntry("cambricon.com/mlu.mim-6m.24gb", "4");
  }

  @Test
  void fullNodeManifestsAreTakenAsWritten() {
    Node n = only("""
              - apiVersion: v1
                kind: Node
                metadata: {name: custom, labels: {team: a}}
                status: {allocatable: {cpu: "2", memory: 4Gi, pods: "10"}, capacity: {cpu: "2", memory: 4Gi, pods: "10"}}
        """);
    assertThat(n.getMetadata().getName()).isEqualTo("custom");
    assertThat(n.getMetadata().getLabels()).containsEntry("team", "a");
  }

  static void rejects(String yaml, String field, String words) {
    assertThatThrownBy(() -> FleetFile.parse(yaml)).isInstanceOf(InvalidSpecException.class)
        .satisfies(e -> {
          assertThat(((InvalidSpecException) e).field()).isEqualTo(field);
          assertThat(((InvalidSpecException) e).reason()).contains(words);
        });
  }

  @Test
  void badInputNamesTheFieldPath() {
    rejects("nodes: []", "clusters", "non-empty");
    rejects("clusters:\n  - name: Bad_Name\n    nodes: [{namePrefix: a}]", "clusters[0].name", "DNS-1123");
    rejects("clusters:\n  - name: a\n    nodes: [{namePrefix: a}]\n  - name: a\n    nodes: [{namePrefix: a}]", "clusters[1].name", "duplicate");
    rejects("clusters:\n  - name: a\n    nodes:\n      - {namePrefix: n}\n      - {namePrefix: g, accelerator: {vendor: nvidia, model: A100-80GB, mode: turbo}}",
        "clusters[0].nodes[1].accelerator.mode", "turbo");
    rejects("clusters:\n  - name: a\n    nodes: [{namePrefix: g, accelerator: {vendor: nvidia, model: Z9000}}]",
        "clusters[0].nodes[0].accelerator.model", "Z9000");
    rejects("clusters:\n  - name: a\n    nodes: [{namePrefix: g, accelerator: {vendor: nvidia, model: A100-80GB, mode: mig-mixed, migConfig: '7g.80gb,1g.10gb'}}]",
        "clusters[0].nodes[0].accelerator.migConfig", "compute");
    rejects("clusters:\n  - name: a\n    nodes: [{namePrefix: g, accelerator: {vendor: nvidia, model: T4, mode: mig-mixed, migConfig: all-1g.5gb}}]",
        "clusters[0].nodes[0].accelerator.model", "cannot be partitioned");
    rejects("clusters:\n  - name: a\n    taints: [{key: k, effect: Sometimes}]\n    nodes: [{namePrefix: g}]", "clusters[0].taints[0].effect", "NoSchedule");
    rejects("clusters:\n  - name: a\n    nodes: [{namePrefix: g, count: -2}]", "clusters[0].nodes[0].count", "positive");
    rejects("clusters:\n  - name: a\n    nodes: [{namePrefix: g, memory: lots}]", "clusters[0].nodes[0].memory", "quantity");
    rejects("clusters:\n  - name: a\n    nodes: [{namePrefix: g, count: 2}, {namePrefix: g}]", "clusters[0].nodes[1]", "duplicate node name 'g-0'");
  }
}
