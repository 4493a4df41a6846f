package io.argosy.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Store} must do, run against each implementation (SQLite and PostgreSQL): a
 * subclass says how to open (and reopen) one store location.
 */
public abstract class StoreContract {
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  /** Opens the store under test; a second call while the first is open must fail with {@link StoreLockedException}. */
  protected abstract Store open();

  static StoredJob job(String uid, String name, long seq) {
    return new StoredJob(uid, "default", name, "BATCH_JOB", "default", 0, null, T0.plusSeconds(seq),
        "{\"kind\":\"Job\",\"metadata\":{\"name\":\"" + name + "\"}}", "hash-" + name, seq, "Pending", List.of());
  }

  @Test
  void everythingWrittenIsReadBackAfterReopening() throws Exception {
    try (Store s = open()) {
      assertThat(s.load().jobs()).isEmpty();
      assertThat(s.maxBindingSequence()).isZero();
      s.write(List.of(
          new StoreOp.ConfigPut(ConfigKind.QUEUE, "research", "{\"name\":\"research\"}"),
          new StoreOp.ConfigPut(ConfigKind.QUEUE, "gone", "{\"name\":\"gone\"}"),
          new StoreOp.ConfigPut(ConfigKind.PRIORITY_CLASS, "high", "{\"name\":\"high\",\"value\":1000}"),
          new StoreOp.ConfigPut(ConfigKind.CLUSTER, "c1", "{\"cordoned\":true}"),
          new StoreOp.ConfigPut(ConfigKind.SETTING, "scheduling-policy", "{}"),
          new StoreOp.JobAccepted(job("u1", "a", 1)),
          new StoreOp.JobAccepted(job("u2", "b", 2)))).get(10, TimeUnit.SECONDS);
      s.write(List.of(
          new StoreOp.JobTransition("u1", "Pending", "Admitted", "placed 2 pods", T0.plusSeconds(5)),
          new StoreOp.JobTransition("u1", "Admitted", "Bound", "bound to cluster a", T0.plusSeconds(5)),
          new StoreOp.JobTransition("nobody", "Pending", "Bound", "ignored: no such job", T0),
          new StoreOp.BindingSaved(new StoredBinding("a-b1", "u1", "default/a", "c1", "[]", T0.plusSeconds(5), 1, false, false)),
          new StoreOp.BindingSaved(new StoredBinding("b-b2", "u2", "default/b", "c1", "[{\"pod\":1}]", T0.plusSeconds(6), 2, false, false)),
          new StoreOp.BindingAccepted("a-b1"),
          new StoreOp.BindingClosed("b-b2", "rejected"),
          new StoreOp.ConfigDeleted(ConfigKind.QUEUE, "gone"),
          new StoreOp.ConfigPut(ConfigKind.QUEUE, "research", "{\"name\":\"research\",\"weight\":2}"))).get(10, TimeUnit.SECONDS);
    }
    try (Store s = open()) {
      StoreContents c = s.load();
      assertThat(c.config(ConfigKind.QUEUE)).containsOnlyKeys("research")
          .containsEntry("research", "{\"name\":\"research\",\"weight\":2}");
      assertThat(c.config(ConfigKind.PRIORITY_CLASS)).containsOnlyKeys("high");
      assertThat(c.config(ConfigKind.CLUSTER)).containsEntry("c1", "{\"cordoned\":true}");
      assertThat(c.config(ConfigKind.SETTING)).containsKey("scheduling-policy");
      assertThat(c.jobs()).extracting(StoredJob::name).containsExactly("a", "b");
      StoredJob a = c.jobs().get(0);
      assertThat(a.state()).isEqualTo("Bound");
      assertThat(a.submittedAt()).isEqualTo(T0.plusSeconds(1));
      assertThat(a.manifest()).isEqualTo(job("u1", "a", 1).manifest());
      assertThat(a.history()).extracting(StoredTransition::to).containsExactly("Pending", "Admitted", "Bound");
      assertThat(a.history().get(0).reason()).isEqualTo("Submitted");
      assertThat(a.history().get(0).from()).isNull();
      assertThat(a.history().get(2).reason()).isEqualTo("bound to cluster a");
      assertThat(c.bindings()).extracting(StoredBinding::bindingId).containsExactly("a-b1", "b-b2");
      assertThat(c.bindings().get(0).accepted()).isTrue();
      assertThat(c.bindings().get(0).closed()).isFalse();
      assertThat(c.bindings().get(1).closed()).as("the last placement of job b, kept for display").isTrue();
      assertThat(c.bindings().get(1).pods()).isEqualTo("[{\"pod\":1}]");
      assertThat(s.maxBindingSequence()).isEqualTo(2);
      assertThat(c.maxJobSequence()).isEqualTo(2);
    }
  }

