package io.argosy.gpu.inventory;

import io.argosy.gpu.catalog.AcceleratorModel;
import io.argosy.gpu.catalog.Vendor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * NVIDIA devices of a node, from (in this order) HAMi's or Volcano's register annotation, DaoCloud's
 * {@code gpu.node.kpanda.io/nvidia-gpu-mode}, GPU Feature Discovery's MIG strategy labels, and the
 * plain device plugin's {@code nvidia.com/gpu} count.
 */
final class NvidiaInventory {
  static final String HAMI_REGISTER = "hami.io/node-nvidia-register";
  static final String VOLCANO_REGISTER = "volcano.sh/node-vgpu-register";
  static final String DCE_MODE = "gpu.node.kpanda.io/nvidia-gpu-mode";
  static final String GFD_PRODUCT = "nvidia.com/gpu.product";
  static final String GFD_MEMORY = "nvidia.com/gpu.memory";
  static final String GFD_COUNT = "nvidia.com/gpu.count";
  static final String MIG_STRATEGY = "nvidia.com/mig.strategy";
  static final String MIG_CONFIG = "nvidia.com/mig.config";

  private NvidiaInventory() {}

  static void read(NodeView n) {
    for (String r : n.resourceNames()) {
      if (r.equals("nvidia.com/gpu") || r.equals("nvidia.com/vgpu") || r.startsWith("nvidia.com/gpumem")
          || r.equals("nvidia.com/gpucores") || r.startsWith("nvidia.com/mig-") || r.startsWith("volcano.sh/")) {
        n.consumed.add(r);
      }
    }
    String register = n.annotations.get(HAMI_REGISTER);
    String registerKey = HAMI_REGISTER;
    if (register == null) {
      register = n.annotations.get(VOLCANO_REGISTER);
      registerKey = VOLCANO_REGISTER;
    }
    if (register != null) {
      registered(n, register, registerKey);
      return;
    }
    String product = n.labels.get(GFD_PRODUCT);
    AcceleratorModel model = n.model(Vendor.NVIDIA, product).orElse(null);
    String dce = n.labels.getOrDefault(DCE_MODE, "").toLowerCase(Locale.ROOT);
    if (dce.equals("vgpu") || (n.capacity("nvidia.com/vgpu") > 0 && !dce.equals("mig"))) {
      dceVgpu(n, model, product);
      return;
    }
    if (n.capacity("volcano.sh/gpu-memory") > 0) {
      volcanoGpuShare(n, model, product);
      return;
    }
    String strategy = n.labels.getOrDefault(MIG_STRATEGY, "none").toLowerCase(Locale.ROOT);
    if (strategy.equals("single") && n.capacity("nvidia.com/gpu") > 0) {
      migSingle(n, model, product);
      return;
    }
    boolean mixed = false;
    for (String r : n.resourceNames()) {
      mixed |= r.startsWith("nvidia.com/mig-") && n.capacity(r) > 0;
    }
    if (mixed) {
      migMixed(n, model, product);
    }
    whole(n, model, product, "nvidia.com/gpu");
  }

  private static void registered(NodeView n, String value, String key) {
    for (HamiRegister.Registered r : HamiRegister.decode(value, key)) {
      AcceleratorModel m = n.catalog.resolveProduct(r.type()).orElse(null);
      n.add(new Device(r.id(), n.nextIndex(), Vendor.NVIDIA, m == null ? r.type() : m.name(), r.type(),
          r.devmem(), r.devcore() <= 0 ? 100 : r.devcore(), DeviceMode.SHARE, r.count(), r.health(), r.numa(), List.of()));
    }
  }

  /** DaoCloud DCE vGPU: {@code nvidia.com/vgpu} is devices times split count. */
  private static void dceVgpu(NodeView n, AcceleratorModel model, String product) {
    long slots = n.capacity("nvidia.com/vgpu");
    long devices = 0;
    String countLabel = n.labels.get(GFD_COUNT);
    if (countLabel != null) {
      devices = parseCount(countLabel, GFD_COUNT);
    }
    if (devices <= 0) {
      devices = Math.max(1, (slots + 9) / 10); // HAMi's default split count is 10
    }
    int split = (int) Math.max(1, slots / devices);
    long memory = memory(n, model);
    for (int i = 0; i < devices; i++) {
      String shortId = n.nextShortId(Vendor.NVIDIA);
      n.add(new Device(n.fullId(shortId), n.nextIndex(), Vendor.NVIDIA, name(model, product), product(product),
          memory, 100, DeviceMode.SHARE, split, true, -1, List.of()));
    }
  }

  /** Volcano's older GPU share: {@code volcano.sh/gpu-number} devices sharing {@code volcano.sh/gpu-memory}. */
  private static void volcanoGpuShare(NodeView n, AcceleratorModel model, String product) {
    long devices = Math.max(1, n.capacity("volcano.sh/gpu-number"));
    long memory = n.capacity("volcano.sh/gpu-memory") / devices;
    for (int i = 0; i < devices; i++) {
      String shortId = n.nextShortId(Vendor.NVIDIA);
      n.add(new Device(n.fullId(shortId), n.nextIndex(), Vendor.NVIDIA, name(model, product), product(product),
          memory, 100, DeviceMode.SHARE, 100, true, -1, List.of()));
    }
  }

