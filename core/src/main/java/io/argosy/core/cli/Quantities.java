package io.argosy.core.cli;

/** Formats gpu-model's units back into Kubernetes quantities for tables: millicores, bytes, counts. */
final class Quantities {
  private Quantities() {}

  static String format(String key, long amount) {
    String base = key.contains("[") ? key.substring(0, key.indexOf('[')) : key;
    if (base.equals("cpu")) {
      return amount % 1000 == 0 ? Long.toString(amount / 1000) : amount + "m";
    }
    if (base.equals("memory") || base.equals("ephemeral-storage") || base.startsWith("hugepages-")) {
      String[] units = {"", "Ki", "Mi", "Gi", "Ti", "Pi"};
      int u = 0;
      long v = amount;
      while (u < units.length - 1 && v >= 1024 && v % 1024 == 0) {
        v /= 1024;
        u++;
      }
      if (u < 3 && amount >= (1L << 30)) {
        return String.format(java.util.Locale.ROOT, "%.1fGi", amount / (double) (1L << 30));
      }
      return v + units[u];
    }
    return Long.toString(amount);
  }
}
