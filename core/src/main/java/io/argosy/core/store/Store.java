package io.argosy.core.store;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The control plane's durable store. Writes are batched: {@link #write} queues a group of changes
 * and returns a future completed once they are committed (durable), so callers acknowledge only
 * after that. Many callers' groups share one transaction (group commit); each group is applied
 * whole or not at all, and groups commit in the order {@code write} was called.
 *
 * <p>Implementations: {@code SqliteStore} (the embedded default). A server database follows behind
 * the same interface.
 */
public interface Store extends AutoCloseable {

  /** Everything stored, for start-up. Call before the first write. */
  StoreContents load();

  /**
   * Queues the changes for the next commit. The future completes (on the store's thread: hop to
   * your own before doing real work) when they are durable, or exceptionally when the commit failed.
   */
  CompletableFuture<Void> write(List<StoreOp> ops);

  /** The highest binding sequence ever stored (closed ones included), or 0: new ids continue after it. */
  long maxBindingSequence();

  /**
   * The last {@code limit} audit entries, oldest first, optionally only those of one caller
   * ({@code who}) and after an id. Blocking: call on a worker thread.
   */
  List<AuditEntry> audit(String who, long afterId, int limit);

  /**
   * The audited quota changes, newest first: of one queue, or of all when {@code queue} is null; at
   * most {@code limit}. Reads the disk: call it off the event loop.
   */
  List<StoredQuotaChange> quotaHistory(String queue, int limit);

  /** Commit statistics for metrics. */
  CommitStats stats();

  /** Commits what is queued, then closes. */
  @Override
  void close();
}
