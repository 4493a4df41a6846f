package io.argosy.agent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent's blocking writes to its member cluster, on a few threads: a write runs after every
 * earlier write that shares one of its keys (a job, a dependency object), so a job's creates and
 * its withdrawal stay in order, while writes for different jobs go to the API server concurrently
 * instead of waiting for each other's round trips.
 */
final class KeyedWrites implements AutoCloseable {
  private final ExecutorService pool;
  /** The last write submitted per key; removed once it is done and no later write took its place. */
  private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

  KeyedWrites(String name, int threads) {
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, name + "-" + n.getAndIncrement());
      t.setDaemon(true);
      return t;
    });
  }

  /** Runs {@code write} after the writes submitted earlier under any of {@code keys}. */
  synchronized void submit(Collection<String> writeKeys, Runnable write) {
    List<String> keys = List.copyOf(writeKeys);
    List<CompletableFuture<Void>> before = new ArrayList<>(keys.size());
    for (String k : keys) {
      CompletableFuture<Void> t = tails.get(k);
      if (t != null) {
        before.add(t);
      }
    }
    CompletableFuture<Void> after = before.isEmpty() ? CompletableFuture.completedFuture(null)
        : CompletableFuture.allOf(before.toArray(CompletableFuture[]::new));
    // a failed write (it should catch its own errors) must not hold back the writes after it
    CompletableFuture<Void> mine = after.handle((x, e) -> null).thenRunAsync(write, pool);
    for (String k : keys) {
      tails.put(k, mine);
    }
    mine.whenComplete((x, e) -> keys.forEach(k -> tails.remove(k, mine)));
  }

  void submit(String key, Runnable write) {
    submit(List.of(key), write);
  }

  /** Runs a blocking call that is ordered with no write (e.g. API discovery) on the writer threads. */
  CompletableFuture<Void> runUnordered(Runnable call) {
    return CompletableFuture.runAsync(call, pool);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
