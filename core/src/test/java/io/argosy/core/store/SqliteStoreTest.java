package io.argosy.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argosy.core.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLite specifics (pragmas, schema version, ordering, lock file); the shared behaviour is in {@code SqliteStoreContractTest}. */
class SqliteStoreTest {
  @TempDir Path dir;

  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  static StoredJob job(String uid, String name, long seq) {
    return new StoredJob(uid, "default", name, "BATCH_JOB", "default", 0, null, T0.plusSeconds(seq),
        "{\"kind\":\"Job\",\"metadata\":{\"name\":\"" + name + "\"}}", "hash-" + name, seq, "Pending", List.of());
  }

  /** The latest schema version is the highest {@code V<n>__*.sql} script shipped. */
  static int highestMigrationPresent() throws Exception {
    Path scripts = Path.of(SqliteStore.class.getResource("V1__schema.sql").toURI()).getParent();
    try (var files = java.nio.file.Files.list(scripts)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
          .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow();
    }
  }

  @Test
  void everythingWrittenIsReadBackAfterReopening() throws Exception {
    try (SqliteStore s = SqliteStore.open(dir, SqliteStore.Sync.FULL)) {
      assertThat(s.pragmas()).isEqualTo("wal/2");
      assertThat(s.schemaVersion()).as("the highest migration present").isEqualTo(highestMigrationPresent());
      s.write(List.of(
          new StoreOp.ConfigPut(ConfigKind.QUEUE, "research", "{\"name\":\"research\"}"),
          new StoreOp.ConfigPut(ConfigKind.PRIORITY_CLASS, "high", "{\"name\":\"high\",\"value\":1000}"),
          new StoreOp.ConfigPut(ConfigKind.SETTING, "scheduling-policy", "{}"),
          new StoreOp.JobAccepted(job("u1", "a", 1)),
          new StoreOp.JobAccepted(job("u2", "b", 2)))).get(10, TimeUnit.SECONDS);
      s.write(List.of(
          new StoreOp.JobTransition("u1", "Pending", "Admitted", "placed 2 pods", T0.plusSeconds(5)),
          new StoreOp.JobTransition("u1", "Admitted", "Bound", "bound to cluster a", T0.plusSeconds(5)),
          new StoreOp.BindingSaved(new StoredBinding("a-b1", "u1", "default/a", "c1", "[]", T0.plusSeconds(5), 1, false, false)),
          new StoreOp.BindingSaved(new StoredBinding("b-b2", "u2", "default/b", "c1", "[]", T0.plusSeconds(6), 2, false, false)),
          new StoreOp.BindingAccepted("a-b1"),
          new StoreOp.BindingClosed("b-b2", "rejected"),
          new StoreOp.ConfigPut(ConfigKind.QUEUE, "research", "{\"name\":\"research\",\"weight\":2}"))).get(10, TimeUnit.SECONDS);
    }
    try (SqliteStore s = SqliteStore.open(dir, SqliteStore.Sync.NORMAL)) {
      assertThat(s.pragmas()).isEqualTo("wal/1");
      StoreContents c = s.load();
      assertThat(c.config(ConfigKind.QUEUE)).containsEntry("research", "{\"name\":\"research\",\"weight\":2}");
      assertThat(c.config(ConfigKind.PRIORITY_CLASS)).containsOnlyKeys("high");
      assertThat(c.jobs()).extracting(StoredJob::name).containsExactly("a", "b");
      StoredJob a = c.jobs().get(0);
      assertThat(a.state()).isEqualTo("Bound");
      assertThat(a.history()).extracting(StoredTransition::to).containsExactly("Pending", "Admitted", "Bound");
      assertThat(a.history().get(0).reason()).isEqualTo("Submitted");
      assertThat(a.history().get(2).reason()).isEqualTo("bound to cluster a");
      assertThat(c.bindings()).extracting(StoredBinding::bindingId).containsExactly("a-b1", "b-b2");
      assertThat(c.bindings().get(0).accepted()).isTrue();
      assertThat(c.bindings().get(0).closed()).isFalse();
      assertThat(c.bindings().get(1).closed()).as("the last placement of job b, kept for display").isTrue();
      assertThat(s.maxBindingSequence()).isEqualTo(2);
      assertThat(c.maxJobSequence()).isEqualTo(2);
    }
  }

  @Test
  void concurrentWritersAreAllDurableInTheirOwnOrder() throws Exception {
    int threads = 8;
    int each = 150;
    try (SqliteStore s = SqliteStore.open(dir, SqliteStore.Sync.FULL)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<CompletableFuture<Void>> all = new ArrayList<>();
      List<java.util.concurrent.Future<?>> submitted = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        submitted.add(pool.submit(() -> {
          for (int i = 0; i < each; i++) {
            long seq = thread * 1000L + i;
            String uid = "t" + thread + "-" + i;
            CompletableFuture<Void> f = s.write(List.of(new StoreOp.JobAccepted(job(uid, uid, seq)),
                new StoreOp.JobTransition(uid, "Pending", "Admitted", "x", T0)));
            synchronized (all) {
              all.add(f);
            }
          }
        }));
      }
      for (var f : submitted) {
        f.get();
      }
      pool.shutdown();
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      CommitStats st = s.stats();
      assertThat(st.groups()).isEqualTo(threads * each);
      assertThat(st.ops()).isEqualTo(threads * each * 2L);
      assertThat(st.commits()).isBetween(1L, (long) threads * each);
    }
    try (SqliteStore s = SqliteStore.open(dir, SqliteStore.Sync.FULL)) {
      List<StoredJob> jobs = s.load().jobs();
      assertThat(jobs).hasSize(threads * each);
      assertThat(jobs).allSatisfy(j -> assertThat(j.state()).isEqualTo("Admitted"));
    }
  }

  @Test
  void aSecondServerCannotOpenTheSameDataDirectory() {
    try (SqliteStore s = SqliteStore.open(dir, SqliteStore.Sync.FULL)) {
      assertThatThrownBy(() -> SqliteStore.open(dir, SqliteStore.Sync.FULL))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("another argosy server is using the data directory");
    }
    SqliteStore.open(dir, SqliteStore.Sync.FULL).close();
  }

  @Test
  void auditEntriesAreAppendedAndReadBackNewestLastPerCaller() throws Exception {
    try (SqliteStore s = SqliteStore.open(dir, SqliteStore.Sync.NORMAL)) {
      for (int i = 0; i < 5; i++) {
        s.write(List.of(new StoreOp.AuditRecorded(new AuditEntry(0, Instant.ofEpochMilli(1000 + i), i % 2 == 0 ? "ops" : "ci",
            "admin", "POST", "/v1/jobs", 201, List.of("Job default/j" + i))))).get(10, TimeUnit.SECONDS);
      }
    }
    try (SqliteStore s = SqliteStore.open(dir, SqliteStore.Sync.NORMAL)) {
      List<AuditEntry> last2 = s.audit(null, 0, 2);
      assertThat(last2).extracting(e -> e.objects().get(0)).containsExactly("Job default/j3", "Job default/j4");
      assertThat(last2.get(1).at()).isEqualTo(Instant.ofEpochMilli(1004));
      assertThat(s.audit("ci", 0, 100)).extracting(AuditEntry::who).containsExactly("ci", "ci");
      long firstId = s.audit(null, 0, 100).get(0).id();
      assertThat(s.audit(null, firstId, 100)).hasSize(4);
    }
  }
}
