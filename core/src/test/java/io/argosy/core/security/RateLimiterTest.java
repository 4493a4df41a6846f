package io.argosy.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  @Test
  void aBurstIsAllowedThenTheRateRefills() {
    AtomicLong now = new AtomicLong(1_000_000_000L);
    RateLimiter l = new RateLimiter(new RateLimiter.Limit(10, 3), now::get);
    assertThat(l.acquire("a")).isZero();
    assertThat(l.acquire("a")).isZero();
    assertThat(l.acquire("a")).isZero();
    assertThat(l.acquire("a")).as("burst spent: one token takes 100 ms").isEqualTo(100);
    assertThat(l.acquire("b")).as("callers have their own buckets").isZero();
    now.addAndGet(50_000_000L);
    assertThat(l.acquire("a")).isEqualTo(50);
    now.addAndGet(50_000_000L);
    assertThat(l.acquire("a")).isZero();
    now.addAndGet(60_000_000_000L);
    for (int i = 0; i < 3; i++) {
      assertThat(l.acquire("a")).as("refilled to the burst, not beyond").isZero();
    }
    assertThat(l.acquire("a")).isPositive();
  }

  @Test
  void offNeverLimits() {
    RateLimiter l = new RateLimiter(RateLimiter.Limit.OFF);
    for (int i = 0; i < 10_000; i++) {
      assertThat(l.acquire("a")).isZero();
    }
  }
}
