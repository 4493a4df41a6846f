package io.argosy.core.store.postgres;

import io.argosy.core.json.Json;
import io.argosy.core.store.AuditEntry;
import io.argosy.core.store.CommitStats;
import io.argosy.core.store.FencedException;
import io.argosy.core.store.GroupCommitter;
import io.argosy.core.store.Store;
import io.argosy.core.store.StoreContents;
import io.argosy.core.store.StoreLockedException;
import io.argosy.core.store.StoreOp;
import io.argosy.core.store.StoreReads;
import io.argosy.core.store.StoredBinding;
import io.argosy.core.store.StoredJob;
import io.argosy.core.store.StoredQuotaChange;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;

/**
 * The server-database store: PostgreSQL behind the same {@link Store} interface as SQLite, for
 * teams that run an active/passive pair of control planes or want the database managed apart.
 *
 * <p>Leadership. Opening the store is an election: the connection takes a session-level advisory
 * lock (keyed by the schema, so one database can hold several installations) and increments the
 * term in the {@code leader} row. Only the holder opens the store; the others get a
 * {@link StoreLockedException} and, as standbys, try again. The lock dies with the holder's session,
 * so a killed leader frees it at once (the kernel closes its socket). Every write transaction first
 * checks that the leader row still carries this store's term ({@code UPDATE ... WHERE term = ?},
 * which also row-locks it); a deposed leader, e.g. one whose connection was cut and that reconnected
 * after a standby took over, is refused with a {@link FencedException} and told through
 * {@code onFenced}.
 *
 * <p>Adding a table: a new migration script in {@code postgres/} (listed in {@link PgMigrations}),
 * and, for a new {@link StoreOp}, one writer registered in {@link #writers()}.
 *
 * <p>Writes go through the same {@link GroupCommitter} as SQLite's: one transaction per batch of
 * write groups; PostgreSQL's commit is durable ({@code synchronous_commit} on by default).
 */
public final class PostgresStore implements Store {
  private static final Logger LOG = Logger.getLogger(PostgresStore.class.getName());
  private static final String BINDING_SEQUENCE = "binding-sequence";
  private static final String LEADER_LOCK = "SELECT pg_try_advisory_lock(hashtext('argosy-leader:' || current_schema()))";

  /** Writes one kind of change inside the current transaction. */
  @FunctionalInterface
  interface OpWriter<T extends StoreOp> {
    void write(PostgresStore store, T op) throws SQLException;
  }

  private static final Map<Class<?>, OpWriter<?>> WRITERS = writers();

  private final String url;
  private final String holder;
  private final long term;
  private final Runnable onFenced;
  private final GroupCommitter committer;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private Connection conn;
  private volatile int sessionPid;
  private volatile boolean fenced;

  private PostgresStore(String url, Connection conn, String holder, long term, Runnable onFenced) {
    this.url = url;
    this.conn = conn;
    this.holder = holder;
    this.term = term;
    this.onFenced = onFenced;
    this.committer = new GroupCommitter("argosy-store", this::commit);
    this.sessionPid = backendPid(conn);
  }

