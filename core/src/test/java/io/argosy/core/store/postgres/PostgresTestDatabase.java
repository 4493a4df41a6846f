package io.argosy.core.store.postgres;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A throw-away schema in the PostgreSQL database named by {@code ARGOSY_TEST_POSTGRES_URL} (set by
 * {@code .ci/run}, which installs and starts Debian's PostgreSQL). Without it the calling test is
 * skipped, saying why.
 */
public final class PostgresTestDatabase implements AutoCloseable {
  public static final String ENV = "ARGOSY_TEST_POSTGRES_URL";
  private final String base;
  private final String schema;

  private PostgresTestDatabase(String base, String schema) {
    this.base = base;
    this.schema = schema;
  }

  /** The base URL, or the test is skipped with a message saying how to run it. */
  public static String baseUrl() {
    String url = System.getenv(ENV);
    assumeTrue(url != null && !url.isBlank(), ENV + " is not set: PostgreSQL store tests skipped"
        + " (.ci/run sets it; or: source .ci/postgres.sh)");
    return url;
  }

  public static PostgresTestDatabase create() {
    String base = baseUrl();
    String schema = "argosy_t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a test schema in " + base + ": " + e.getMessage(), e);
    }
    return new PostgresTestDatabase(base, schema);
  }

  /** A URL whose connections use the test schema. */
  public String url() {
    return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  public String schema() {
    return schema;
  }

  /** Runs SQL as the test role in the test schema (e.g. to end another session). */
  public void execute(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Override
  public void close() {
    try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      // a leftover schema only costs space
    }
  }
}
