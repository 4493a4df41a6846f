package io.argosy.solver.score;

import io.argosy.solver.problem.CompiledQueue;

/** The summed quota usage of a queue's placed gangs, aligned with the queue's keys. */
public record QueueUsage(CompiledQueue queue, long[] usage) {

  /** Keys over the remaining quota. */
  public int exceededKeys() {
    return queue.exceeded(usage);
  }
}