  @Test
  void karmadaObjectsTheAuditLogAndQuotaHistoryAreReadBack() throws Exception {
    try (Store s = open()) {
      s.write(List.of(
          new StoreOp.ConfigPut(ConfigKind.OVERRIDE_POLICY, "default/registry", "{\"kind\":\"OverridePolicy\"}"),
          new StoreOp.ConfigPut(ConfigKind.DEPENDENCY, "Secret/default/creds", "{\"sealed\":\"x\"}"),
          new StoreOp.AuditRecorded(new AuditEntry(0, T0, "alice", "admin", "PUT", "/v1/queues/q", 200, List.of("Queue q"))),
          new StoreOp.AuditRecorded(new AuditEntry(0, T0.plusSeconds(1), "bob", "submitter", "POST", "/v1/jobs", 201,
              List.of("Job default/a"))),
          new StoreOp.QuotaChanged("q", "alice", T0, "created", null, "{\"capability\":{}}"),
          new StoreOp.QuotaChanged("q", "alice", T0.plusSeconds(2), "configured", "{\"capability\":{}}",
              "{\"capability\":{\"nvidia.com/gpu\":8}}"))).get(10, TimeUnit.SECONDS);
    }
    try (Store s = open()) {
      StoreContents c = s.load();
      assertThat(c.config(ConfigKind.OVERRIDE_POLICY)).containsOnlyKeys("default/registry");
      assertThat(c.config(ConfigKind.DEPENDENCY)).containsOnlyKeys("Secret/default/creds");
      assertThat(s.audit(null, 0, 10)).extracting(AuditEntry::who).containsExactly("alice", "bob");
      assertThat(s.audit("bob", 0, 10)).singleElement().satisfies(e -> {
        assertThat(e.path()).isEqualTo("/v1/jobs");
        assertThat(e.objects()).containsExactly("Job default/a");
      });
      assertThat(s.quotaHistory("q", 10)).extracting(StoredQuotaChange::action).containsExactly("configured", "created");
      assertThat(s.quotaHistory("other", 10)).isEmpty();
    }
  }

  @Test
  void onlyTheLastClosedPlacementOfAJobIsLoaded() throws Exception {
    try (Store s = open()) {
      s.write(List.of(new StoreOp.JobAccepted(job("u1", "a", 1)),
          new StoreOp.BindingSaved(new StoredBinding("a-1", "u1", "default/a", "c1", "[]", T0, 1, true, false)),
          new StoreOp.BindingClosed("a-1", "preempted"),
          new StoreOp.BindingSaved(new StoredBinding("a-2", "u1", "default/a", "c2", "[]", T0.plusSeconds(9), 2, true, false)),
          new StoreOp.BindingClosed("a-2", "succeeded"))).get(10, TimeUnit.SECONDS);
      assertThat(s.load().bindings()).extracting(StoredBinding::bindingId).containsExactly("a-2");
    }
  }

  @Test
  void purgingAJobDropsItsHistoryAndBindingsButNotTheBindingSequence() throws Exception {
    try (Store s = open()) {
      s.write(List.of(new StoreOp.JobAccepted(job("u1", "a", 1)),
          new StoreOp.BindingSaved(new StoredBinding("a-b7", "u1", "default/a", "c1", "[]", T0, 7, true, false)))).get();
      s.write(List.of(new StoreOp.JobPurged("u1"))).get();
      s.write(List.of(new StoreOp.JobAccepted(job("u9", "a", 2)))).get();
      StoreContents c = s.load();
      assertThat(c.jobs()).extracting(StoredJob::uid).containsExactly("u9");
      assertThat(c.jobs().get(0).history()).hasSize(1);
      assertThat(c.bindings()).isEmpty();
      assertThat(s.maxBindingSequence()).isEqualTo(7);
    }
  }

  @Test
  void aFailingGroupFailsAloneAndTheOthersCommit() throws Exception {
    try (Store s = open()) {
      s.write(List.of(new StoreOp.JobAccepted(job("u1", "a", 1)))).get();
      List<CompletableFuture<Void>> good = new ArrayList<>();
      good.add(s.write(List.of(new StoreOp.JobAccepted(job("u2", "b", 2)))));
      CompletableFuture<Void> bad =
          s.write(List.of(new StoreOp.JobAccepted(job("u3", "c", 3)), new StoreOp.JobAccepted(job("u1", "dup", 4))));
      CompletableFuture<Void> sameName = s.write(List.of(new StoreOp.JobAccepted(job("u4", "b", 4))));
      good.add(s.write(List.of(new StoreOp.JobAccepted(job("u5", "e", 5)))));
      CompletableFuture.allOf(good.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
      assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasMessageContaining("uid");
      assertThatThrownBy(() -> sameName.get(10, TimeUnit.SECONDS)).as("one job per namespace/name").isNotNull();
      assertThat(s.load().jobs()).extracting(StoredJob::name).containsExactly("a", "b", "e");
      assertThat(s.stats().failures()).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void concurrentWritersAreAllDurable() throws Exception {
    int threads = 4;
    int each = 100;
    try (Store s = open()) {
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
    }
    try (Store s = open()) {
      List<StoredJob> jobs = s.load().jobs();
      assertThat(jobs).hasSize(threads * each);
      assertThat(jobs).allSatisfy(j -> assertThat(j.state()).isEqualTo("Admitted"));
      assertThat(jobs).allSatisfy(j -> assertThat(j.history()).hasSize(2));
    }
  }

  @Test
  void aSecondServerCannotOpenTheStoreUntilTheFirstCloses() {
    try (Store s = open()) {
      assertThatThrownBy(this::open).isInstanceOf(StoreLockedException.class).hasMessageContaining("another argosy server");
    }
    open().close();
  }

  @Test
  void writesAfterCloseFailAndCloseCommitsWhatWasQueued() throws Exception {
    Store s = open();
    CompletableFuture<Void> queued = s.write(List.of(new StoreOp.JobAccepted(job("u1", "a", 1))));
    s.close();
    assertThat(queued).isCompleted();
    assertThat(queued.isCompletedExceptionally()).isFalse();
    assertThatThrownBy(() -> s.write(List.of(new StoreOp.JobPurged("u1"))).get()).hasMessageContaining("closed");
    try (Store again = open()) {
      assertThat(again.load().jobs()).hasSize(1);
    }
  }
}
