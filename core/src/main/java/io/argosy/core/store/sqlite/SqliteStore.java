package io.argosy.core.store.sqlite;

import io.argosy.core.json.Json;
import io.argosy.core.store.AuditEntry;
import io.argosy.core.store.CommitStats;
import io.argosy.core.store.GroupCommitter;
import io.argosy.core.store.Store;
import io.argosy.core.store.StoreContents;
import io.argosy.core.store.StoreOp;
import io.argosy.core.store.StoreReads;
import io.argosy.core.store.StoredBinding;
import io.argosy.core.store.StoredJob;
import io.argosy.core.store.StoredQuotaChange;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
  private static final String BINDING_SEQUENCE = "binding-sequence";

  private final Path file;
  private final Connection conn;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final GroupCommitter committer;
  private final Map<String, PreparedStatement> statements = new HashMap<>();

  private SqliteStore(Path file, Connection conn, FileChannel lockChannel, FileLock lock) {
    this.file = file;
    this.conn = conn;
    this.lockChannel = lockChannel;
    this.lock = lock;
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
          apply(op);
        }
        conn.commit();
      } catch (SQLException | RuntimeException e) {
        conn.rollback();
        throw e;
      }
    }
  }

  private void apply(StoreOp op) throws SQLException {
    if (op instanceof StoreOp.JobAccepted a) {
      StoredJob j = a.job();
      PreparedStatement p = stmt("INSERT INTO jobs (uid, namespace, name, kind, queue, priority, priority_class,"
          + " submitted_at, manifest, manifest_hash, seq, state, state_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
      p.setString(1, j.uid());
      p.setString(2, j.namespace());
      p.setString(3, j.name());
      p.setString(4, j.kind());
      p.setString(5, j.queue());
      p.setInt(6, j.priority());
      p.setString(7, j.priorityClass());
      p.setLong(8, j.submittedAt().toEpochMilli());
      p.setString(9, j.manifest());
      p.setString(10, j.manifestHash());
      p.setLong(11, j.sequence());
      p.setString(12, j.state());
      p.setLong(13, j.submittedAt().toEpochMilli());
      p.executeUpdate();
      event(j.uid(), null, j.state(), "Submitted", j.submittedAt());
      return;
    }
    if (op instanceof StoreOp.JobTransition t) {
      PreparedStatement p = stmt("UPDATE jobs SET state = ?, state_at = ? WHERE uid = ?");
      p.setString(1, t.to());
      p.setLong(2, t.at().toEpochMilli());
      p.setString(3, t.uid());
      if (p.executeUpdate() == 1) {
        event(t.uid(), t.from(), t.to(), t.reason(), t.at());
      }
      return;
    }
    if (op instanceof StoreOp.JobPurged g) {
      PreparedStatement p = stmt("DELETE FROM jobs WHERE uid = ?");
      p.setString(1, g.uid());
      p.executeUpdate();
      return;
    }
    if (op instanceof StoreOp.BindingSaved s) {
      StoredBinding b = s.binding();
      PreparedStatement p = stmt("INSERT INTO bindings (binding_id, uid, job_id, cluster, pods, created_at, seq, accepted)"
          + " VALUES (?,?,?,?,?,?,?,?)");
      p.setString(1, b.bindingId());
      p.setString(2, b.jobUid());
      p.setString(3, b.jobId());
      p.setString(4, b.cluster());
      p.setString(5, b.pods());
      p.setLong(6, b.createdAt().toEpochMilli());
      p.setLong(7, b.sequence());
      p.setInt(8, b.accepted() ? 1 : 0);
      p.executeUpdate();
      PreparedStatement q = stmt("INSERT INTO settings (name, json, updated_at) VALUES (?, ?, ?)"
          + " ON CONFLICT (name) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at"
          + " WHERE CAST(excluded.json AS INTEGER) > CAST(settings.json AS INTEGER)");
      q.setString(1, BINDING_SEQUENCE);
      q.setString(2, Long.toString(b.sequence()));
      q.setLong(3, System.currentTimeMillis());
      q.executeUpdate();
      return;
    }
    if (op instanceof StoreOp.BindingAccepted a) {
      PreparedStatement p = stmt("UPDATE bindings SET accepted = 1 WHERE binding_id = ?");
      p.setString(1, a.bindingId());
      p.executeUpdate();
      return;
    }
    if (op instanceof StoreOp.BindingClosed c) {
      PreparedStatement p = stmt("UPDATE bindings SET closed = 1, closed_reason = ? WHERE binding_id = ?");
      p.setString(1, c.reason());
      p.setString(2, c.bindingId());
      p.executeUpdate();
      return;
    }
    if (op instanceof StoreOp.ConfigPut c) {
      PreparedStatement p = stmt("INSERT INTO " + c.kind().table() + " (name, json, updated_at) VALUES (?, ?, ?)"
          + " ON CONFLICT (name) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at");
      p.setString(1, c.name());
      p.setString(2, c.json());
      p.setLong(3, System.currentTimeMillis());
      p.executeUpdate();
      return;
    }
    if (op instanceof StoreOp.ConfigDeleted d) {
      PreparedStatement p = stmt("DELETE FROM " + d.kind().table() + " WHERE name = ?");
      p.setString(1, d.name());
      p.executeUpdate();
      return;
    }
    if (op instanceof StoreOp.AuditRecorded a) {
      AuditEntry e = a.entry();
      PreparedStatement p = stmt("INSERT INTO audit (at, who, role, method, path, status, objects) VALUES (?,?,?,?,?,?,?)");
      p.setLong(1, e.at().toEpochMilli());
      p.setString(2, e.who());
      p.setString(3, e.role());
      p.setString(4, e.method());
      p.setString(5, e.path());
      p.setInt(6, e.status());
      p.setString(7, Json.write(e.objects()));
      p.executeUpdate();
      return;
    }
    if (op instanceof StoreOp.QuotaChanged q) {
      PreparedStatement p = stmt("INSERT INTO quota_changes (queue, who, at, action, before, after) VALUES (?,?,?,?,?,?)");
      p.setString(1, q.queue());
      p.setString(2, q.who());
      p.setLong(3, q.at().toEpochMilli());
      p.setString(4, q.action());
      p.setString(5, q.before());
      p.setString(6, q.after());
      p.executeUpdate();
      return;
    }
    throw new IllegalArgumentException("unknown store op " + op);
  }

  private void event(String uid, String from, String to, String reason, Instant at) throws SQLException {
    PreparedStatement p = stmt("INSERT INTO job_events (uid, from_state, to_state, reason, at) VALUES (?,?,?,?,?)");
    p.setString(1, uid);
    p.setString(2, from);
    p.setString(3, to);
    p.setString(4, reason);
    p.setLong(5, at.toEpochMilli());
    p.executeUpdate();
  }

  private PreparedStatement stmt(String sql) throws SQLException {
    PreparedStatement p = statements.get(sql);
    if (p == null) {
      p = conn.prepareStatement(sql);
      statements.put(sql, p);
    }
    return p;
  }

  // ------------------------------------------------------------------ reading

  @Override
  public StoreContents load() {
    synchronized (conn) {
      try {
        StoreContents c = StoreReads.load(conn);
        conn.commit();
        return c;
      } catch (SQLException e) {
        throw new IllegalStateException("cannot read the store " + file + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public List<StoredQuotaChange> quotaHistory(String queue, int limit) {
    synchronized (conn) {
      try {
        List<StoredQuotaChange> out = StoreReads.quotaHistory(conn, queue, limit);
        conn.commit();
        return out;
      } catch (SQLException e) {
        throw new IllegalStateException("cannot read the quota history: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public List<AuditEntry> audit(String who, long afterId, int limit) {
    synchronized (conn) {
      try {
        List<AuditEntry> out = StoreReads.audit(conn, who, afterId, limit);
        conn.commit();
        return out;
      } catch (SQLException e) {
        throw new IllegalStateException("cannot read the audit log: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public long maxBindingSequence() {
    synchronized (conn) {
      try (Statement s = conn.createStatement();
          ResultSet r = s.executeQuery("SELECT MAX(x) FROM (SELECT MAX(seq) AS x FROM bindings UNION ALL"
              + " SELECT CAST(json AS INTEGER) FROM settings WHERE name = '" + BINDING_SEQUENCE + "')")) {
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
        for (PreparedStatement p : statements.values()) {
          p.close();
        }
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
