package io.argosy.fhpa.spec;

import java.time.ZoneId;

/**
 * One {@code spec.rules[]} entry of a CronFederatedHPA.
 *
 * @param targetReplicas for a workload target, else null
 * @param targetMinReplicas for a FederatedHPA target (null keeps the HPA's minimum)
 * @param targetMaxReplicas for a FederatedHPA target (null keeps the HPA's maximum)
 */
public record CronRule(
    String name, String schedule, Integer targetReplicas, Integer targetMinReplicas, Integer targetMaxReplicas,
    boolean suspend, ZoneId timeZone, int successfulHistoryLimit, int failedHistoryLimit) {}
