package io.argosy.scheduler.openb;

import io.argosy.gpu.InvalidSpecException;
import java.util.List;
import java.util.Locale;

/** The policies of the openb experiment by CLI name. */
public final class Policies {

  /** Every policy, ours first, then the paper's in its order of figures. */
  public static final List<String> NAMES =
      List.of("argosy", "fgd", "bestfit", "dotprod", "packing", "clustering", "random");

  private Policies() {}

  /** The canonical name for a CLI spelling ({@code best-fit}, {@code gpu-packing}, ...). */
  public static String canonical(String name) {
    String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT).replace("_", "-");
    String c =
        switch (n) {
          case "argosy", "ours" -> "argosy";
          case "fgd" -> "fgd";
          case "bestfit", "best-fit" -> "bestfit";
          case "dotprod", "dot-product", "dotproduct" -> "dotprod";
          case "packing", "gpu-packing", "gpupacking" -> "packing";
          case "clustering", "gpu-clustering", "gpuclustering" -> "clustering";
          case "random" -> "random";
          default -> null;
        };
    if (c == null) {
      throw new InvalidSpecException(
          "policy", "unknown policy '" + name + "', expected one of " + String.join(", ", NAMES));
    }
    return c;
  }

  /** A fresh policy for one run (policies may keep per-run state). */
  public static PlacementPolicy create(String name, OpenbData data, long seed) {
    return switch (canonical(name)) {
      case "argosy" -> new ArgosyPolicy(data.typicalMix(), data.nodes());
      case "fgd" -> new FgdPolicy(data.typicalMix());
      case "bestfit" -> new BestFitPolicy();
      case "dotprod" -> new DotProductPolicy();
      case "packing" -> new GpuPackingPolicy();
      case "clustering" -> new GpuClusteringPolicy();
      case "random" -> new RandomPolicy(seed * 31 + 7);
      default -> throw new IllegalStateException(name);
    };
  }
}
