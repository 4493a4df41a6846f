package io.argosy.scheduler.preempt;

import io.argosy.queue.job.JobId;
import java.util.List;

/**
 * A whole gang evicted in a cycle. The core deletes its pods in {@code clusters} before applying the
 * cycle's bindings; the victim is back in its queue, pending.
 *
 * @param kind PREEMPT (a higher-priority gang of the same queue) or RECLAIM (a queue taking back
 *     capacity another queue borrowed)
 */
public record Preemption(JobId victim, List<String> clusters, JobId preemptor, Kind kind, String reason) {
  public Preemption {
    clusters = List.copyOf(clusters);
  }

  public enum Kind {
    PREEMPT,
    RECLAIM
  }
}
