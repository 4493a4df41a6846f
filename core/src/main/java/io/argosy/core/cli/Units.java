package io.argosy.core.cli;

import java.util.Locale;

/**
 * Humanised amounts for reports (not for input: {@link Quantities} gives exact Kubernetes
 * quantities): cpu in cores, memory in the largest binary unit with one decimal, device memory
 * keys (MiB) likewise, counts as they are.
 */
final class Units {
  private static final String[] BINARY = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};

  private Units() {}

  static String human(String key, Long amount) {
    if (amount == null) {
      return "-";
    }
    String base = key.contains("[") ? key.substring(0, key.indexOf('[')) : key;
    if (base.equals("cpu")) {
      return decimal(amount / 1000.0);
    }
    if (base.equals("memory") || base.equals("ephemeral-storage") || base.startsWith("hugepages-")) {
      return bytes(amount);
    }
    if (base.endsWith("/gpumem") || base.endsWith("/share-memory-mib") || base.endsWith("/vgpu-memory")) {
      return bytes(amount * 1024 * 1024);
    }
    return Long.toString(amount);
  }

  /** {@code 8704Gi} is {@code 8.5Ti}; {@code 0} is {@code 0}. */
  static String bytes(long b) {
    if (b == 0) {
      return "0";
    }
    double v = b;
    int u = 0;
    while (u < BINARY.length - 1 && Math.abs(v) >= 1024) {
      v /= 1024;
      u++;
    }
    return decimal(v) + BINARY[u];
  }

  /** One decimal, dropped when zero: {@code 12}, {@code 12.5}. */
  static String decimal(double v) {
    double r = Math.round(v * 10) / 10.0;
    return r == Math.rint(r) ? Long.toString((long) r) : String.format(Locale.ROOT, "%.1f", r);
  }
}
