package io.argosy.core.store.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Versioned schema migrations for PostgreSQL ({@code postgres/V<n>__*.sql}), each applied in its own
 * transaction (PostgreSQL's DDL is transactional) under a transaction-scoped advisory lock, so that
 * an active and a standby control plane starting together migrate once. A database newer than this
 * build is refused rather than misread.
 */
final class PgMigrations {
  /** Version n is {@code SCRIPTS.get(n - 1)}; append, never edit a released script. */
  static final List<String> SCRIPTS = List.of("V1__schema.sql", "V2__karmada_audit_quota.sql");

  private PgMigrations() {}

  static int latest() {
    return SCRIPTS.size();
  }

  /** Brings the schema of the connection's current schema up to {@link #latest()}; returns the version found before. */
  static int migrate(Connection c) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_xact_lock(hashtext('argosy-migrate:' || current_schema()))");
      s.executeUpdate("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
      int before = current(c);
      if (before > latest()) {
        throw new SQLException("the database has schema version " + before + ", newer than this build's " + latest()
            + "; use a newer argosy");
      }
      for (int v = before + 1; v <= latest(); v++) {
        try {
          s.execute(read(SCRIPTS.get(v - 1)));
        } catch (SQLException e) {
          throw new SQLException("migration " + SCRIPTS.get(v - 1) + " failed: " + e.getMessage(), e);
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)")) {
          p.setInt(1, v);
          p.setLong(2, System.currentTimeMillis());
          p.executeUpdate();
        }
      }
      c.commit();
      return before;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }

  static int current(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
      return r.next() ? r.getInt(1) : 0;
    }
  }

  private static String read(String script) {
    try (InputStream in = PgMigrations.class.getResourceAsStream(script)) {
      if (in == null) {
        throw new IllegalStateException("missing migration " + script);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
