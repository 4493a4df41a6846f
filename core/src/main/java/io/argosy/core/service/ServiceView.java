package io.argosy.core.service;

import java.util.List;
import java.util.Map;

/**
 * A service workload ({@code GET /v1/services}): its desired total, the split across clusters with
 * each cluster's reported replicas, and CronFederatedHPA histories aimed at it or its HPA.
 *
 * @param clusters cluster → desired replicas there
 * @param ready cluster → ready pods reported by the agent
 */
public record ServiceView(String namespace, String name, int replicas, String division, Map<String, Integer> clusters,
    Map<String, Integer> ready, List<String> autoscalers) {}
