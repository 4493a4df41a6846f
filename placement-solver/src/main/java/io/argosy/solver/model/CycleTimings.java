package io.argosy.solver.model;

import java.time.Duration;

/**
 * Where a placement cycle's time went.
 *
 * @param greedy validation, compilation and the greedy plan
 * @param search building the solver and the local search (zero when the solver did not run)
 * @param total the whole {@code place} call
 */
public record CycleTimings(Duration greedy, Duration search, Duration total) {}
