package io.argosy.gpu.catalog;

import java.util.Locale;

/**
 * Normalises the product strings device plugins publish so that they compare equal to catalog
 * names and aliases: GFD's {@code NVIDIA-A100-SXM4-80GB}, HAMi's {@code NVIDIA-NVIDIA A100-SXM4-80GB},
 * nvidia-smi's {@code Tesla V100-SXM2-32GB}, MIG-single's {@code NVIDIA-A100-SXM4-40GB-MIG-1g.5gb}.
 */
public final class ProductNames {
  private ProductNames() {}

  /** Upper case, spaces and underscores to '-', vendor prefixes and a MIG suffix removed. */
  public static String normalize(String product) {
    if (product == null) {
      return "";
    }
    String s = product.strip().toUpperCase(Locale.ROOT).replace(' ', '-').replace('_', '-');
    while (s.contains("--")) {
      s = s.replace("--", "-");
    }
    int mig = s.indexOf("-MIG-");
    if (mig > 0) {
      s = s.substring(0, mig);
    }
    boolean stripped = true;
    while (stripped) {
      stripped = false;
      for (String prefix : new String[] {"NVIDIA-", "TESLA-", "GEFORCE-", "HUAWEI-", "CAMBRICON-", "ILUVATAR-", "METAX-"}) {
        if (s.startsWith(prefix) && s.length() > prefix.length()) {
          s = s.substring(prefix.length());
          stripped = true;
        }
      }
    }
    return s;
  }

  /** True when {@code family} occurs in {@code normalized} between '-' boundaries (or the ends). */
  static boolean containsToken(String normalized, String family) {
    int from = 0;
    while (true) {
      int at = normalized.indexOf(family, from);
      if (at < 0) {
        return false;
      }
      int end = at + family.length();
      boolean startOk = at == 0 || normalized.charAt(at - 1) == '-';
      boolean endOk = end == normalized.length() || normalized.charAt(end) == '-';
      if (startOk && endOk) {
        return true;
      }
      from = at + 1;
    }
  }
}
