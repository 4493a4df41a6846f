package io.argosy.scheduler.cycle;

/**
 * Where a cycle spent its time (wall clock, nanoseconds) and what it did.
 *
 * @param candidates jobs the queue order handed out
 */
public record CycleTimings(
    long totalNanos, long allocateNanos, long preemptNanos, long backfillNanos, int candidates, int placed,
    int preempted, int pending) {}
