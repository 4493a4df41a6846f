package io.argosy.core.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.argosy.api.WithdrawReason;
import io.argosy.core.json.Json;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/**
 * Kubernetes' TTL-after-finished, for the objects Argosy created: when a job that sets
 * {@code spec.ttlSecondsAfterFinished} (batch/v1 Job and Volcano Job alike) has succeeded, its
 * pods (or Volcano Job) are withdrawn from the member cluster that many seconds later, after the
 * outcome is durable. Without the field they stay, as a Job's pods stay in Kubernetes. Failed jobs
 * are withdrawn at once already (their bindings close with {@code cancel}). The timers live in
 * memory: after a restart, the objects of jobs that finished before it stay behind. Scheduler
 * thread only.
 */
final class FinishedCleanup {
  private record Due(long atNanos, String cluster, io.argosy.queue.job.JobId job, String bindingId) {}

  private final ControlLoop loop;
  private final PriorityQueue<Due> due = new PriorityQueue<>((a, b) -> Long.compare(a.atNanos, b.atNanos));

  FinishedCleanup(ControlLoop loop) {
    this.loop = loop;
  }

  /** The job succeeded with these bindings: schedule their withdrawal if its manifest asks for it. */
  void finished(JobRecord r, List<BindingEntry> bindings) {
    long ttl = ttlSeconds(r.job.source());
    if (ttl < 0) {
      return;
    }
    long at = System.nanoTime() + TimeUnit.SECONDS.toNanos(ttl);
    for (BindingEntry e : bindings) {
      if (ttl == 0) {
        loop.withdrawAfterCommit(e.cluster, r.job.id(), e.wireId, WithdrawReason.FINISHED);
      } else {
        due.add(new Due(at, e.cluster, r.job.id(), e.wireId));
      }
    }
  }

  /** Sends the withdrawals whose time has come. */
  void due(long now) {
    while (!due.isEmpty() && now - due.peek().atNanos >= 0) {
      Due d = due.poll();
      loop.withdrawAfterCommit(d.cluster, d.job, d.bindingId, WithdrawReason.FINISHED);
    }
  }

  boolean pending() {
    return !due.isEmpty();
  }

  long nextDueNanos() {
    return due.peek().atNanos;
  }

  /** {@code spec.ttlSecondsAfterFinished} of the stored manifest (normalised JSON), or -1. */
  static long ttlSeconds(String manifest) {
    if (manifest == null || !manifest.contains("ttlSecondsAfterFinished")) {
      return -1;
    }
    try {
      JsonNode ttl = Json.mapper().readTree(manifest).path("spec").path("ttlSecondsAfterFinished");
      return ttl.canConvertToLong() && ttl.asLong() >= 0 ? ttl.asLong() : -1;
    } catch (java.io.IOException e) {
      return -1;
    }
  }
}
