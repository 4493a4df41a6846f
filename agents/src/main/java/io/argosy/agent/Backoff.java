package io.argosy.agent;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * Exponential reconnect backoff with jitter (±20%), capped. Jitter keeps a fleet of agents from
 * reconnecting in lockstep after a control-plane restart; the seed makes it reproducible per agent.
 */
final class Backoff {
  private final long minMillis;
  private final long maxMillis;
  private final SplittableRandom random;
  private long next;

  Backoff(Duration min, Duration max, long seed) {
    this.minMillis = Math.max(1, min.toMillis());
    this.maxMillis = Math.max(minMillis, max.toMillis());
    this.random = new SplittableRandom(seed);
    this.next = minMillis;
  }

  synchronized long nextDelayMillis() {
    long base = next;
    next = Math.min(maxMillis, next * 2);
    long jitter = Math.round(base * 0.2 * (random.nextDouble() * 2 - 1));
    return Math.max(1, base + jitter);
  }

  synchronized void reset() {
    next = minMillis;
  }
}
