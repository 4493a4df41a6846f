package io.argosy.core.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {
  @TempDir Path dir;

  @Test
  void scriptsSplitIntoStatementsWithoutComments() {
    assertThat(Migrations.statements("-- header\nCREATE TABLE a (x INTEGER); -- trailing\n\nCREATE INDEX i ON a (x);\n"))
        .containsExactly("CREATE TABLE a (x INTEGER);", "CREATE INDEX i ON a (x);");
  }

  @Test
  void migratingTwiceAppliesEachVersionOnce() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"))) {
      assertThat(Migrations.migrate(c)).isZero();
      assertThat(Migrations.migrate(c)).isEqualTo(Migrations.latest());
      assertThat(Migrations.current(c)).isEqualTo(Migrations.latest());
    }
  }

  @Test
  void aDatabaseFromANewerBuildIsRefused() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"))) {
      Migrations.migrate(c);
      try (Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO schema_version (version, applied_at) VALUES (99, 0)");
      }
      assertThatThrownBy(() -> Migrations.migrate(c)).hasMessageContaining("schema version 99, newer than this build's");
    }
  }

  @Test
  void aVersionMissingBelowTheCurrentOneIsStillApplied() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"))) {
      Migrations.migrate(c);
      try (Statement s = c.createStatement()) {
        s.executeUpdate("DROP INDEX bindings_by_job");
        s.executeUpdate("DELETE FROM schema_version WHERE version = 2");
      }
      assertThat(Migrations.migrate(c)).isEqualTo(Migrations.latest());
      try (Statement s = c.createStatement();
          var r = s.executeQuery("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'bindings_by_job'")) {
        assertThat(r.getInt(1)).isEqualTo(1);
      }
    }
  }
}
