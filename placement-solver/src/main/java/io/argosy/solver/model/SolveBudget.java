package io.argosy.solver.model;

import java.time.Duration;

/**
 * How long one placement cycle may take and how the search is seeded.
 *
 * @param time wall-clock budget of the whole {@code place} call (greedy, contention check, search)
 * @param unimproved stop the search early after this long without a better plan
 * @param seed random seed of the local search
 * @param moveLimit if above 0, also stop after this many evaluated moves; with a move limit well
 *     inside the time budget the result is fully reproducible (tests use this)
 */
public record SolveBudget(Duration time, Duration unimproved, long seed, long moveLimit) {

  // The search keeps going for its whole budget: an early stop after 40% of it without improvement
  // cost about a third of the gain on contended scenarios (benchmarks/README.md, solver section).
  public static final SolveBudget DEFAULT = new SolveBudget(Duration.ofMillis(200), Duration.ofMillis(200), 0L, 0);

  public static SolveBudget of(Duration time, long seed) {
    return new SolveBudget(time, time, seed, 0);
  }

  /** A move-bounded budget for reproducible runs: {@code moves} evaluated moves, under a generous time cap. */
  public static SolveBudget moves(long moves, long seed) {
    return new SolveBudget(Duration.ofSeconds(60), Duration.ofSeconds(60), seed, moves);
  }

  public SolveBudget withSeed(long newSeed) {
    return new SolveBudget(time, unimproved, newSeed, moveLimit);
  }
}
