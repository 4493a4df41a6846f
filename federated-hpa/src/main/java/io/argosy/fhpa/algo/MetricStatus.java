package io.argosy.fhpa.algo;

/**
 * One entry of {@code status.currentMetrics}: what the metric measured this evaluation.
 *
 * @param type Resource, Pods or Object
 * @param averageUtilization percent of requests (Resource Utilization), else null
 * @param averageValueMilli per-pod average in milli-units, or null
 * @param valueMilli an Object's value in milli-units, or null
 */
public record MetricStatus(String type, String name, Integer averageUtilization, Long averageValueMilli, Long valueMilli) {}
