package io.argosy.solver;

import java.util.Arrays;

/**
 * The last few cycles' search overhead (wall time beyond the search's own time limit), so the next
 * cycle can keep that much back. Reports a high percentile rather than the mean: the budget is a
 * promise, and an overrun costs more than a few milliseconds less search.
 */
final class OverheadTracker {

  private static final int WINDOW = 16;

  private final long[] samples = new long[WINDOW];
  private int count;
  private int next;

  synchronized void record(long nanos) {
    samples[next] = Math.max(0, nanos);
    next = (next + 1) % WINDOW;
    count = Math.min(count + 1, WINDOW);
  }

  /** The second-highest of the recent samples (about the 90th percentile of 16), 0 before any. */
  synchronized long high() {
    if (count == 0) {
      return 0;
    }
    long[] sorted = Arrays.copyOf(samples, count);
    Arrays.sort(sorted);
    return sorted[Math.max(0, count - 2)];
  }
}
