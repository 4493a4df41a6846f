package io.argosy.fhpa.spec;

import java.util.List;

/** {@code autoscaling.karmada.io/v1alpha1} CronFederatedHPA: scheduled replicas for a workload, or bounds for a FederatedHPA. */
public record CronFederatedHpa(String namespace, String name, ScaleTargetRef scaleTargetRef, List<CronRule> rules) {
  public static final String KIND = "CronFederatedHPA";

  public CronFederatedHpa {
    rules = List.copyOf(rules);
  }

  public String key() {
    return namespace + "/" + name;
  }
}
