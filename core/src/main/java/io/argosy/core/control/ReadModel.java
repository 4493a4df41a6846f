package io.argosy.core.control;

import io.argosy.core.view.ClusterView;
import io.argosy.core.view.QueueInfo;
import io.argosy.queue.priority.PriorityClassSpec;
import java.util.List;
import java.util.Map;

/**
 * An immutable picture of everything but jobs, published by the scheduler thread (jobs are in the
 * {@link JobDirectory}). REST reads answer from the latest one.
 *
 * @param jobsByState live and ended jobs per state display name (for metrics)
 * @param pendingByQueue pending jobs per queue (queue depth)
 */
public record ReadModel(
    long version,
    List<ClusterView> clusters,
    List<QueueInfo> queues,
    List<PriorityClassSpec> priorityClasses,
    SchedulingPolicy policy,
    Catalog catalog,
    Map<String, Integer> jobsByState,
    Map<String, Integer> pendingByQueue) {

  public static final ReadModel EMPTY = new ReadModel(0, List.of(), List.of(), List.of(), SchedulingPolicy.DEFAULT,
      Catalog.EMPTY, Map.of(), Map.of());
}
