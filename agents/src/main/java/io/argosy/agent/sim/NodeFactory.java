package io.argosy.agent.sim;

import io.argosy.gpu.InvalidSpecException;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Expands fleet-file node templates into the Node objects the real device plugins would leave
 * behind: capacity and allocatable resources, GPU Feature Discovery / Ascend / HAMi labels, and
 * HAMi's register and handshake annotations. See agents/README.md for the table per vendor and mode.
 */
public final class NodeFactory {
  static final String KUBELET_VERSION = "v1.30.4";
  /** A fixed handshake time so expanded nodes are identical run to run. */
  static final String HANDSHAKE = "Reported 2025-01-01 00:00:00";
  /** The label an admin puts on a pool whose plugin publishes no model (gpu-model reads it). */
  public static final String MODEL_LABEL = "argosy.io/accelerator-model";

  private NodeFactory() {}

  /** Every node of a template; {@code path} names the template in errors, e.g. {@code clusters[0].nodes[2]}. */
  public static List<Node> expand(NodeTemplate t, String path) {
    List<Node> nodes = new ArrayList<>(t.count());
    for (int i = 0; i < t.count(); i++) {
      nodes.add(node(t, t.namePrefix() + "-" + i, path));
    }
    return nodes;
  }

  static Node node(NodeTemplate t, String name, String path) {
    Map<String, String> labels = new TreeMap<>();
    labels.put("kubernetes.io/hostname", name);
    labels.put("kubernetes.io/os", "linux");
    labels.put("kubernetes.io/arch", "amd64");
    Map<String, String> annotations = new TreeMap<>();
    Map<String, Quantity> capacity = new TreeMap<>();
    capacity.put("cpu", new Quantity(t.cpu()));
    capacity.put("memory", new Quantity(t.memory()));
    capacity.put("pods", new Quantity(Integer.toString(t.pods())));
    capacity.put("ephemeral-storage", new Quantity("500Gi"));
    if (t.accelerator() != null) {
      Published p = publish(t.accelerator(), name, path + ".accelerator");
      labels.putAll(p.labels);
      annotations.putAll(p.annotations);
      p.resources.forEach((k, v) -> capacity.put(k, new Quantity(Long.toString(v))));
    }
    labels.putAll(t.labels());
    annotations.putAll(t.annotations());
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .endSpec()
        .withNewStatus()
        .withCapacity(capacity)
        .withAllocatable(capacity)
        .withConditions(readyConditions(true))
        .withNewNodeInfo()
        .withKubeletVersion(KUBELET_VERSION)
        .withArchitecture(labels.get("kubernetes.io/arch"))
        .withOperatingSystem("linux")
        .withContainerRuntimeVersion("containerd://1.7.20")
        .endNodeInfo()
        .endStatus()
        .build();
  }

  /** The conditions a healthy (or failed) kubelet reports. */
  public static List<NodeCondition> readyConditions(boolean ready) {
    List<NodeCondition> cs = new ArrayList<>();
    for (String type : List.of("MemoryPressure", "DiskPressure", "PIDPressure")) {
      cs.add(new NodeConditionBuilder().withType(type).withStatus("False").withReason("Kubelet" + "HasSufficient" + type.replace("Pressure", "")).build());
    }
    cs.add(new NodeConditionBuilder()
        .withType("Ready")
        .withStatus(ready ? "True" : "Unknown")
        .withReason(ready ? "KubeletReady" : "NodeStatusUnknown")
        .withMessage(ready ? "kubelet is posting ready status" : "Kubelet stopped posting node status.")
        .build());
    return cs;
  }

  /** What one node's device plugins publish. */
  static final class Published {
    final Map<String, String> labels = new LinkedHashMap<>();
    final Map<String, String> annotations = new LinkedHashMap<>();
    final Map<String, Long> resources = new LinkedHashMap<>();

    void add(String resource, long n) {
      resources.merge(resource, n, Long::sum);
    }
  }

