package io.argosy.core.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The store thread: takes every write group queued since the last commit and applies them in one
 * transaction, then completes their futures. While one transaction commits (the fsync), the next
 * groups accumulate, so a thousand writes a second cost a few hundred commits, not a thousand, and
 * no caller waits longer than about two commits. When a batch fails, its groups are retried one by
 * one so that one bad group does not fail the others.
 */
public final class GroupCommitter implements AutoCloseable {
  /** Applies a batch of changes in one transaction (commit included); rolls back and throws on failure. */
  @FunctionalInterface
  public interface TransactionWriter {
    void commit(List<StoreOp> ops) throws Exception;
  }

  private record Group(List<StoreOp> ops, CompletableFuture<Void> done) {}

  private static final Logger LOG = Logger.getLogger(GroupCommitter.class.getName());
  private static final Group STOP = new Group(List.of(), new CompletableFuture<>());
  /** Upper bound on groups per transaction, so one transaction stays short. */
  private static final int MAX_GROUPS = 4096;

  private final TransactionWriter writer;
  private final LinkedBlockingQueue<Group> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;

  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong groups = new AtomicLong();
  private final AtomicLong ops = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong commitNanos = new AtomicLong();

  public GroupCommitter(String name, TransactionWriter writer) {
    this.writer = writer;
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues a group; see {@link Store#write}. */
  public CompletableFuture<Void> submit(List<StoreOp> group) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (closed) {
      done.completeExceptionally(new IllegalStateException("the store is closed"));
      return done;
    }
    if (group.isEmpty()) {
      done.complete(null);
      return done;
    }
    queue.add(new Group(List.copyOf(group), done));
    return done;
  }

  public CommitStats stats() {
    return new CommitStats(commits.get(), groups.get(), ops.get(), failures.get(), commitNanos.get());
  }

  private void run() {
    List<Group> batch = new ArrayList<>();
    boolean stopping = false;
    while (!stopping) {
      try {
        batch.add(queue.take());
        queue.drainTo(batch, MAX_GROUPS - 1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (batch.remove(STOP)) {
        stopping = true;
        queue.drainTo(batch);
        batch.remove(STOP);
      }
      if (!batch.isEmpty()) {
        commit(batch);
      }
      batch.clear();
    }
  }

  private void commit(List<Group> batch) {
    List<StoreOp> all = new ArrayList<>();
    for (Group g : batch) {
      all.addAll(g.ops);
    }
    long start = System.nanoTime();
    try {
      writer.commit(all);
      commitNanos.addAndGet(System.nanoTime() - start);
      commits.incrementAndGet();
      groups.addAndGet(batch.size());
      ops.addAndGet(all.size());
      for (Group g : batch) {
        g.done.complete(null);
      }
      return;
    } catch (Exception e) {
      failures.incrementAndGet();
      if (batch.size() == 1) {
        LOG.log(Level.WARNING, "store commit failed", e);
        batch.get(0).done.completeExceptionally(e);
        return;
      }
    }
    for (Group g : batch) {
      commit(List.of(g));
    }
  }

  /** Commits everything queued, then stops the thread. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.add(STOP);
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
