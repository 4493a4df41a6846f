package io.argosy.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.core.store.sqlite.SqliteStore;
import io.argosy.core.testing.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerCommandTest {
  @TempDir Path dir;

  @Test
  void aStoreUrlThatIsNotPostgresqlIsBadInputAndThePasswordIsNotShown() {
    Cli.Run r = Cli.run("server", "--data", dir.toString(), "--port", "0", "--store", "mysql://db/x?user=a&password=s3cret");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--store: expected jdbc:postgresql://").doesNotContain("s3cret");
  }

  @Test
  void aSecondServerWithoutStandbyOnALockedDataDirectoryFailsAtOnce() {
    try (SqliteStore held = SqliteStore.open(dir, SqliteStore.Sync.NORMAL)) {
      Cli.Run r = Cli.run("server", "--data", dir.toString(), "--port", "0");
      assertThat(r.exit()).isNotZero();
      assertThat(r.err()).contains("another argosy server is using the data directory");
    }
  }

  @Test
  void badDurationsAreBadInput() {
    Cli.Run r = Cli.run("server", "--data", dir.toString(), "--port", "0", "--cluster-monitor-grace", "soon");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--cluster-monitor-grace");
  }
}
