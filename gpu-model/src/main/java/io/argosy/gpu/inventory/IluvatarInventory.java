package io.argosy.gpu.inventory;

import io.argosy.gpu.catalog.AcceleratorModel;
import io.argosy.gpu.catalog.Vendor;
import java.util.List;

/**
 * Iluvatar GPUs: HAMi's register annotations, HAMi's per-chip resources
 * ({@code iluvatar.ai/BI-V150-vgpu} with {@code .vCore} at 100 per card and {@code .vMem} in 256 MiB
 * units), HAMi's generic {@code iluvatar.ai/vgpu} with {@code vcuda-core}/{@code vcuda-memory}, the
 * gpu-manager form without {@code iluvatar.ai/vgpu} ({@code vcuda-core} 100 per card,
 * {@code vcuda-memory} in MiB) and whole {@code iluvatar.ai/gpu}.
 */
final class IluvatarInventory {
  private IluvatarInventory() {}

  static void read(NodeView n) {
    List<String> registered = Registers.addShared(n, Vendor.ILUVATAR);
    for (String r : n.resourceNames()) {
      if (r.startsWith("iluvatar.ai/")) {
        n.consumed.add(r);
      }
    }
    if (!registered.isEmpty()) {
      return;
    }
    long whole = n.capacity("iluvatar.ai/gpu");
    if (whole > 0) {
      AcceleratorModel m = n.model(Vendor.ILUVATAR).orElse(null);
      long healthy = n.allocatable("iluvatar.ai/gpu");
      for (int i = 0; i < whole; i++) {
        add(n, m, null, m == null ? 0 : m.memoryMiB(), DeviceMode.WHOLE, 1, i < healthy);
      }
    }
    for (String r : n.resourceNames()) {
      if (r.startsWith("iluvatar.ai/") && r.endsWith("-vgpu")) {
        String chip = r.substring("iluvatar.ai/".length(), r.length() - "-vgpu".length());
        shared(n, chip, r, "iluvatar.ai/" + chip + ".vCore", "iluvatar.ai/" + chip + ".vMem", 256);
      }
    }
    if (n.capacity("iluvatar.ai/vgpu") > 0) {
      shared(n, null, "iluvatar.ai/vgpu", "iluvatar.ai/vcuda-core", "iluvatar.ai/vcuda-memory", 256);
    } else if (n.capacity("iluvatar.ai/vcuda-core") > 0) {
      shared(n, null, null, "iluvatar.ai/vcuda-core", "iluvatar.ai/vcuda-memory", 1);
    }
  }

  private static void shared(NodeView n, String chip, String countResource, String coreResource, String memResource, long unitMiB) {
    long cores = n.capacity(coreResource);
    long slots = countResource == null ? 0 : n.capacity(countResource);
    long devices = cores >= 100 ? cores / 100 : Math.max(1, slots);
    AcceleratorModel m = chip == null ? n.model(Vendor.ILUVATAR).orElse(null) : n.model(Vendor.ILUVATAR, chip).orElse(null);
    long memTotal = n.capacity(memResource) * unitMiB;
    long memory = memTotal > 0 ? memTotal / devices : m == null ? 0 : m.memoryMiB();
    int split = (int) Math.max(1, slots > 0 ? slots / devices : 100);
    for (int i = 0; i < devices; i++) {
      add(n, m, chip, memory, DeviceMode.SHARE, split, true);
    }
  }

  private static void add(NodeView n, AcceleratorModel m, String chip, long memory, DeviceMode mode, int split, boolean healthy) {
    String shortId = n.nextShortId(Vendor.ILUVATAR);
    String name = m != null ? m.name() : chip != null ? chip : "Iluvatar";
    n.add(new Device(n.fullId(shortId), n.nextIndex(), Vendor.ILUVATAR, name, chip == null ? name : chip, memory, 100,
        mode, split, healthy, -1, List.of()));
  }
}