  private static int backendPid(Connection c) {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT pg_backend_pid()")) {
      r.next();
      int pid = r.getInt(1);
      c.commit();
      return pid;
    } catch (SQLException e) {
      return -1;
    }
  }

  /** The server process of this store's session (tests end it to cut the connection). */
  int sessionPid() {
    return sessionPid;
  }

  /**
   * Connects, migrates and takes leadership.
   *
   * @param url a JDBC URL, {@code jdbc:postgresql://host:port/db?user=..&password=..} (plus
   *     {@code currentSchema=} to use a schema other than {@code public})
   * @param holder who is asking (host and pid), recorded in the leader row
   * @param onFenced called (on the store thread) when a write finds that another leader took over
   * @throws StoreLockedException when another control plane is the leader
   */
  public static PostgresStore open(String url, String holder, Runnable onFenced) {
    Connection c = null;
    try {
      c = DriverManager.getConnection(url);
      PgMigrations.migrate(c);
      boolean leader;
      try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(LEADER_LOCK)) {
        leader = r.next() && r.getBoolean(1);
      }
      if (!leader) {
        String who = currentHolder(c);
        c.close();
        throw new StoreLockedException("another argosy server is the leader on " + redact(url)
            + (who == null ? "" : " (" + who + ")"));
      }
      long term;
      c.setAutoCommit(false);
      try (PreparedStatement p = c.prepareStatement(
          "UPDATE leader SET term = term + 1, holder = ?, acquired_at = ? WHERE id = 1 RETURNING term")) {
        p.setString(1, holder);
        p.setLong(2, System.currentTimeMillis());
        try (ResultSet r = p.executeQuery()) {
          r.next();
          term = r.getLong(1);
        }
      }
      c.commit();
      LOG.info("leader of " + redact(url) + " with term " + term);
      return new PostgresStore(url, c, holder, term, onFenced == null ? () -> {} : onFenced);
    } catch (SQLException e) {
      closeQuietly(c);
      throw new IllegalStateException("cannot open the store " + redact(url) + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  private static String currentHolder(Connection c) {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT holder, term FROM leader WHERE id = 1")) {
      return r.next() && r.getString(1) != null ? r.getString(1) + ", term " + r.getLong(2) : null;
    } catch (SQLException e) {
      return null;
    }
  }

  /** The URL without its password, for messages and logs. */
  public static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // nothing to protect
      }
    }
  }

  /** The term this store was elected with. */
  public long term() {
    return term;
  }

  public int schemaVersion() {
    synchronized (this) {
      try {
        int v = PgMigrations.current(conn);
        conn.commit();
        return v;
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

  private synchronized void commit(List<StoreOp> ops) throws SQLException {
    if (fenced) {
      throw new FencedException("this control plane is no longer the leader (term " + term + ")");
    }
    reconnectIfLost();
    try {
      checkTerm();
      for (StoreOp op : ops) {
        apply(op);
      }
      conn.commit();
    } catch (SQLException | RuntimeException e) {
      try {
        conn.rollback();
      } catch (SQLException ignored) {
        // the connection is gone: the transaction is rolled back by the server
      }
      if (e instanceof FencedException) {
        fenced = true;
        onFenced.run();
      }
      throw e;
    }
  }

  /** After a lost connection: reconnect, and stay leader only if the lock can be taken again. */
  private void reconnectIfLost() throws SQLException {
    if (conn.isValid(5)) {
      return;
    }
    LOG.warning("store connection lost; reconnecting to " + redact(url));
    closeQuietly(conn);
    statements.clear();
    conn = DriverManager.getConnection(url);
    boolean leader;
    try (Statement s = conn.createStatement(); ResultSet r = s.executeQuery(LEADER_LOCK)) {
      leader = r.next() && r.getBoolean(1);
    }
    conn.setAutoCommit(false);
    sessionPid = backendPid(conn);
    if (!leader) {
      fenced = true;
      onFenced.run();
      throw new FencedException("lost the leader lock on " + redact(url) + " (term " + term + ")");
    }
  }

  private void checkTerm() throws SQLException {
    PreparedStatement p = stmt("UPDATE leader SET holder = holder WHERE id = 1 AND term = ?");
    p.setLong(1, term);
    if (p.executeUpdate() != 1) {
      throw new FencedException("a newer leader took over " + redact(url) + "; this one (" + holder + ", term " + term
          + ") may not write");
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void apply(StoreOp op) throws SQLException {
    OpWriter w = WRITERS.get(op.getClass());
    if (w == null) {
      throw new IllegalArgumentException("PostgresStore has no writer for " + op.getClass().getSimpleName());
    }
    w.write(this, op);
  }

  private static Map<Class<?>, OpWriter<?>> writers() {
    Map<Class<?>, OpWriter<?>> m = new HashMap<>();
    register(m, StoreOp.JobAccepted.class, (s, a) -> {
      StoredJob j = a.job();
      PreparedStatement p = s.stmt("INSERT INTO jobs (uid, namespace, name, kind, queue, priority, priority_class,"
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
      s.event(j.uid(), null, j.state(), "Submitted", j.submittedAt());
    });
    register(m, StoreOp.JobTransition.class, (s, t) -> {
      PreparedStatement p = s.stmt("UPDATE jobs SET state = ?, state_at = ? WHERE uid = ?");
      p.setString(1, t.to());
      p.setLong(2, t.at().toEpochMilli());
      p.setString(3, t.uid());
      if (p.executeUpdate() == 1) {
        s.event(t.uid(), t.from(), t.to(), t.reason(), t.at());
      }
    });
    register(m, StoreOp.JobPurged.class, (s, g) -> {
      PreparedStatement p = s.stmt("DELETE FROM jobs WHERE uid = ?");
      p.setString(1, g.uid());
      p.executeUpdate();
    });
    register(m, StoreOp.BindingSaved.class, (s, bs) -> {
      StoredBinding b = bs.binding();
      PreparedStatement p = s.stmt("INSERT INTO bindings (binding_id, uid, job_id, cluster, pods, created_at, seq, accepted)"
          + " VALUES (?,?,?,?,?,?,?,?)");
      p.setString(1, b.bindingId());
      p.setString(2, b.jobUid());
      p.setString(3, b.jobId());
      p.setString(4, b.cluster());
      p.setString(5, b.pods());
      p.setLong(6, b.createdAt().toEpochMilli());
      p.setLong(7, b.sequence());
      p.setBoolean(8, b.accepted());
      p.executeUpdate();
      PreparedStatement q = s.stmt("INSERT INTO settings (name, json, updated_at) VALUES (?, ?, ?)"
          + " ON CONFLICT (name) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at"
          + " WHERE CAST(excluded.json AS BIGINT) > CAST(settings.json AS BIGINT)");
      q.setString(1, BINDING_SEQUENCE);
      q.setString(2, Long.toString(b.sequence()));
      q.setLong(3, System.currentTimeMillis());
      q.executeUpdate();
    });
    register(m, StoreOp.BindingAccepted.class, (s, a) -> {
      PreparedStatement p = s.stmt("UPDATE bindings SET accepted = TRUE WHERE binding_id = ?");
      p.setString(1, a.bindingId());
      p.executeUpdate();
    });
    register(m, StoreOp.BindingClosed.class, (s, c) -> {
      PreparedStatement p = s.stmt("UPDATE bindings SET closed = TRUE, closed_reason = ? WHERE binding_id = ?");
      p.setString(1, c.reason());
      p.setString(2, c.bindingId());
      p.executeUpdate();
    });
    register(m, StoreOp.ConfigPut.class, (s, c) -> {
      PreparedStatement p = s.stmt("INSERT INTO " + c.kind().table() + " (name, json, updated_at) VALUES (?, ?, ?)"
          + " ON CONFLICT (name) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at");
      p.setString(1, c.name());
      p.setString(2, c.json());
      p.setLong(3, System.currentTimeMillis());
      p.executeUpdate();
    });
    register(m, StoreOp.ConfigDeleted.class, (s, d) -> {
      PreparedStatement p = s.stmt("DELETE FROM " + d.kind().table() + " WHERE name = ?");
      p.setString(1, d.name());
      p.executeUpdate();
    });
    register(m, StoreOp.AuditRecorded.class, (s, a) -> {
      AuditEntry e = a.entry();
      PreparedStatement p = s.stmt("INSERT INTO audit (at, who, role, method, path, status, objects) VALUES (?,?,?,?,?,?,?)");
      p.setLong(1, e.at().toEpochMilli());
      p.setString(2, e.who());
      p.setString(3, e.role());
      p.setString(4, e.method());
      p.setString(5, e.path());
      p.setInt(6, e.status());
      p.setString(7, Json.write(e.objects()));
      p.executeUpdate();
    });
    register(m, StoreOp.QuotaChanged.class, (s, q) -> {
      PreparedStatement p = s.stmt("INSERT INTO quota_changes (queue, who, at, action, before, after) VALUES (?,?,?,?,?,?)");
      p.setString(1, q.queue());
      p.setString(2, q.who());
      p.setLong(3, q.at().toEpochMilli());
      p.setString(4, q.action());
      p.setString(5, q.before());
      p.setString(6, q.after());
      p.executeUpdate();
    });
    return Map.copyOf(m);
  }

  private static <T extends StoreOp> void register(Map<Class<?>, OpWriter<?>> m, Class<T> type, OpWriter<T> w) {
    m.put(type, w);
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
  public synchronized StoreContents load() {
    try {
      StoreContents c = StoreReads.load(conn);
      conn.commit();
      return c;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the store " + redact(url) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized List<AuditEntry> audit(String who, long afterId, int limit) {
    try {
      List<AuditEntry> out = StoreReads.audit(conn, who, afterId, limit);
      conn.commit();
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the audit log: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized List<StoredQuotaChange> quotaHistory(String queue, int limit) {
    try {
      List<StoredQuotaChange> out = StoreReads.quotaHistory(conn, queue, limit);
      conn.commit();
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the quota history: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized long maxBindingSequence() {
    try (Statement s = conn.createStatement();
        ResultSet r = s.executeQuery("SELECT GREATEST((SELECT MAX(seq) FROM bindings),"
            + " (SELECT CAST(json AS BIGINT) FROM settings WHERE name = '" + BINDING_SEQUENCE + "'))")) {
      long v = r.next() ? r.getLong(1) : 0;
      conn.commit();
      return v;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    committer.close();
    synchronized (this) {
      try {
        for (PreparedStatement p : statements.values()) {
          p.close();
        }
        conn.close(); // ends the session: the leader lock is released with it
      } catch (SQLException e) {
        // closing: nothing left to protect
      }
    }
  }
}
