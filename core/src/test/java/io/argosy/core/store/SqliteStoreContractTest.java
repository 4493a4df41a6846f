package io.argosy.core.store;

import io.argosy.core.store.sqlite.SqliteStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract against the embedded SQLite store. */
class SqliteStoreContractTest extends StoreContract {
  @TempDir Path dir;

  @Override
  protected Store open() {
    return SqliteStore.open(dir, SqliteStore.Sync.NORMAL);
  }
}
