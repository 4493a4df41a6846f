package io.argosy.fhpa.algo;

import java.util.List;

/**
 * The outcome of one evaluation.
 *
 * @param rescale true when the target's replicas must change to {@code desiredReplicas}
 * @param reason why ("cpu resource utilization (percentage of request) above target", "All metrics
 *     below target", "Current number of replicas below Spec.MinReplicas"), or the reason nothing
 *     changed (a ScalingLimited/AbleToScale/ScalingActive reason)
 * @param events emitted by this evaluation (SuccessfulRescale, FailedComputeMetricsReplicas)
 */
public record Decision(int desiredReplicas, boolean rescale, String reason, HpaStatus status, List<HpaEvent> events) {
  public Decision {
    events = List.copyOf(events);
  }
}
