package io.argosy.queue.manifest;

import io.argosy.gpu.InvalidSpecException;
import io.argosy.gpu.Quantities;
import io.argosy.queue.quota.ResourceKeys;
import io.argosy.queue.quota.ResourceVector;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;

/**
 * Quota and resource maps ({@code cpu: 2}, {@code memory: 64Gi}, {@code nvidia.com/gpu: 8},
 * {@code nvidia.com/gpu[H100]: 4}) in the units pod demand uses: cpu in millicores, memory and
 * storage in bytes, everything else as a whole count.
 */
final class QuotaQuantities {
  private QuotaQuantities() {}

  static ResourceVector vector(Map<String, Quantity> quantities, String path) {
    if (quantities == null || quantities.isEmpty()) {
      return ResourceVector.EMPTY;
    }
    ResourceVector.Builder b = ResourceVector.builder();
    for (Map.Entry<String, Quantity> e : quantities.entrySet()) {
      String key = e.getKey();
      String field = path + "[" + key + "]";
      String base;
      try {
        base = ResourceKeys.parse(key).base();
      } catch (IllegalArgumentException bad) {
        throw new InvalidSpecException(field, bad.getMessage());
      }
      b.put(key, amount(base, e.getValue(), field));
    }
    return b.build();
  }

  static long amount(String base, Quantity q, String field) {
    if (base.equals("cpu")) {
      return Quantities.cpuMilli(q, field);
    }
    if (base.equals("memory") || base.equals("ephemeral-storage") || base.equals("storage") || base.startsWith("hugepages-")) {
      return Quantities.bytes(q, field);
    }
    return Quantities.wholeCount(q, field, "a " + base + " amount");
  }
}
