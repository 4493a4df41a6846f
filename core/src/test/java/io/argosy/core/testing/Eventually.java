package io.argosy.core.testing;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Waits for an asynchronous outcome (a job finishing in a simulated cluster). The limit is a
 * generous safety net for loaded machines, not a speed assertion.
 */
public final class Eventually {
  private Eventually() {}

  public static <T> T await(String what, Duration limit, Supplier<T> probe, java.util.function.Predicate<T> done) {
    long deadline = System.nanoTime() + limit.toNanos();
    T last = null;
    while (System.nanoTime() < deadline) {
      last = probe.get();
      if (done.test(last)) {
        return last;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("timed out after " + limit.toSeconds() + "s waiting for " + what + "; last: " + last);
  }
}
