package io.argosy.core.store.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Ordered SQL migrations. The database records the versions applied in {@code schema_version};
 * opening a store applies every version it lacks in ascending order, each in its own transaction
 * (versions are reserved per feature, so a build may have gaps, and a version merged later than a
 * higher one is still applied). A database newer than this build is refused rather than misread.
 */
final class Migrations {
  /**
   * The scripts in version order; a script's version is the number after its {@code V}. Append,
   * never edit a released script. Versions are reserved per feature while branches are open, so a
   * number may be missing for a while: each script not yet recorded is applied, in order.
   */
  static final List<String> SCRIPTS = List.of("V1__schema.sql", "V2__bindings_by_job.sql", "V3__karmada.sql", "V4__audit.sql",
      "V5__quota_audit.sql");

  private Migrations() {}

  static int version(String script) {
    return Integer.parseInt(script.substring(1, script.indexOf("__")));
  }

  static int latest() {
    return SCRIPTS.stream().mapToInt(Migrations::version).max().orElse(0);
  }

  /** Applies every script not yet recorded, in order; returns the highest version found before. */
  static int migrate(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeUpdate("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
    }
    int current = current(c);
    if (current > latest()) {
      throw new SQLException("the database has schema version " + current + ", newer than this build's " + latest()
          + "; use a newer argosy");
    }
    Set<Integer> applied = applied(c);
    for (String script : SCRIPTS) {
      int v = version(script);
      if (applied.contains(v)) {
        continue;
      }
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        for (String sql : statements(read(script))) {
          s.executeUpdate(sql);
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)")) {
          p.setInt(1, v);
          p.setLong(2, System.currentTimeMillis());
          p.executeUpdate();
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw new SQLException("migration " + script + " failed: " + e.getMessage(), e);
      } finally {
        c.setAutoCommit(auto);
      }
    }
    return current;
  }

  private static Set<Integer> applied(Connection c) throws SQLException {
    Set<Integer> out = new HashSet<>();
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT version FROM schema_version")) {
      while (r.next()) {
        out.add(r.getInt(1));
      }
    }
    return out;
  }

  static int current(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
      return r.next() ? r.getInt(1) : 0;
    }
  }

  private static String read(String script) {
    try (InputStream in = Migrations.class.getResourceAsStream(script)) {
      if (in == null) {
        throw new IllegalStateException("missing migration " + script);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Splits a script into statements: comments dropped, {@code ;} at the end of a line ends one. */
  static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder b = new StringBuilder();
    for (String line : script.split("\n")) {
      String l = line.strip();
      if (l.startsWith("--") || l.isEmpty()) {
        continue;
      }
      int comment = l.indexOf(" --");
      if (comment >= 0) {
        l = l.substring(0, comment).strip();
      }
      b.append(l).append('\n');
      if (l.endsWith(";")) {
        out.add(b.toString().strip());
        b.setLength(0);
      }
    }
    if (!b.toString().isBlank()) {
      out.add(b.toString().strip());
    }
    return out;
  }
}
