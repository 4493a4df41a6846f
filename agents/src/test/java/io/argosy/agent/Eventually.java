package io.argosy.agent;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls a condition until it holds or a generous deadline passes (a correctness bound, not a speed test). */
public final class Eventually {
  private Eventually() {}

  public static void await(String what, Duration timeout, Supplier<Boolean> condition) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    Throwable last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (Boolean.TRUE.equals(condition.get())) {
          if (Boolean.getBoolean("argosy.test.timing")) {
            System.err.printf("waited %d ms for %s%n", (System.nanoTime() - start) / 1_000_000, what);
          }
          return;
        }
      } catch (RuntimeException | AssertionError e) {
        last = e;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
    throw new AssertionError("timed out after " + timeout + " waiting for " + what, last);
  }

  public static void await(String what, Supplier<Boolean> condition) {
    await(what, Duration.ofSeconds(20), condition);
  }
}
