package io.argosy.core.store.postgres;

import io.argosy.core.store.Store;
import io.argosy.core.store.StoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The store contract against PostgreSQL (skipped without {@code ARGOSY_TEST_POSTGRES_URL}). */
class PostgresStoreContractTest extends StoreContract {
  PostgresTestDatabase db;

  @BeforeEach
  void createSchema() {
    db = PostgresTestDatabase.create();
  }

  @AfterEach
  void dropSchema() {
    if (db != null) {
      db.close();
    }
  }

  @Override
  protected Store open() {
    return PostgresStore.open(db.url(), "test", null);
  }
}
