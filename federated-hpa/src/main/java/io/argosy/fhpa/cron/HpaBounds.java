package io.argosy.fhpa.cron;

import io.argosy.fhpa.spec.FederatedHpa;

/** What a CronFederatedHPA rule does to a FederatedHPA's bounds. */
public final class HpaBounds {
  private HpaBounds() {}

  /**
   * The HPA with the rule's bounds; an absent bound is kept. Rejected (a failed execution, the HPA
   * unchanged) when the result would have min above max, as Karmada's validation would reject it.
   */
  public static FederatedHpa apply(FederatedHpa hpa, Integer min, Integer max) {
    int newMin = min == null ? hpa.minReplicas() : min;
    int newMax = max == null ? hpa.maxReplicas() : max;
    if (newMin > newMax) {
      throw new IllegalArgumentException("minReplicas " + newMin + " would be greater than maxReplicas " + newMax
          + " of FederatedHPA " + hpa.key());
    }
    return hpa.withBounds(newMin, newMax);
  }
}
