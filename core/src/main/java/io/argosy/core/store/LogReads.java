package io.argosy.core.store;

import io.argosy.core.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads of the append-only logs (API audit, quota changes), in SQL both SQLite and PostgreSQL
 * accept, so the two stores share them. Callers hold their connection's lock and commit after.
 */
public final class LogReads {
  private LogReads() {}

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
}
