package io.argosy.queue.job;

import io.argosy.gpu.demand.PodDemand;
import io.argosy.queue.quota.ResourceVector;
import java.util.Map;

/**
 * A long-running service (an {@code apps/v1} Deployment): replicas of one pod template. Recognised
 * and parsed now; scheduled by federated autoscaling in a later issue, not by the batch queues.
 *
 * @param queue the queue named by labels or annotations (as for jobs), or {@code default}
 * @param source the submitted document as compact JSON
 */
public record ServiceWorkload(
    JobId id, int replicas, PodDemand pod, String priorityClassName, String queue, Map<String, String> labels, String source) {

  public ServiceWorkload {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  /** Demand of all replicas. */
  public ResourceVector demand() {
    return ResourceVector.of(pod.resources()).times(replicas);
  }
}
