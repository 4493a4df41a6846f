package io.argosy.fhpa.cron;

import io.argosy.fhpa.spec.ScaleTargetRef;

/** What a due rule does to its target; an exception's message becomes a failed execution record. */
public interface CronActions {
  /** Sets a workload's total replicas. */
  void scaleWorkload(String namespace, ScaleTargetRef target, int replicas) throws Exception;

  /** Changes a FederatedHPA's bounds; {@code null} keeps that bound. Returns the bounds applied [min, max]. */
  int[] setHpaBounds(String namespace, ScaleTargetRef target, Integer minReplicas, Integer maxReplicas) throws Exception;
}
