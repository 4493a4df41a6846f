package io.argosy.core.security;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets per caller (a token's name, or the client address without tokens): {@code perSecond}
 * requests refill continuously up to {@code burst}. Event loops call {@link #acquire} concurrently;
 * each bucket is a tiny critical section.
 */
public final class RateLimiter {
  /** Requests per second and burst; {@code perSecond <= 0} turns limiting off. */
  public record Limit(double perSecond, int burst) {
    public static final Limit OFF = new Limit(0, 0);

    public boolean enabled() {
      return perSecond > 0;
    }
  }

  /** Callers tracked at most; beyond it the table starts again (only reachable by many client addresses). */
  private static final int MAX_CALLERS = 100_000;

  private static final class Bucket {
    double tokens;
    long updatedNanos;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.updatedNanos = now;
    }
  }

  private final Limit limit;
  private final LongSupplier nanos;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(Limit limit) {
    this(limit, System::nanoTime);
  }

  RateLimiter(Limit limit, LongSupplier nanos) {
    this.limit = limit;
    this.nanos = nanos;
  }

  public Limit limit() {
    return limit;
  }

  /** 0 when the request may go ahead, else the milliseconds until the caller's next token. */
  public long acquire(String caller) {
    if (!limit.enabled()) {
      return 0;
    }
    long now = nanos.getAsLong();
    if (buckets.size() > MAX_CALLERS) {
      buckets.clear();
    }
    Bucket b = buckets.computeIfAbsent(caller, k -> new Bucket(Math.max(1, limit.burst()), now));
    synchronized (b) {
      double refill = (now - b.updatedNanos) / 1e9 * limit.perSecond();
      b.tokens = Math.min(Math.max(1, limit.burst()), b.tokens + refill);
      b.updatedNanos = now;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - b.tokens) / limit.perSecond() * 1000));
    }
  }
}
