package io.argosy.core.store.postgres;

import io.argosy.core.store.AuditEntry;
import io.argosy.core.store.CommitStats;
import io.argosy.core.store.FencedException;
import io.argosy.core.store.GroupCommitter;
import io.argosy.core.store.Store;
import io.argosy.core.store.StoreContents;
import io.argosy.core.store.StoreLockedException;
import io.argosy.core.store.StoreOp;
import io.argosy.core.store.StoreReads;
import io.argosy.core.store.StoreWrites;
import io.argosy.core.store.StoredQuotaChange;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
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
 * <p>Adding a table: a new migration script in {@code postgres/} (listed in {@link PgMigrations});
 * the SQL of every {@link StoreOp} is shared with SQLite in {@link StoreWrites}.
 *
 * <p>Writes go through the same {@link GroupCommitter} as SQLite's: one transaction per batch of
 * write groups; PostgreSQL's commit is durable ({@code synchronous_commit} on by default).
 */
public final class PostgresStore implements Store {
  private static final Logger LOG = Logger.getLogger(PostgresStore.class.getName());
  private static final String LEADER_LOCK = "SELECT pg_try_advisory_lock(hashtext('argosy-leader:' || current_schema()))";

  private final String url;
  private final String holder;
  private final long term;
  private final Runnable onFenced;
  private final GroupCommitter committer;
  private StoreWrites writes;
  private Connection conn;
  private volatile int sessionPid;
  private volatile boolean fenced;

  private PostgresStore(String url, Connection conn, String holder, long term, Runnable onFenced) {
    this.url = url;
    this.conn = conn;
    this.writes = new StoreWrites(conn);
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
        writes.apply(op);
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
    writes.close();
    closeQuietly(conn);
    conn = DriverManager.getConnection(url);
    writes = new StoreWrites(conn);
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
    PreparedStatement p = writes.stmt("UPDATE leader SET holder = holder WHERE id = 1 AND term = ?");
    p.setLong(1, term);
    if (p.executeUpdate() != 1) {
      throw new FencedException("a newer leader took over " + redact(url) + "; this one (" + holder + ", term " + term
          + ") may not write");
    }
  }

  // ------------------------------------------------------------------ reading

  @Override
  public synchronized StoreContents load() {
    return StoreReads.committed(conn, "the store " + redact(url), StoreReads::load);
  }

  @Override
  public synchronized List<AuditEntry> audit(String who, long afterId, int limit) {
    return StoreReads.committed(conn, "the audit log", c -> StoreReads.audit(c, who, afterId, limit));
  }

  @Override
  public synchronized List<StoredQuotaChange> quotaHistory(String queue, int limit) {
    return StoreReads.committed(conn, "the quota history", c -> StoreReads.quotaHistory(c, queue, limit));
  }

  @Override
  public synchronized long maxBindingSequence() {
    try (Statement s = conn.createStatement();
        ResultSet r = s.executeQuery("SELECT GREATEST((SELECT MAX(seq) FROM bindings),"
            + " (SELECT CAST(json AS BIGINT) FROM settings WHERE name = '" + StoreWrites.BINDING_SEQUENCE + "'))")) {
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
        writes.close();
        conn.close(); // ends the session: the leader lock is released with it
      } catch (SQLException e) {
        // closing: nothing left to protect
      }
    }
  }
}
