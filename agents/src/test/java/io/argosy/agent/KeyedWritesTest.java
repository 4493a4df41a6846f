package io.argosy.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeyedWritesTest {

  @Test
  void writesSharingAKeyRunInSubmissionOrderEvenWhenEarlierOnesAreSlow() throws Exception {
    try (KeyedWrites w = new KeyedWrites("test", 4)) {
      Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
      CountDownLatch done = new CountDownLatch(200);
      for (int i = 0; i < 200; i++) {
        String job = "job-" + (i % 5);
        int n = i;
        w.submit(job, () -> {
          if (n % 7 == 0) {
            sleep(5); // a slow round trip must not let a later write of the same job overtake it
          }
          seen.computeIfAbsent(job, k -> Collections.synchronizedList(new ArrayList<>())).add(n);
          done.countDown();
        });
      }
      assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
      seen.forEach((job, order) -> assertThat(order).as(job).isSorted().hasSize(40));
    }
  }

  @Test
  void aWriteWithSeveralKeysWaitsForEachAndWritesOfOtherKeysDoNotWaitForIt() throws Exception {
    try (KeyedWrites w = new KeyedWrites("test", 4)) {
      CountDownLatch releaseA = new CountDownLatch(1);
      List<String> order = Collections.synchronizedList(new ArrayList<>());
      CountDownLatch all = new CountDownLatch(3);
      w.submit("job:a", () -> {
        await(releaseA);
        order.add("a");
        all.countDown();
      });
      w.submit(List.of("job:b", "dependency:cm"), () -> {
        order.add("b");
        all.countDown();
      });
      w.submit(List.of("job:c", "job:a"), () -> {
        order.add("c");
        all.countDown();
      });
      // b does not share a key with the blocked write, so it runs at once; c waits for a
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!order.contains("b") && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(order).containsExactly("b");
      releaseA.countDown();
      assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(order).containsExactly("b", "a", "c");
    }
  }

  @Test
  void aFailedWriteDoesNotHoldBackTheNextOfItsKey() throws Exception {
    try (KeyedWrites w = new KeyedWrites("test", 2)) {
      AtomicInteger ran = new AtomicInteger();
      CountDownLatch done = new CountDownLatch(1);
      w.submit("job:x", () -> {
        throw new IllegalStateException("API error");
      });
      w.submit("job:x", () -> {
        ran.incrementAndGet();
        done.countDown();
      });
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(ran).hasValue(1);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch l) {
    try {
      l.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