  static Published publish(AcceleratorSpec a, String node, String path) {
    String vendor = SimHardware.normalVendor(a.vendor());
    SimHardware.Model m =
        SimHardware.model(vendor, a.model())
            .orElseThrow(() -> new InvalidSpecException(path + ".model",
                "unknown " + vendor + " model '" + a.model() + "'; known: " + SimHardware.modelNames(vendor)));
    Published p = new Published();
    switch (vendor) {
      case "nvidia" -> nvidia(a, m, node, path, p);
      case "huawei" -> ascend(a, m, path, p);
      case "metax" -> metax(a, m, path, p);
      case "cambricon" -> cambricon(a, m, path, p);
      default -> throw new InvalidSpecException(path + ".vendor", "unknown vendor '" + a.vendor() + "'");
    }
    return p;
  }

  // NVIDIA: GPU Feature Discovery labels + device plugin (whole, MIG single/mixed) or HAMi (vGPU).
  static void nvidia(AcceleratorSpec a, SimHardware.Model m, String node, String path, Published p) {
    int n = a.count();
    p.labels.put("nvidia.com/gpu.present", "true");
    p.labels.put("nvidia.com/gpu.family", m.family());
    p.labels.put("nvidia.com/gpu.machine", "SIM-" + m.name());
    p.labels.put("nvidia.com/cuda.driver.major", "550");
    p.labels.put("nvidia.com/mig.capable", Boolean.toString(m.computeSlices() > 0));
    switch (a.mode()) {
      case WHOLE -> {
        gfdWhole(m, n, p);
        p.labels.put("nvidia.com/mig.strategy", "none");
        p.add("nvidia.com/gpu", n);
      }
      case MIG_SINGLE -> {
        List<String> layout = layout(a, m, path);
        String profile = layout.get(0);
        if (layout.stream().anyMatch(x -> !x.equals(profile))) {
          throw new InvalidSpecException(path + ".migConfig", "the single strategy needs one profile on every GPU, got " + layout);
        }
        SimHardware.Profile pr = m.profile(profile).orElseThrow();
        p.labels.put("nvidia.com/mig.strategy", "single");
        p.labels.put("nvidia.com/mig.config", migConfigLabel(a.migConfig()));
        p.labels.put("nvidia.com/mig.config.state", "success");
        p.labels.put("nvidia.com/gpu.product", m.product() + "-MIG-" + profile);
        p.labels.put("nvidia.com/gpu.count", Integer.toString(n * layout.size()));
        p.labels.put("nvidia.com/gpu.memory", Long.toString(pr.memoryMiB()));
        p.labels.put("nvidia.com/gpu.slices.gi", Integer.toString(pr.computeSlices()));
        p.labels.put("nvidia.com/gpu.slices.ci", Integer.toString(pr.computeSlices()));
        p.add("nvidia.com/gpu", (long) n * layout.size());
      }
      case MIG_MIXED -> {
        List<String> layout = layout(a, m, path);
        gfdWhole(m, n, p);
        p.labels.put("nvidia.com/mig.strategy", "mixed");
        p.labels.put("nvidia.com/mig.config", migConfigLabel(a.migConfig()));
        p.labels.put("nvidia.com/mig.config.state", "success");
        p.add("nvidia.com/gpu", 0);
        Map<String, Integer> perGpu = new TreeMap<>();
        layout.forEach(x -> perGpu.merge(x, 1, Integer::sum));
        perGpu.forEach((profile, k) -> {
          SimHardware.Profile pr = m.profile(profile).orElseThrow();
          String res = "nvidia.com/mig-" + profile;
          p.add(res, (long) k * n);
          p.labels.put(res + ".count", Integer.toString(k * n));
          p.labels.put(res + ".memory", Long.toString(pr.memoryMiB()));
          p.labels.put(res + ".slices.gi", Integer.toString(pr.computeSlices()));
          p.labels.put(res + ".slices.ci", Integer.toString(pr.computeSlices()));
        });
      }
      case SHARE -> {
        // HAMi: the device plugin registers split-count virtual devices per GPU and writes the register annotation.
        gfdWhole(m, n, p);
        p.labels.put("nvidia.com/mig.strategy", "none");
        p.labels.put("gpu", "on");
        int split = a.splitCount() > 0 ? a.splitCount() : 10;
        p.add("nvidia.com/gpu", (long) n * split);
        StringBuilder reg = new StringBuilder();
        for (int i = 0; i < n; i++) {
          reg.append(gpuUuid(node, i)).append(',').append(split).append(',').append(m.memoryMiB()).append(",100,")
              .append(m.hamiType()).append(',').append(i < (n + 1) / 2 ? 0 : 1).append(",true:");
        }
        p.annotations.put("hami.io/node-nvidia-register", reg.toString());
        p.annotations.put("hami.io/node-handshake", HANDSHAKE);
      }
      case PARTITIONED -> throw new InvalidSpecException(path + ".mode", "NVIDIA partitions are MIG: use mig-single or mig-mixed");
    }
  }

