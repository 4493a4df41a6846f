package io.argosy.core.control;

import io.argosy.core.view.PodView;
import io.argosy.core.view.TransitionView;
import io.argosy.queue.job.Job;
import io.argosy.queue.job.JobState;
import io.argosy.queue.placement.PolicyTarget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything the scheduler thread knows about one job beyond what the queues hold. */
final class JobRecord {
  final String uid;
  final long sequence;
  /** Replaced only while pending, when a policy change gives it a new placement. */
  Job job;
  /** What propagation and override policies select it by (its identity and labels); read from the manifest when first needed. */
  private PolicyTarget target;
  /** The dependencies its own manifest references ({@code Kind/ns/name}); read when first needed. */
  private java.util.Set<String> dependencyRefs;
  /** The propagation policy that placed it ({@code Kind [ns/]name}), or null when none applies. */
  String propagationPolicy;
  /** Per cluster of its current (or last) bindings: what override policies changed in the manifest sent there. */
  Map<String, List<String>> overrides = Map.of();
  final String apiVersion;
  final String kind;
  JobState state = JobState.PENDING;
  String reason = "Submitted";
  Instant updatedAt;
  final List<TransitionView> history = new ArrayList<>();
  List<String> pendingReasons = List.of();
  /** Current bindings by wire id. */
  final Map<String, BindingEntry> bindings = new LinkedHashMap<>();
  /** The placement last shown, kept after the job ends or is requeued until it is placed again. */
  List<PodView> placement = List.of();
  List<String> clusters = List.of();
  /** Submission arrival (nanoTime) until its first binding is sent; 0 afterwards. */
  long arrivedNanos;
  /** Submission arrival (nanoTime) until the job first runs (submit-to-running); 0 afterwards. */
  long submittedNanos;
  /** Restarts after infrastructure failures (NodeLost, Deleted, cluster lost). */
  int restarts;
  /** Set while the job waits out a backoff before it is requeued. */
  long requeueAtNanos;
  String requeueReason;
  /** The requeue metric's cause once the backoff is over. */
  String requeueCause;
  /** Whether the view needs publishing (the record is then in the loop's dirty list). */
  boolean dirty;

  JobRecord(String uid, long sequence, Job job, String apiVersion, String kind) {
    this.uid = uid;
    this.sequence = sequence;
    this.job = job;
    this.apiVersion = apiVersion;
    this.kind = kind;
    this.updatedAt = job.submitTime();
  }

  PolicyTarget target() {
    if (target == null) {
      target = PolicyTargets.of(job);
    }
    return target;
  }

  java.util.Set<String> dependencyRefs() {
    if (dependencyRefs == null) {
      dependencyRefs = io.argosy.core.deps.DependencyRefs.of(job.source());
    }
    return dependencyRefs;
  }

  boolean live() {
    return !state.isTerminal();
  }
}
