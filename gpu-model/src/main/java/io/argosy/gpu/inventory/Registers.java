package io.argosy.gpu.inventory;

import io.argosy.gpu.catalog.AcceleratorModel;
import io.argosy.gpu.catalog.Vendor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HAMi's per-vendor register annotations other than NVIDIA's: {@code hami.io/node-register-<word>}
 * and {@code hami.io/node-<word>-register}, where the common word names the chip
 * ({@code Ascend910B3}, {@code BI-V150}, {@code MLU}).
 */
final class Registers {
  private Registers() {}

  /** The register annotations of a vendor, key to value, in key order. */
  static Map<String, String> of(NodeView n, Vendor vendor) {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, String> e : n.annotations.entrySet()) {
      String word = commonWord(e.getKey());
      if (word != null && vendorOf(n, word) == vendor) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  static String commonWord(String key) {
    if (!key.startsWith("hami.io/node-") || key.equals(NvidiaInventory.HAMI_REGISTER)) {
      return null;
    }
    String rest = key.substring("hami.io/node-".length());
    if (rest.startsWith("register-") && rest.length() > 9) {
      return rest.substring(9);
    }
    if (rest.endsWith("-register") && rest.length() > 9) {
      return rest.substring(0, rest.length() - 9);
    }
    return null;
  }

  static Vendor vendorOf(NodeView n, String word) {
    AcceleratorModel m = n.catalog.resolveProduct(word).orElse(null);
    if (m != null) {
      return m.vendor();
    }
    String w = word.toUpperCase(Locale.ROOT);
    if (w.contains("ASCEND")) {
      return Vendor.HUAWEI;
    }
    if (w.contains("MLU")) {
      return Vendor.CAMBRICON;
    }
    if (w.contains("ILUVATAR") || w.startsWith("BI-") || w.startsWith("MR-")) {
      return Vendor.ILUVATAR;
    }
    if (w.contains("METAX")) {
      return Vendor.METAX;
    }
    return Vendor.OTHER;
  }

  /**
   * Adds the registered devices of a vendor as SHARE devices. Compute is normalised to 100 per device
   * (HAMi registers Ascend compute as AI cores). Returns the common words seen.
   */
  static List<String> addShared(NodeView n, Vendor vendor) {
    List<String> words = new ArrayList<>();
    for (Map.Entry<String, String> e : of(n, vendor).entrySet()) {
      String word = commonWord(e.getKey());
      words.add(word);
      for (HamiRegister.Registered r : HamiRegister.decode(e.getValue(), e.getKey())) {
        String type = r.type().isEmpty() ? word : r.type();
        AcceleratorModel m = n.catalog.resolveProduct(type).filter(x -> x.vendor() == vendor)
            .or(() -> n.catalog.resolveProduct(word).filter(x -> x.vendor() == vendor)).orElse(null);
        n.nextShortId(vendor); // keeps per-vendor numbering in step; the register's id is the device id
        n.add(new Device(r.id(), n.nextIndex(), vendor, m == null ? type : m.name(), type, r.devmem(), 100,
            DeviceMode.SHARE, r.count(), r.health(), r.numa(), List.of()));
      }
    }
    return words;
  }
}
