package io.argosy.core.service;

import java.util.List;
import java.util.Map;

/**
 * A FederatedHPA as {@code GET /v1/fhpas} and {@code argosy get fhpa -o json} show it: spec bounds,
 * Karmada's status fields, the per-cluster split of its target, and recent events.
 */
public record FhpaView(String namespace, String name, String target, int minReplicas, int maxReplicas,
    int currentReplicas, int desiredReplicas, List<Metric> currentMetrics, String lastScaleTime,
    List<ConditionView> conditions, Map<String, Integer> clusters, List<EventView> events) {

  public record Metric(String type, String name, Integer averageUtilization, String averageValue, String value) {}

  public record ConditionView(String type, String status, String reason, String message, String lastTransitionTime) {}

  public record EventView(String time, String type, String reason, String message) {}
}
