package io.argosy.gpu.score;

import java.util.Locale;

/** Binpack or spread, at node level or device level (HAMi's and Volcano's vocabulary). */
public enum Policy {
  BINPACK,
  SPREAD;

  /** Parses {@code binpack} / {@code spread} case-insensitively; null for null or blank. */
  public static Policy parse(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    return switch (s.strip().toLowerCase(Locale.ROOT)) {
      case "binpack" -> BINPACK;
      case "spread" -> SPREAD;
      default -> throw new IllegalArgumentException("must be binpack or spread, got '" + s + "'");
    };
  }
}
