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
  public static final Comparator<Victim> CHEAPEST_FIRST = Victim::cheaperFirst;

  // written out rather than chained comparators: preempt keeps every cluster's victims in this order
  private static int cheaperFirst(Victim a, Victim b) {
    int c = Integer.compare(a.priority, b.priority);
    if (c == 0) {
      c = b.boundAt.compareTo(a.boundAt);
    }
    return c != 0 ? c : a.job.compareTo(b.job);
  }
}