  /**
   * The mig-parted config name as the label shows it. A fleet file's profile list stands for an
   * admin's own mig-parted entry; label values cannot hold commas, so it shows as {@code custom}.
   */
  static String migConfigLabel(String migConfig) {
    return migConfig.contains(",") ? "custom" : migConfig;
  }

  static void gfdWhole(SimHardware.Model m, int n, Published p) {
    p.labels.put("nvidia.com/gpu.product", m.product());
    p.labels.put("nvidia.com/gpu.count", Integer.toString(n));
    p.labels.put("nvidia.com/gpu.memory", Long.toString(m.memoryMiB()));
  }

  /** HAMi's register annotation carries each GPU's UUID; derive a stable one from node and index. */
  public static String gpuUuid(String node, int index) {
    return "GPU-" + UUID.nameUUIDFromBytes((node + "/" + index).getBytes(StandardCharsets.UTF_8));
  }

  // Huawei Ascend: MindX device plugin resources and node labels; vNPU templates as static resources.
  static void ascend(AcceleratorSpec a, SimHardware.Model m, String path, Published p) {
    String chip = m.name().startsWith("Ascend910") ? "Ascend910" : m.name();
    p.labels.put("accelerator", "huawei-" + chip);
    p.labels.put("huawei.com.ascend/Driver", "installed");
    boolean arm = chip.equals("Ascend910");
    p.labels.put("host-arch", arm ? "huawei-arm" : "huawei-x86");
    p.labels.put("kubernetes.io/arch", arm ? "arm64" : "amd64");
    p.labels.put("accelerator-type", chip.equals("Ascend310P") ? "card" : m.name().equals("Ascend910B3") ? "module-910b-8" : "module");
    p.labels.put("node.kubernetes.io/npu.chip.name", m.name().replace("Ascend", ""));
    switch (a.mode()) {
      case WHOLE -> p.add("huawei.com/" + chip, a.count());
      case PARTITIONED -> {
        List<String> layout = layout(a, m, path);
        // every chip of the node is cut the same way; split chips leave the whole-chip count
        p.add("huawei.com/" + chip, 0);
        for (String profile : layout) {
          p.add("huawei.com/" + chip + "-" + profile, a.count());
        }
        p.add("huawei.com/npu-core", (long) a.count() * m.computeSlices());
      }
      default -> throw new InvalidSpecException(path + ".mode", "Ascend nodes are whole or vnpu, got " + a.mode());
    }
  }

  // Metax: gpu-device plugin (whole) or sGPU shares.
  static void metax(AcceleratorSpec a, SimHardware.Model m, String path, Published p) {
    p.labels.put("metax-tech.com/gpu.product", m.product());
    switch (a.mode()) {
      case WHOLE -> p.add("metax-tech.com/gpu", a.count());
      case SHARE -> {
        int split = a.splitCount() > 0 ? a.splitCount() : 10;
        p.labels.put("metax-tech.com/sgpu", "on");
        p.add("metax-tech.com/sgpu", (long) a.count() * split);
        p.add("metax-tech.com/vcore", a.count() * 100L);
        p.add("metax-tech.com/vmemory", a.count() * (m.memoryMiB() / 1024));
      }
      default -> throw new InvalidSpecException(path + ".mode", "Metax nodes are whole or share, got " + a.mode());
    }
  }

