package io.argosy.fhpa.spec;

import java.util.List;

/**
 * {@code autoscaling.karmada.io/v1alpha1} FederatedHPA, validated and defaulted as Karmada's webhook
 * does (minReplicas 1, metrics cpu 80 % when none, Kubernetes' behavior defaults).
 */
public record FederatedHpa(
    String namespace, String name, ScaleTargetRef scaleTargetRef, int minReplicas, int maxReplicas,
    List<MetricSpec> metrics, Behavior behavior) {

  public static final String API_VERSION = "autoscaling.karmada.io/v1alpha1";
  public static final String KIND = "FederatedHPA";

  public FederatedHpa {
    metrics = List.copyOf(metrics);
  }

  public String key() {
    return namespace + "/" + name;
  }

  /** The same HPA with other bounds (what a CronFederatedHPA rule applies). */
  public FederatedHpa withBounds(int min, int max) {
    return new FederatedHpa(namespace, name, scaleTargetRef, min, max, metrics, behavior);
  }
}
