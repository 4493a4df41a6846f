package io.argosy.scheduler.preempt;

import io.argosy.queue.job.JobId;
import io.argosy.queue.quota.ResourceVector;
import io.argosy.scheduler.fleet.PlacedGang;
import java.time.Instant;
import java.util.Comparator;

/**
 * A running (or bound) gang that may be evicted whole.
 *
 * @param charged what its queue is charged for it (freed by eviction)
 */
public record Victim(JobId job, String queue, int priority, Instant boundAt, ResourceVector charged, PlacedGang gang) {

  /** Cheapest to evict first: lowest priority, then the most recently started (least work lost), then by name. */
  public static final Comparator<Victim> CHEAPEST_FIRST = Comparator.comparingInt(Victim::priority)
      .thenComparing(Victim::boundAt, Comparator.reverseOrder())
      .thenComparing(Victim::job);
}