  /** GFD single strategy: {@code nvidia.com/gpu} counts MIG instances of one profile. */
  private static void migSingle(NodeView n, AcceleratorModel model, String product) {
    String profile = null;
    if (product != null) {
      int at = product.toUpperCase(Locale.ROOT).indexOf("-MIG-");
      if (at > 0) {
        profile = product.substring(at + 5);
      }
    }
    String config = n.labels.get(MIG_CONFIG);
    if (profile == null && config != null && config.startsWith("all-") && !config.equals("all-balanced")) {
      profile = config.substring(4);
    }
    if (profile == null) {
      throw NodeView.badLabel(GFD_PRODUCT, "MIG single strategy, but no MIG profile in the product or in " + MIG_CONFIG);
    }
    long instances = n.capacity("nvidia.com/gpu");
    long healthy = n.allocatable("nvidia.com/gpu");
    List<String> layout = model == null ? null : model.layouts().get("all-" + profile);
    int slices = model == null || model.computeSlices() == 0 ? 7 : model.computeSlices();
    int memSlices = model == null ? 0 : model.memorySlices();
    List<List<PartitionPacker.Size>> packed =
        PartitionPacker.pack(Map.of(profile, instances), model, layout, slices, memSlices);
    long seen = 0;
    for (List<PartitionPacker.Size> dev : packed) {
      boolean ok = seen + dev.size() <= healthy;
      seen += dev.size();
      addPartitioned(n, model, product, DeviceMode.MIG_SINGLE, dev, slices, p -> "nvidia.com/gpu", ok);
    }
  }

  /** GFD mixed strategy: {@code nvidia.com/mig-<profile>} counts, laid out per {@code nvidia.com/mig.config}. */
  private static void migMixed(NodeView n, AcceleratorModel model, String product) {
    Map<String, Long> counts = new TreeMap<>();
    for (String r : n.resourceNames()) {
      if (r.startsWith("nvidia.com/mig-")) {
        long c = n.capacity(r);
        if (c > 0) {
          counts.put(r.substring("nvidia.com/mig-".length()), c);
        }
      }
    }
    String config = n.labels.get(MIG_CONFIG);
    List<String> layout = model == null || config == null ? null : model.layouts().get(config);
    int slices = model == null || model.computeSlices() == 0 ? 7 : model.computeSlices();
    int memSlices = model == null ? 8 : model.memorySlices();
    Map<String, Long> unhealthy = new HashMap<>();
    counts.forEach((p, c) -> unhealthy.put(p, c - Math.min(c, n.allocatable("nvidia.com/mig-" + p))));
    // GFD's gpu.count counts physical GPUs; those still published as nvidia.com/gpu are whole, the rest carry MIG.
    long migDevices = 0;
    String countLabel = n.labels.get(GFD_COUNT);
    if (countLabel != null) {
      migDevices = Math.max(0, parseCount(countLabel, GFD_COUNT) - n.capacity("nvidia.com/gpu"));
    }
    for (List<PartitionPacker.Size> dev : PartitionPacker.pack(counts, model, layout, slices, memSlices, migDevices)) {
      boolean ok = true;
      for (PartitionPacker.Size s : dev) {
        long u = unhealthy.get(s.profile());
        if (u > 0) {
          unhealthy.put(s.profile(), u - 1);
          ok = false;
        }
      }
      addPartitioned(n, model, product, DeviceMode.MIG_MIXED, dev, slices, p -> "nvidia.com/mig-" + p, ok);
    }
  }

  private static void addPartitioned(NodeView n, AcceleratorModel model, String product, DeviceMode mode,
      List<PartitionPacker.Size> instances, int slices, java.util.function.Function<String, String> resource, boolean healthy) {
    String shortId = n.nextShortId(Vendor.NVIDIA);
    int index = n.nextIndex();
    List<Partition> parts = new ArrayList<>();
    Map<String, Integer> seq = new HashMap<>();
    for (PartitionPacker.Size s : instances) {
      int k = seq.merge(s.profile(), 1, Integer::sum) - 1;
      long mem = s.memoryMiB() > 0 ? s.memoryMiB() : memoryLabel(n, s.profile());
      parts.add(new Partition(shortId + "/mig-" + s.profile() + "-" + k, s.profile(), resource.apply(s.profile()), index,
          mem, Math.min(s.computeSlices(), slices), slices));
    }
    n.add(new Device(n.fullId(shortId), index, Vendor.NVIDIA, name(model, product), product(product), memory(n, model),
        100, mode, Math.max(1, parts.size()), healthy, -1, parts));
  }

  /** Plain device plugin: whole GPUs; allocatable below capacity marks the rest unhealthy. */
  static void whole(NodeView n, AcceleratorModel model, String product, String resource) {
    long total = n.capacity(resource);
    long healthy = n.allocatable(resource);
    for (int i = 0; i < total; i++) {
      String shortId = n.nextShortId(Vendor.NVIDIA);
      n.add(new Device(n.fullId(shortId), n.nextIndex(), Vendor.NVIDIA, name(model, product), product(product),
          memory(n, model), 100, DeviceMode.WHOLE, 1, i < healthy, -1, List.of()));
    }
  }

  private static long memory(NodeView n, AcceleratorModel model) {
    String label = n.labels.get(GFD_MEMORY);
    if (label != null && !n.labels.getOrDefault(MIG_STRATEGY, "none").equalsIgnoreCase("single")) {
      return parseCount(label, GFD_MEMORY);
    }
    return model == null ? 0 : model.memoryMiB();
  }

  private static long memoryLabel(NodeView n, String profile) {
    String l = n.labels.get("nvidia.com/mig-" + profile + ".memory");
    return l == null ? 0 : parseCount(l, "nvidia.com/mig-" + profile + ".memory");
  }

  private static long parseCount(String v, String label) {
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw NodeView.badLabel(label, "'" + v + "' is not a whole number");
    }
  }

  private static String name(AcceleratorModel model, String product) {
    return model != null ? model.name() : product == null ? "NVIDIA-GPU" : product;
  }

  private static String product(String product) {
    return product == null ? "" : product;
  }
}
