package io.argosy.fhpa.algo;

import java.time.Instant;
import java.util.List;

/** FederatedHPA {@code status}. */
public record HpaStatus(
    int currentReplicas, int desiredReplicas, List<MetricStatus> currentMetrics, Instant lastScaleTime, List<Condition> conditions) {
  public HpaStatus {
    currentMetrics = List.copyOf(currentMetrics);
    conditions = List.copyOf(conditions);
  }

  public Condition condition(String type) {
    return conditions.stream().filter(c -> c.type().equals(type)).findFirst().orElse(null);
  }
}
