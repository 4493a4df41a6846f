package io.argosy.scheduler.fleet;

import io.argosy.gpu.InvalidSpecException;
import java.util.Locale;

/**
 * How nodes are preferred for a pod. {@link #BINPACK} and {@link #SPREAD} are Volcano's weighted
 * node score (with HAMi's device policy inside); {@link #FRAGMENTATION} places where the FGD
 * fragmentation measure grows least; {@link #ARGOSY}, the default, is the openb experiment's policy
 * (FGD made CPU- and model-aware, see the gang-scheduler README). Set per cluster with the label
 * {@value #LABEL} and per workload with the annotation of the same name; the workload wins.
 */
public enum PlacementMode {
  BINPACK,
  SPREAD,
  FRAGMENTATION,
  ARGOSY;

  /** Cluster label and job / pod-template annotation naming the mode. */
  public static final String LABEL = "argosy.io/placement-policy";

  /** Parses {@code binpack}, {@code spread} or {@code fragmentation}; null for null or blank. */
  public static PlacementMode parse(String text, String field) {
    if (text == null || text.isBlank()) {
      return null;
    }
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "binpack" -> BINPACK;
      case "spread" -> SPREAD;
      case "fragmentation", "fgd" -> FRAGMENTATION;
      case "argosy" -> ARGOSY;
      default -> throw new InvalidSpecException(field, "must be binpack, spread, fragmentation or argosy, got '" + text + "'");
    };
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
