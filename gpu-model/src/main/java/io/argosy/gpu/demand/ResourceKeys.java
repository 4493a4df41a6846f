package io.argosy.gpu.demand;

import io.argosy.gpu.catalog.Vendor;
import java.util.Map;

/**
 * Canonical keys of {@link PodDemand#resources()}, the vector queue quotas and fair share count:
 * <ul>
 *   <li>{@code cpu} (millicores), {@code memory} (bytes), other standard resources as written (bytes);
 *   <li>device counts under the counting resource name as written ({@code nvidia.com/gpu},
 *       {@code huawei.com/Ascend910B3}, {@code metax-tech.com/sgpu}); a share written without a count
 *       counts under the vendor's implied one ({@code cambricon.com/mlu});
 *   <li>partition instances under their resource name ({@code nvidia.com/mig-3g.40gb});
 *   <li>share totals (per-device amount times device count): NVIDIA (HAMi and Volcano names alike)
 *       under HAMi's names {@code nvidia.com/gpumem} (MiB), {@code nvidia.com/gpumem-percentage},
 *       {@code nvidia.com/gpucores}; other vendors under {@code <domain>/share-memory-mib},
 *       {@code <domain>/share-memory-percentage}, {@code <domain>/share-cores};
 *   <li>countable extended resources under their name.
 * </ul>
 */
public final class ResourceKeys {
  public static final String CPU = "cpu";
  public static final String MEMORY = "memory";

  private ResourceKeys() {}

  /** Key of the share memory total in MiB for a vendor. */
  public static String shareMemory(Vendor v) {
    return v == Vendor.NVIDIA ? "nvidia.com/gpumem" : domain(v) + "/share-memory-mib";
  }

  /** Key of the share memory-percentage total for a vendor. */
  public static String shareMemoryPercent(Vendor v) {
    return v == Vendor.NVIDIA ? "nvidia.com/gpumem-percentage" : domain(v) + "/share-memory-percentage";
  }

  /** Key of the share compute total (percent of a device) for a vendor. */
  public static String shareCores(Vendor v) {
    return v == Vendor.NVIDIA ? "nvidia.com/gpucores" : domain(v) + "/share-cores";
  }

  static void add(Map<String, Long> into, AcceleratorDemand a) {
    into.merge(a.resource(), a.count(), Long::sum);
    if (a.kind() != DemandKind.SHARE) {
      return;
    }
    if (a.memoryMiB() > 0) {
      into.merge(shareMemory(a.vendor()), a.memoryMiB() * a.count(), Long::sum);
    }
    if (a.memoryPercent() > 0) {
      into.merge(shareMemoryPercent(a.vendor()), (long) a.memoryPercent() * a.count(), Long::sum);
    }
    if (a.coresPercent() > 0) {
      into.merge(shareCores(a.vendor()), (long) a.coresPercent() * a.count(), Long::sum);
    }
  }

  private static String domain(Vendor v) {
    return v.domains().isEmpty() ? "other" : v.domains().get(0);
  }
}
