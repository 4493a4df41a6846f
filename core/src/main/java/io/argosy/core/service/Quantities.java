package io.argosy.core.service;

/** Milli-values as Kubernetes prints quantities: {@code 250m}, {@code 3}, {@code 1500m}. */
final class Quantities {
  private Quantities() {}

  static String milli(Long v) {
    if (v == null) {
      return null;
    }
    return v % 1000 == 0 ? String.valueOf(v / 1000) : v + "m";
  }
}
