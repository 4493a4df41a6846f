package io.argosy.api;

import java.util.List;

/**
 * One service in one cluster, as a {@link MetricsReport} carries it.
 *
 * @param service {@code namespace/name}
 * @param specReplicas the Deployment's {@code spec.replicas} in this cluster
 * @param readyReplicas pods running and ready
 * @param availableReplicas how many more pods of the template fit the cluster's free capacity now
 *     (gpu-model's exact estimator on the agent, as Karmada's scheduler-estimator does in each member)
 * @param pods every pod of the service with its requests and its latest {@code metrics.k8s.io} sample
 */
public record ServiceMetrics(String service, int specReplicas, int readyReplicas, long availableReplicas, List<PodMetrics> pods) {
  public ServiceMetrics {
    pods = pods == null ? List.of() : List.copyOf(pods);
  }

  /**
   * @param phase Pending, Running, Succeeded, Failed
   * @param cpuUsageMilli null when metrics.k8s.io has no sample for the pod (a missing metric)
   * @param memoryUsageBytes null when missing
   */
  public record PodMetrics(String name, String phase, boolean ready, boolean deleting, long cpuRequestMilli,
      long memoryRequestBytes, Long cpuUsageMilli, Long memoryUsageBytes) {}
}
