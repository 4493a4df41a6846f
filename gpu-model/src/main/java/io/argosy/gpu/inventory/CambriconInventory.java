package io.argosy.gpu.inventory;

import io.argosy.gpu.catalog.AcceleratorModel;
import io.argosy.gpu.catalog.Vendor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cambricon MLUs by the device plugin's mode: dynamic sMLU ({@code cambricon.com/mlu.smlu.vcore} at
 * 100 per card, {@code .smlu.vmemory} in 256 MiB units, also per chip as
 * {@code cambricon.com/mlu370.smlu.vcore}), MIM ({@code cambricon.com/mlu.mim-2m.8gb}), env-share
 * ({@code cambricon.com/mlu.share}: equal shares of each card) and whole {@code cambricon.com/mlu}.
 */
final class CambriconInventory {
  private CambriconInventory() {}

  static void read(NodeView n) {
    List<String> registered = Registers.addShared(n, Vendor.CAMBRICON);
    Map<String, Long> mim = new TreeMap<>();
    String smluCores = null;
    for (String r : n.resourceNames()) {
      if (!r.startsWith("cambricon.com/")) {
        continue;
      }
      String rest = r.substring("cambricon.com/".length());
      if (rest.equals("mlu") || rest.equals("vmlu") || rest.equals("mlu.share") || rest.contains(".smlu.")
          || rest.startsWith("mlu.mim-")) {
        n.consumed.add(r);
      }
      if (rest.endsWith(".smlu.vcore") && n.capacity(r) > 0) {
        smluCores = r;
      }
      if (rest.startsWith("mlu.mim-") && n.capacity(r) > 0) {
        mim.put(rest.substring("mlu.mim-".length()), n.capacity(r));
      }
    }
    if (!registered.isEmpty()) {
      return;
    }
    long cards = n.capacity("cambricon.com/mlu");
    long shares = n.capacity("cambricon.com/mlu.share");
    if (smluCores != null) {
      smlu(n, smluCores);
    } else if (shares > 0) {
      envShare(n, shares, cards);
    } else if (cards > 0) {
      AcceleratorModel m = n.model(Vendor.CAMBRICON).orElse(null);
      long healthy = n.allocatable("cambricon.com/mlu");
      for (int i = 0; i < cards; i++) {
        add(n, m, null, m == null ? 0 : m.memoryMiB(), DeviceMode.WHOLE, 1, i < healthy, List.of(), -1);
      }
    }
    if (!mim.isEmpty()) {
      mim(n, mim);
    }
  }

  private static void smlu(NodeView n, String coreResource) {
    String prefix = coreResource.substring(0, coreResource.length() - "vcore".length());
    String chip = prefix.substring("cambricon.com/".length(), prefix.length() - ".smlu.".length());
    AcceleratorModel m = chip.equals("mlu") ? n.model(Vendor.CAMBRICON).orElse(null) : n.model(Vendor.CAMBRICON, chip).orElse(null);
    long devices = Math.max(1, n.capacity(coreResource) / 100);
    long memUnits = n.capacity(prefix + "vmemory");
    long memory = memUnits > 0 ? memUnits * 256 / devices : m == null ? 0 : m.memoryMiB();
    if (!chip.equals("mlu")) {
      // the chip names a family (mlu370): the card's memory tells its variant (X4 24 GiB, X8 48 GiB)
      for (AcceleratorModel c : n.catalog.modelsOf(Vendor.CAMBRICON)) {
        if (io.argosy.gpu.catalog.Catalog.typeMatches(c, chip) && c.memoryMiB() == memory) {
          m = c;
        }
      }
    }
    long slots = n.capacity("cambricon.com/vmlu");
    int split = (int) (slots > 0 ? Math.max(1, slots / devices) : 100);
    for (int i = 0; i < devices; i++) {
      add(n, m, chip.equals("mlu") ? null : chip, memory, DeviceMode.SHARE, split, true, List.of(), -1);
    }
  }

  private static void envShare(NodeView n, long shares, long cards) {
    AcceleratorModel m = n.model(Vendor.CAMBRICON).orElse(null);
    long devices = cards > 0 ? cards : 1;
    int perCard = (int) ((shares + devices - 1) / devices);
    long left = shares;
    for (int d = 0; d < devices; d++) {
      int here = (int) Math.min(perCard, left);
      left -= here;
      int index = n.nextIndex();
      String shortId = peekShortId(n);
      List<Partition> parts = new ArrayList<>();
      long mem = m == null ? 0 : m.memoryMiB() / perCard;
      for (int k = 0; k < here; k++) {
        parts.add(new Partition(shortId + "/share-" + k, "share", "cambricon.com/mlu.share", index, mem, 1, perCard));
      }
      add(n, m, null, m == null ? 0 : m.memoryMiB(), DeviceMode.PARTITIONED, Math.max(1, here), true, parts, index);
    }
  }

  private static void mim(NodeView n, Map<String, Long> counts) {
    AcceleratorModel m = n.model(Vendor.CAMBRICON).orElse(null);
    int slices = m == null || m.computeSlices() == 0 ? 6 : m.computeSlices();
    int memSlices = m == null ? 0 : m.memorySlices();
    for (List<PartitionPacker.Size> dev : PartitionPacker.pack(counts, m, null, slices, memSlices)) {
      int index = n.nextIndex();
      String shortId = peekShortId(n);
      List<Partition> parts = new ArrayList<>();
      Map<String, Integer> seq = new HashMap<>();
      for (PartitionPacker.Size s : dev) {
        int k = seq.merge(s.profile(), 1, Integer::sum) - 1;
        parts.add(new Partition(shortId + "/mim-" + s.profile() + "-" + k, s.profile(), "cambricon.com/mlu.mim-" + s.profile(),
            index, s.memoryMiB(), Math.min(s.computeSlices(), slices), slices));
      }
      add(n, m, null, m == null ? 0 : m.memoryMiB(), DeviceMode.PARTITIONED, Math.max(1, parts.size()), true, parts, index);
    }
  }

  /** The short id the next Cambricon device will get; {@link #add} then takes it. */
  private static String peekShortId(NodeView n) {
    long k = n.devices.stream().filter(d -> d.vendor() == Vendor.CAMBRICON).count();
    return NodeView.shortName(Vendor.CAMBRICON) + "-" + k;
  }

  private static void add(NodeView n, AcceleratorModel m, String chip, long memory, DeviceMode mode, int split,
      boolean healthy, List<Partition> parts, int expectedIndex) {
    String shortId = n.nextShortId(Vendor.CAMBRICON);
    int index = n.nextIndex();
    if (expectedIndex >= 0 && expectedIndex != index) {
      throw new IllegalStateException("device index moved");
    }
    String name = m != null ? m.name() : chip != null ? chip : "MLU";
    n.add(new Device(n.fullId(shortId), index, Vendor.CAMBRICON, name, chip == null ? name : chip, memory, 100, mode,
        split, healthy, -1, parts));
  }
}
