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
 * Huawei Ascend NPUs: HAMi's register annotations (shared by memory templates), the Ascend device
 * plugin's whole-card counts ({@code huawei.com/Ascend910}, {@code huawei.com/Ascend310P},
 * HAMi's per-chip {@code huawei.com/Ascend910B3}) and its static vNPUs
 * ({@code huawei.com/Ascend310P-2c}); split cards leave the whole-card count, so every vNPU
 * count adds chips of its own, packed by AI cores.
 */
final class AscendInventory {
  /** MindCluster node label naming the chip, e.g. {@code 910B3}. */
  static final String CHIP_LABEL = "node.kubernetes.io/npu.chip.name";

  private AscendInventory() {}

  static void read(NodeView n) {
    List<String> registered = Registers.addShared(n, Vendor.HUAWEI);
    Map<String, Long> whole = new TreeMap<>();
    Map<String, Map<String, Long>> vnpus = new TreeMap<>();
    for (String r : n.resourceNames()) {
      if (!r.startsWith("huawei.com/")) {
        continue;
      }
      String rest = r.substring("huawei.com/".length());
      if (rest.equals("npu-core")) {
        n.consumed.add(r);
        continue;
      }
      if (!rest.startsWith("Ascend")) {
        continue;
      }
      n.consumed.add(r);
      int dash = rest.indexOf('-');
      if (dash < 0) {
        whole.put(rest, n.capacity(r));
      } else if (!rest.endsWith("-memory")) {
        vnpus.computeIfAbsent(rest.substring(0, dash), k -> new TreeMap<>()).put(rest.substring(dash + 1), n.capacity(r));
      }
    }
    for (Map.Entry<String, Long> e : whole.entrySet()) {
      String chip = e.getKey();
      if (registeredCovers(registered, chip)) {
        continue; // HAMi's register lists these cards with their sharing state
      }
      AcceleratorModel m = model(n, chip);
      long healthy = n.allocatable("huawei.com/" + chip);
      for (int i = 0; i < e.getValue(); i++) {
        String shortId = n.nextShortId(Vendor.HUAWEI);
        n.add(new Device(n.fullId(shortId), n.nextIndex(), Vendor.HUAWEI, m == null ? chip : m.name(), chip,
            m == null ? 0 : m.memoryMiB(), 100, DeviceMode.WHOLE, splitOf(m), i < healthy, -1, List.of()));
      }
    }
    for (Map.Entry<String, Map<String, Long>> e : vnpus.entrySet()) {
      String chip = e.getKey();
      AcceleratorModel m = model(n, chip);
      int slices = m == null || m.computeSlices() == 0 ? 8 : m.computeSlices();
      Map<String, Long> counts = new TreeMap<>();
      e.getValue().forEach((p, c) -> {
        if (c > 0) {
          counts.put(p, c);
        }
      });
      for (List<PartitionPacker.Size> chipParts : PartitionPacker.pack(counts, m, null, slices, 0)) {
        String shortId = n.nextShortId(Vendor.HUAWEI);
        int index = n.nextIndex();
        List<Partition> parts = new ArrayList<>();
        Map<String, Integer> seq = new HashMap<>();
        for (PartitionPacker.Size s : chipParts) {
          int k = seq.merge(s.profile(), 1, Integer::sum) - 1;
          parts.add(new Partition(shortId + "/" + chip + "-" + s.profile() + "-" + k, s.profile(),
              "huawei.com/" + chip + "-" + s.profile(), index, s.memoryMiB(), Math.min(s.computeSlices(), slices), slices));
        }
        n.add(new Device(n.fullId(shortId), index, Vendor.HUAWEI, m == null ? chip : m.name(), chip,
            m == null ? 0 : m.memoryMiB(), 100, DeviceMode.PARTITIONED, parts.size(), true, -1, parts));
      }
    }
  }

  private static boolean registeredCovers(List<String> words, String chip) {
    for (String w : words) {
      if (w.equalsIgnoreCase(chip) || w.toUpperCase(Locale.ROOT).startsWith(chip.toUpperCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  /** The chip's model: a specific resource chip first, then MindCluster's chip label, then the family. */
  private static AcceleratorModel model(NodeView n, String chip) {
    String label = n.labels.get(CHIP_LABEL);
    boolean generic = chip.equals("Ascend910") || chip.equals("Ascend310");
    if (generic && label != null) {
      String l = label.startsWith("Ascend") ? label : "Ascend" + label;
      AcceleratorModel m = n.catalog.resolveProduct(l).filter(x -> x.vendor() == Vendor.HUAWEI).orElse(null);
      if (m != null) {
        return m;
      }
    }
    return n.catalog.resolveProduct(chip).filter(x -> x.vendor() == Vendor.HUAWEI).orElse(null);
  }

  /** A whole card can be carved into dynamic vNPUs (npu-core), at most one per AI core. */
  private static int splitOf(AcceleratorModel m) {
    return m == null || m.computeSlices() == 0 ? 1 : m.computeSlices();
  }
}
