package io.argosy.core.store;

import io.argosy.core.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stores' reads (everything on restart, the API audit log, quota changes), in SQL both SQLite
 * and PostgreSQL accept, so the two stores share them. Callers hold their connection's lock and
 * commit after.
 */
public final class StoreReads {
  private StoreReads() {}

  /**
   * What a restart rebuilds from: every configuration object, every job with its history, and the
   * open bindings plus each job's last closed one.
   */
  public static StoreContents load(Connection c) throws SQLException {
    Map<ConfigKind, Map<String, String>> config = new EnumMap<>(ConfigKind.class);
    for (ConfigKind k : ConfigKind.values()) {
      Map<String, String> rows = new LinkedHashMap<>();
      try (Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT name, json FROM " + k.table() + " ORDER BY name")) {
        while (r.next()) {
          rows.put(r.getString(1), r.getString(2));
        }
      }
      config.put(k, rows);
    }
    Map<String, List<StoredTransition>> history = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT uid, from_state, to_state, reason, at FROM job_events ORDER BY id")) {
      while (r.next()) {
        history.computeIfAbsent(r.getString(1), k -> new ArrayList<>())
            .add(new StoredTransition(r.getString(2), r.getString(3), r.getString(4), Instant.ofEpochMilli(r.getLong(5))));
      }
    }
    List<StoredJob> jobs = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT uid, namespace, name, kind, queue, priority, priority_class, submitted_at,"
            + " manifest, manifest_hash, seq, state FROM jobs ORDER BY seq")) {
      while (r.next()) {
        String uid = r.getString(1);
        jobs.add(new StoredJob(uid, r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getInt(6),
            r.getString(7), Instant.ofEpochMilli(r.getLong(8)), r.getString(9), r.getString(10), r.getLong(11),
            r.getString(12), history.getOrDefault(uid, List.of())));
      }
    }
    List<StoredBinding> bindings = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT binding_id, uid, job_id, cluster, pods, created_at, seq, accepted, closed"
            + " FROM bindings b WHERE NOT closed OR created_at = (SELECT MAX(created_at) FROM bindings x WHERE x.uid = b.uid)"
            + " ORDER BY seq")) {
      while (r.next()) {
        bindings.add(new StoredBinding(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
            Instant.ofEpochMilli(r.getLong(6)), r.getLong(7), r.getBoolean(8), r.getBoolean(9)));
      }
    }
    return new StoreContents(config, jobs, bindings);
  }

  /** The last {@code limit} audit entries after {@code afterId}, of {@code who} or of all, oldest first. */
  public static List<AuditEntry> audit(Connection c, String who, long afterId, int limit) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT id, at, who, role, method, path, status, objects FROM audit"
        + " WHERE id > ? AND (CAST(? AS TEXT) IS NULL OR who = ?) ORDER BY id DESC LIMIT ?")) {
      p.setLong(1, afterId);
      p.setString(2, who);
      p.setString(3, who);
      p.setInt(4, Math.max(0, limit));
      List<AuditEntry> out = new ArrayList<>();
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(new AuditEntry(r.getLong(1), Instant.ofEpochMilli(r.getLong(2)), r.getString(3), r.getString(4),
              r.getString(5), r.getString(6), r.getInt(7), List.of(Json.read(r.getString(8), String[].class))));
        }
      }
      Collections.reverse(out);
      return out;
    }
  }

  /** At most {@code limit} quota changes, newest first, of one queue or of all ({@code queue} null). */
  public static List<StoredQuotaChange> quotaHistory(Connection c, String queue, int limit) throws SQLException {
    String sql = "SELECT id, queue, who, at, action, before, after FROM quota_changes"
        + (queue == null ? "" : " WHERE queue = ?") + " ORDER BY id DESC LIMIT ?";
    try (PreparedStatement p = c.prepareStatement(sql)) {
      int i = 1;
      if (queue != null) {
        p.setString(i++, queue);
      }
      p.setInt(i, Math.max(0, limit));
      List<StoredQuotaChange> out = new ArrayList<>();
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(new StoredQuotaChange(r.getLong(1), r.getString(2), r.getString(3), Instant.ofEpochMilli(r.getLong(4)),
              r.getString(5), r.getString(6), r.getString(7)));
        }
      }
      return out;
    }
  }

  /** One read on the connection, ended by a commit (the connection is not in auto-commit mode). */
  @FunctionalInterface
  public interface Read<T> {
    T run(Connection c) throws SQLException;
  }

  /** Runs {@code read} and commits; a failure becomes an IllegalStateException saying what was read. */
  public static <T> T committed(Connection c, String what, Read<T> read) {
    try {
      T out = read.run(c);
      c.commit();
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read " + what + ": " + e.getMessage(), e);
    }
  }
}
