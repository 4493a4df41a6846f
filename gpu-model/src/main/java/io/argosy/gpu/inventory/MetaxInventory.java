package io.argosy.gpu.inventory;

import io.argosy.gpu.catalog.AcceleratorModel;
import io.argosy.gpu.catalog.Vendor;
import java.util.List;

/**
 * Metax GPUs: whole {@code metax-tech.com/gpu}, and sGPU nodes publishing {@code metax-tech.com/sgpu}
 * slots with {@code metax-tech.com/vcore} (100 per card) and {@code metax-tech.com/vmemory} (GiB).
 */
final class MetaxInventory {
  private MetaxInventory() {}

  static void read(NodeView n) {
    for (String r : n.resourceNames()) {
      if (r.equals("metax-tech.com/gpu") || r.equals("metax-tech.com/sgpu") || r.equals("metax-tech.com/vcore")
          || r.equals("metax-tech.com/vmemory")) {
        n.consumed.add(r);
      }
    }
    AcceleratorModel m = n.model(Vendor.METAX, n.labels.get("metax-tech.com/gpu.product")).orElse(null);
    long whole = n.capacity("metax-tech.com/gpu");
    long healthy = n.allocatable("metax-tech.com/gpu");
    for (int i = 0; i < whole; i++) {
      add(n, m, m == null ? 0 : m.memoryMiB(), DeviceMode.WHOLE, 1, i < healthy);
    }
    long slots = n.capacity("metax-tech.com/sgpu");
    if (slots > 0) {
      long cores = n.capacity("metax-tech.com/vcore");
      long devices = cores >= 100 ? cores / 100 : 1;
      long memGiB = n.capacity("metax-tech.com/vmemory");
      long memory = memGiB > 0 ? memGiB * 1024 / devices : m == null ? 0 : m.memoryMiB();
      for (int i = 0; i < devices; i++) {
        add(n, m, memory, DeviceMode.SHARE, (int) Math.max(1, slots / devices), true);
      }
    }
  }

  private static void add(NodeView n, AcceleratorModel m, long memory, DeviceMode mode, int split, boolean healthy) {
    String shortId = n.nextShortId(Vendor.METAX);
    String name = m == null ? "Metax-GPU" : m.name();
    n.add(new Device(n.fullId(shortId), n.nextIndex(), Vendor.METAX, name, name, memory, 100, mode, split, healthy, -1,
        List.of()));
  }
}
