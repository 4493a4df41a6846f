package io.argosy.agent.sim;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * API faults a simulated cluster injects: answer matching requests with an HTTP error, or delay
 * them. Watches are never delayed (a delayed upgrade would only look like a slow connect). Thread-safe;
 * rules apply in the order added.
 */
public final class FaultPlan {

  /** One rule: requests whose method matches (or any, when null) and whose path contains {@code pathPart}. */
  record Rule(String method, String pathPart, int status, Duration delay, AtomicInteger remaining) {
    boolean matches(String m, String path) {
      return (method == null || method.equalsIgnoreCase(m)) && path.contains(pathPart) && remaining.get() != 0;
    }
  }

  /** What to do with one request. */
  record Action(int status, Duration delay) {}

  private final List<Rule> rules = new CopyOnWriteArrayList<>();

  /**
   * Answers the next {@code times} matching requests with {@code status} (e.g. 503); {@code times < 0}
   * fails every matching request until {@link #clear()}.
   */
  public FaultPlan failRequests(String method, String pathPart, int status, int times) {
    rules.add(new Rule(method, pathPart, status, Duration.ZERO, new AtomicInteger(times)));
    return this;
  }

  /** Delays every matching request's response by {@code delay} until {@link #clear()}. */
  public FaultPlan delayRequests(String method, String pathPart, Duration delay) {
    rules.add(new Rule(method, pathPart, 0, delay, new AtomicInteger(-1)));
    return this;
  }

  public void clear() {
    rules.clear();
  }

  /** The action for a request, or null for none; consumes one of a counted rule's failures. */
  Action match(String method, String path) {
    for (Rule r : rules) {
      if (r.matches(method, path)) {
        if (r.status() > 0) {
          // counted rules: another thread may have taken the last failure between matches() and here
          if (r.remaining().get() > 0 && r.remaining().getAndDecrement() <= 0) {
            continue;
          }
          return new Action(r.status(), Duration.ZERO);
        }
        if (!path.contains("watch=true")) {
          return new Action(0, r.delay());
        }
      }
    }
    return null;
  }
}
