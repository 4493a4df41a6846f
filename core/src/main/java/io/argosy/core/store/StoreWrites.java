package io.argosy.core.store;

import io.argosy.core.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The stores' writes: one {@link StoreOp} as SQL inside the caller's transaction, in SQL both SQLite
 * and PostgreSQL accept ({@code TRUE} is 1 in SQLite, {@code BIGINT} has integer affinity there), so
 * the two stores share them. Prepared statements are cached per connection; used by the store
 * thread only. A new {@link StoreOp} gets its branch here and a test in {@code StoreContract}.
 */
public final class StoreWrites implements AutoCloseable {
  /** The settings row that keeps the highest binding sequence ever handed out. */
  public static final String BINDING_SEQUENCE = "binding-sequence";

  private final Connection conn;
  private final Map<String, PreparedStatement> statements = new HashMap<>();

  public StoreWrites(Connection conn) {
    this.conn = conn;
  }

  /** Writes {@code op}; the caller commits or rolls back. */
  public void apply(StoreOp op) throws SQLException {
    if (op instanceof StoreOp.JobAccepted a) {
      jobAccepted(a.job());
    } else if (op instanceof StoreOp.JobTransition t) {
      PreparedStatement p = stmt("UPDATE jobs SET state = ?, state_at = ? WHERE uid = ?");
      p.setString(1, t.to());
      p.setLong(2, t.at().toEpochMilli());
      p.setString(3, t.uid());
      if (p.executeUpdate() == 1) {
        event(t.uid(), t.from(), t.to(), t.reason(), t.at());
      }
    } else if (op instanceof StoreOp.JobPurged g) {
      update("DELETE FROM jobs WHERE uid = ?", g.uid());
    } else if (op instanceof StoreOp.BindingSaved s) {
      bindingSaved(s.binding());
    } else if (op instanceof StoreOp.BindingAccepted a) {
      update("UPDATE bindings SET accepted = TRUE WHERE binding_id = ?", a.bindingId());
    } else if (op instanceof StoreOp.BindingClosed c) {
      update("UPDATE bindings SET closed = TRUE, closed_reason = ? WHERE binding_id = ?", c.reason(), c.bindingId());
    } else if (op instanceof StoreOp.ConfigPut c) {
      PreparedStatement p = stmt("INSERT INTO " + c.kind().table() + " (name, json, updated_at) VALUES (?, ?, ?)"
          + " ON CONFLICT (name) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at");
      p.setString(1, c.name());
      p.setString(2, c.json());
      p.setLong(3, System.currentTimeMillis());
      p.executeUpdate();
    } else if (op instanceof StoreOp.ConfigDeleted d) {
      update("DELETE FROM " + d.kind().table() + " WHERE name = ?", d.name());
    } else if (op instanceof StoreOp.AuditRecorded a) {
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
    } else if (op instanceof StoreOp.QuotaChanged q) {
      PreparedStatement p = stmt("INSERT INTO quota_changes (queue, who, at, action, before, after) VALUES (?,?,?,?,?,?)");
      p.setString(1, q.queue());
      p.setString(2, q.who());
      p.setLong(3, q.at().toEpochMilli());
      p.setString(4, q.action());
      p.setString(5, q.before());
      p.setString(6, q.after());
      p.executeUpdate();
    } else {
      throw new IllegalArgumentException("unknown store op " + op);
    }
  }

  private void jobAccepted(StoredJob j) throws SQLException {
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
  }

  private void bindingSaved(StoredBinding b) throws SQLException {
    PreparedStatement p = stmt("INSERT INTO bindings (binding_id, uid, job_id, cluster, pods, created_at, seq, accepted)"
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
    // the sequence outlives purged bindings, so a restart never hands out a used binding id
    PreparedStatement q = stmt("INSERT INTO settings (name, json, updated_at) VALUES (?, ?, ?)"
        + " ON CONFLICT (name) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at"
        + " WHERE CAST(excluded.json AS BIGINT) > CAST(settings.json AS BIGINT)");
    q.setString(1, BINDING_SEQUENCE);
    q.setString(2, Long.toString(b.sequence()));
    q.setLong(3, System.currentTimeMillis());
    q.executeUpdate();
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

  private void update(String sql, String... args) throws SQLException {
    PreparedStatement p = stmt(sql);
    for (int i = 0; i < args.length; i++) {
      p.setString(i + 1, args[i]);
    }
    p.executeUpdate();
  }

  /** A cached prepared statement on this connection (also for a store's own checks). */
  public PreparedStatement stmt(String sql) throws SQLException {
    PreparedStatement p = statements.get(sql);
    if (p == null) {
      p = conn.prepareStatement(sql);
      statements.put(sql, p);
    }
    return p;
  }

  /** Closes the cached statements (not the connection). */
  @Override
  public void close() {
    for (PreparedStatement p : statements.values()) {
      try {
        p.close();
      } catch (SQLException ignored) {
        // closing: nothing left to protect
      }
    }
    statements.clear();
  }
}
