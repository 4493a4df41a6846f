package io.argosy.core.store;

/**
 * Counters of a store's group commits, monotonically increasing.
 *
 * @param commits transactions committed
 * @param groups write groups committed (one per {@link Store#write} call)
 * @param ops individual changes committed
 * @param failures transactions that failed
 * @param commitNanos total time spent in transactions
 */
public record CommitStats(long commits, long groups, long ops, long failures, long commitNanos) {}
