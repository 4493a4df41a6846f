package io.argosy.core.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Runs fuzz cases one at a time with a deadline each, and collects what went wrong: an exception
 * the caller does not accept, an Error (stack overflow, out of memory), or a hang. A hung case's
 * thread is abandoned (daemon) and a fresh one takes the next case.
 */
final class Outcomes implements AutoCloseable {
  private final long timeoutMillis;
  private final Predicate<Throwable> acceptable;
  private final List<String> failures = new ArrayList<>();
  private volatile Thread current;
  private ExecutorService worker = newWorker();
  private int cases;

  Outcomes(long timeoutMillis, Predicate<Throwable> acceptable) {
    this.timeoutMillis = timeoutMillis;
    this.acceptable = acceptable;
  }

  private ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(null, r, "fuzz-case", 4L * 1024 * 1024);
      t.setDaemon(true);
      current = t;
      return t;
    });
  }

  void run(String name, String input, Runnable body) {
    run(name, input, body, 1);
  }

  /** As above with {@code factor} times the deadline (for inputs of several MiB). */
  void run(String name, String input, Runnable body, int factor) {
    cases++;
    Future<?> f = worker.submit(body);
    try {
      f.get(timeoutMillis * factor, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable t = e.getCause();
      if (!acceptable.test(t)) {
        failures.add(name + ": " + t + " at " + (t.getStackTrace().length > 0 ? t.getStackTrace()[0] : "?") + "\n    input: "
            + abbreviate(input));
      }
    } catch (TimeoutException e) {
      String where = stuckAt();
      f.cancel(true);
      worker.shutdownNow();
      worker = newWorker();
      failures.add(name + ": no answer within " + timeoutMillis + " ms (x" + factor + "), at " + where + "\n    input: " + abbreviate(input));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The top frames of the worker thread, to say where a hung case spends its time. */
  private String stuckAt() {
    Thread t = current;
    if (t == null) {
      return "?";
    }
    StringBuilder b = new StringBuilder();
    StackTraceElement[] st = t.getStackTrace();
    for (int i = 0; i < Math.min(12, st.length); i++) {
      b.append("\n      ").append(st[i]);
    }
    return b.toString();
  }

  void fail(String name, String what, String input) {
    failures.add(name + ": " + what + "\n    input: " + abbreviate(input));
  }

  int cases() {
    return cases;
  }

  List<String> failures() {
    return failures;
  }

  static String abbreviate(String s) {
    String one = s.replace("\n", "\\n");
    return one.length() <= 300 ? one : one.substring(0, 300) + "... (" + s.length() + " chars)";
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
