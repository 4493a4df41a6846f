package io.argosy.core.store.sqlite;

import io.argosy.core.store.AuditEntry;
import io.argosy.core.store.CommitStats;
import io.argosy.core.store.GroupCommitter;
import io.argosy.core.store.Store;
import io.argosy.core.store.StoreContents;
import io.argosy.core.store.StoreOp;
import io.argosy.core.store.StoreReads;
import io.argosy.core.store.StoreWrites;
import io.argosy.core.store.StoredQuotaChange;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The embedded store: one SQLite file ({@code argosy.db}) under the data directory, in WAL mode,
 * written by one thread with group commit ({@link GroupCommitter}).
 *
 * <p>Durability. With {@link Sync#FULL} (the default) every commit fsyncs the WAL, so what was
 * acknowledged survives a crash of the process (SIGKILL) and of the machine. With
 * {@link Sync#NORMAL} the WAL is written (into the OS page cache) at every commit but fsynced only
 * at checkpoints: acknowledged writes survive the process being killed, because the OS still holds
 * and later writes those pages, but the last transactions can be lost if the machine itself crashes
 * or loses power. Group commit makes FULL affordable: one fsync covers every write queued during
 * the previous one.
 *
 * <p>A lock file keeps a second server off the same data directory; the OS releases it when the
 * process dies, so a killed server can be restarted at once.
 */
public final class SqliteStore implements Store {
  /** SQLite's {@code synchronous} setting in WAL mode. */
  public enum Sync {
    FULL,
    NORMAL
  }

  public static final String FILE = "argosy.db";

  private final Path file;
  private final Connection conn;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final GroupCommitter committer;
  private final StoreWrites writes;

  private SqliteStore(Path file, Connection conn, FileChannel lockChannel, FileLock lock) {
    this.file = file;
    this.conn = conn;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.writes = new StoreWrites(conn);
    this.committer = new GroupCommitter("argosy-store", this::commit);
  }

  /** Opens (creating if needed) the store in {@code dataDir}, migrating its schema. */
  public static SqliteStore open(Path dataDir, Sync sync) {
    FileChannel ch = null;
    try {
      Files.createDirectories(dataDir);
      ch = FileChannel.open(dataDir.resolve("argosy.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (java.nio.channels.OverlappingFileLockException e) {
        lock = null; // held by this very process
      }
      if (lock == null) {
        throw new io.argosy.core.store.StoreLockedException("another argosy server is using the data directory " + dataDir);
      }
      Path file = dataDir.resolve(FILE);
      Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=" + sync.name());
        s.execute("PRAGMA foreign_keys=ON");
        s.execute("PRAGMA busy_timeout=10000");
      }
      Migrations.migrate(c);
      c.setAutoCommit(false);
      return new SqliteStore(file, c, ch, lock);
    } catch (SQLException | IOException e) {
      closeQuietly(ch);
      throw new IllegalStateException("cannot open the store in " + dataDir + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(ch);
      throw e;
    }
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // nothing to do
      }
    }
  }

  public Path file() {
    return file;
  }

  /** The highest schema version this build writes (the highest migration present). */
  public static int latestSchemaVersion() {
    return Migrations.latest();
  }

  /** The schema version of the open database. */
  public int schemaVersion() {
    synchronized (conn) {
      try {
        return Migrations.current(conn);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Override
  public CompletableFuture<Void> write(List<StoreOp> ops) {
    return committer.submit(ops);
  }

  @Override
  public CommitStats stats() {
    return committer.stats();
  }

  // ------------------------------------------------------------------ writing (store thread)

  private void commit(List<StoreOp> ops) throws SQLException {
    synchronized (conn) {
      try {
        for (StoreOp op : ops) {
          writes.apply(op);
        }
        conn.commit();
      } catch (SQLException | RuntimeException e) {
        conn.rollback();
        throw e;
      }
    }
  }

  // ------------------------------------------------------------------ reading

  @Override
  public StoreContents load() {
    synchronized (conn) {
      return StoreReads.committed(conn, "the store " + file, StoreReads::load);
    }
  }

  @Override
  public List<StoredQuotaChange> quotaHistory(String queue, int limit) {
    synchronized (conn) {
      return StoreReads.committed(conn, "the quota history", c -> StoreReads.quotaHistory(c, queue, limit));
    }
  }

  @Override
  public List<AuditEntry> audit(String who, long afterId, int limit) {
    synchronized (conn) {
      return StoreReads.committed(conn, "the audit log", c -> StoreReads.audit(c, who, afterId, limit));
    }
  }

  @Override
  public long maxBindingSequence() {
    synchronized (conn) {
      try (Statement s = conn.createStatement();
          ResultSet r = s.executeQuery("SELECT MAX(x) FROM (SELECT MAX(seq) AS x FROM bindings UNION ALL"
              + " SELECT CAST(json AS INTEGER) FROM settings WHERE name = '" + StoreWrites.BINDING_SEQUENCE + "')")) {
        long v = r.next() ? r.getLong(1) : 0;
        conn.commit();
        return v;
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** The journal mode and synchronous setting in effect, e.g. {@code wal/2} (for tests and the README). */
  public String pragmas() {
    synchronized (conn) {
      try (Statement s = conn.createStatement()) {
        String mode;
        try (ResultSet r = s.executeQuery("PRAGMA journal_mode")) {
          mode = r.next() ? r.getString(1) : "?";
        }
        int sync;
        try (ResultSet r = s.executeQuery("PRAGMA synchronous")) {
          sync = r.next() ? r.getInt(1) : -1;
        }
        conn.commit();
        return mode.toLowerCase(Locale.ROOT) + "/" + sync;
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Override
  public void close() {
    committer.close();
    synchronized (conn) {
      try {
        writes.close();
        conn.close();
      } catch (SQLException e) {
        // closing: nothing left to protect
      }
    }
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException ignored) {
      // the OS releases it with the process
    }
  }
}