  // Cambricon: mlu (whole), MIM static profiles, or dynamic sMLU shares (memory in 256 MiB units).
  static void cambricon(AcceleratorSpec a, SimHardware.Model m, String path, Published p) {
    // Cambricon's plugin publishes no model label: the admin labels the pool, as gpu-model expects
    p.labels.put(MODEL_LABEL, m.name());
    switch (a.mode()) {
      case WHOLE -> p.add("cambricon.com/mlu", a.count());
      case PARTITIONED -> {
        p.labels.put("cambricon.com/mlu.mode", "mim");
        for (String profile : layout(a, m, path)) {
          p.add("cambricon.com/mlu.mim-" + profile, a.count());
        }
      }
      case SHARE -> {
        int split = a.splitCount() > 0 ? a.splitCount() : 10;
        p.labels.put("cambricon.com/mlu.mode", "dynamic-smlu");
        p.add("cambricon.com/vmlu", (long) a.count() * split);
        p.add("cambricon.com/mlu.smlu.vcore", a.count() * 100L);
        p.add("cambricon.com/mlu.smlu.vmemory", a.count() * (m.memoryMiB() / 256));
      }
      default -> throw new InvalidSpecException(path + ".mode", "Cambricon nodes are whole, mim or share, got " + a.mode());
    }
  }

  /**
   * The profiles one device is cut into. {@code all-<profile>} fills the device with as many as its
   * slices allow (mig-parted's meaning); a named layout comes from the model; otherwise a comma list.
   */
  static List<String> layout(AcceleratorSpec a, SimHardware.Model m, String path) {
    String field = path + ".migConfig";
    String cfg = a.migConfig();
    if (cfg == null || cfg.isBlank()) {
      throw new InvalidSpecException(field, "required for mode " + a.mode().name().toLowerCase().replace('_', '-'));
    }
    if (m.profiles().isEmpty()) {
      throw new InvalidSpecException(path + ".model", m.name() + " cannot be partitioned");
    }
    List<String> layout;
    if (m.layouts().containsKey(cfg)) {
      layout = m.layouts().get(cfg);
    } else if (cfg.startsWith("all-")) {
      String profile = cfg.substring(4);
      SimHardware.Profile pr = m.profile(profile).orElseThrow(() -> unknownProfile(field, m, profile));
      int k = Math.min(m.computeSlices() / pr.computeSlices(), m.memorySlices() / pr.memorySlices());
      layout = java.util.Collections.nCopies(k, pr.name());
    } else {
      layout = new ArrayList<>();
      for (String s : cfg.split(",")) {
        String profile = s.strip();
        layout.add(m.profile(profile).orElseThrow(() -> unknownProfile(field, m, profile)).name());
      }
    }
    int c = 0;
    int mem = 0;
    for (String x : layout) {
      SimHardware.Profile pr = m.profile(x).orElseThrow();
      c += pr.computeSlices();
      mem += pr.memorySlices();
    }
    if (c > m.computeSlices() || mem > m.memorySlices()) {
      throw new InvalidSpecException(field, "layout " + layout + " needs " + c + " compute and " + mem
          + " memory slices; " + m.name() + " has " + m.computeSlices() + " and " + m.memorySlices());
    }
    return List.copyOf(layout);
  }

  static InvalidSpecException unknownProfile(String field, SimHardware.Model m, String profile) {
    return new InvalidSpecException(field, "unknown profile '" + profile + "' for " + m.name() + "; known: "
        + m.profiles().stream().map(SimHardware.Profile::name).toList());
  }
}
