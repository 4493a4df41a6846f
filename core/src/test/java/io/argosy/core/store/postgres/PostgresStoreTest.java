package io.argosy.core.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argosy.core.store.FencedException;
import io.argosy.core.store.StoreLockedException;
import io.argosy.core.store.StoreOp;
import io.argosy.core.store.StoredJob;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PostgreSQL specifics: migrations, leader election and fencing (skipped without {@code ARGOSY_TEST_POSTGRES_URL}). */
class PostgresStoreTest {
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

  static StoredJob job(String uid) {
    return new StoredJob(uid, "default", uid, "BATCH_JOB", "default", 0, null, Instant.EPOCH, "{}", "h", 1, "Pending", List.of());
  }

  @Test
  void migratesToTheLatestVersionAndEachLeaderGetsAHigherTerm() {
    long first;
    try (PostgresStore s = PostgresStore.open(db.url(), "a", null)) {
      assertThat(s.schemaVersion()).isEqualTo(PgMigrations.latest());
      first = s.term();
      assertThatThrownBy(() -> PostgresStore.open(db.url(), "b", null))
          .isInstanceOf(StoreLockedException.class).hasMessageContaining("(a, term " + first + ")")
          .hasMessageNotContaining("password=argosy");
    }
    try (PostgresStore s = PostgresStore.open(db.url(), "b", null)) {
      assertThat(s.term()).isEqualTo(first + 1);
      assertThat(s.schemaVersion()).isEqualTo(PgMigrations.latest());
    }
  }

  @Test
  void aLeaderWhoseSessionDiedReconnectsAndKeepsWritingIfNobodyTookOver() throws Exception {
    try (PostgresStore a = PostgresStore.open(db.url(), "a", null)) {
      a.write(List.of(new StoreOp.JobAccepted(job("u1")))).get(10, TimeUnit.SECONDS);
      db.execute("SELECT pg_terminate_backend(" + a.sessionPid() + ")");
      a.write(List.of(new StoreOp.JobAccepted(job("u2")))).get(30, TimeUnit.SECONDS);
      assertThat(a.load().jobs()).hasSize(2);
    }
  }

  @Test
  void aDeposedLeaderIsFencedEvenAfterTheNewLeaderLeft() throws Exception {
    AtomicInteger fenced = new AtomicInteger();
    try (PostgresStore a = PostgresStore.open(db.url(), "a", fenced::incrementAndGet)) {
      a.write(List.of(new StoreOp.JobAccepted(job("u1")))).get(10, TimeUnit.SECONDS);
      db.execute("SELECT pg_terminate_backend(" + a.sessionPid() + ")"); // a partition: a's lock is gone
      try (PostgresStore b = PostgresStore.open(db.url(), "b", null)) {
        assertThat(b.term()).isEqualTo(a.term() + 1);
        b.write(List.of(new StoreOp.JobAccepted(job("u2")))).get(10, TimeUnit.SECONDS);
        // while b leads, a cannot even take the lock back
        assertThatThrownBy(() -> a.write(List.of(new StoreOp.JobAccepted(job("x1")))).get(30, TimeUnit.SECONDS))
            .hasCauseInstanceOf(FencedException.class);
      }
      assertThatThrownBy(() -> a.write(List.of(new StoreOp.JobAccepted(job("x2")))).get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(FencedException.class);
      assertThat(fenced.get()).isEqualTo(1);
    }
    try (PostgresStore c = PostgresStore.open(db.url(), "c", null)) {
      assertThat(c.load().jobs()).extracting(StoredJob::uid).containsExactly("u1", "u2");
    }
  }

  @Test
  void termFencingRefusesALeaderThatRetookTheLockAfterANewerTerm() throws Exception {
    AtomicInteger fenced = new AtomicInteger();
    try (PostgresStore a = PostgresStore.open(db.url(), "a", fenced::incrementAndGet)) {
      db.execute("SELECT pg_terminate_backend(" + a.sessionPid() + ")");
      PostgresStore.open(db.url(), "b", null).close(); // b led for a moment (term + 1) and left
      // a reconnects and gets the free lock, but its term is stale: the write is refused
      assertThatThrownBy(() -> a.write(List.of(new StoreOp.JobAccepted(job("x1")))).get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(FencedException.class).hasMessageContaining("a newer leader took over");
      assertThat(fenced.get()).isEqualTo(1);
    }
  }
}
