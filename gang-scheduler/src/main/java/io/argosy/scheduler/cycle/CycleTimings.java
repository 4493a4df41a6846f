package io.argosy.scheduler.cycle;

/**
 * Where a cycle spent its time (wall clock, nanoseconds) and what it did.
 *
 * @param planNanos the cluster chooser's plan of the whole pending set (the placement solver), 0 when none
 * @param candidates jobs the queue order handed out
 */
public record CycleTimings(
    long totalNanos, long planNanos, long allocateNanos, long preemptNanos, long backfillNanos, int candidates, int placed,
    int preempted, int pending) {}
