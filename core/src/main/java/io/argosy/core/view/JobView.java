package io.argosy.core.view;

import java.util.List;

/**
 * A job as the API shows it ({@code GET /v1/jobs/NS/NAME}, {@code argosy get jobs -o json},
 * {@code argosy describe job}). Listings leave out {@code history}. Stable: pinned by ApiJsonTest.
 *
 * @param uid unique per accepted job
 * @param apiVersion and {@code kind}: what was submitted
 * @param state {@code Pending}, {@code Admitted}, {@code Bound}, {@code Running}, {@code Succeeded},
 *     {@code Failed}, {@code Preempted} or {@code Cancelled}
 * @param reason why it is in that state (the last transition's reason)
 * @param pods pods the job asks for (all replicas)
 * @param clusters where its current binding(s) put it, empty while pending
 * @param placement every pod of its current binding(s), or the last ones once it ended
 * @param pendingReasons while pending: why, per cluster (one line per distinct reason)
 * @param history every state change, oldest first (null in listings)
 * @param propagationPolicy the Karmada propagation policy that places it ({@code PropagationPolicy ns/name} or
 *     {@code ClusterPropagationPolicy name}), null when none selects it
 * @param overrides per cluster of its current (or last) placement, what override policies changed in the
 *     manifest sent there; empty when nothing was overridden
 */
public record JobView(
    String namespace,
    String name,
    String uid,
    String apiVersion,
    String kind,
    String queue,
    int priority,
    String priorityClass,
    String state,
    String reason,
    String submittedAt,
    String updatedAt,
    int pods,
    List<String> clusters,
    List<PodView> placement,
    List<String> pendingReasons,
    List<TransitionView> history,
    String propagationPolicy,
    List<ClusterOverrides> overrides) {

  /** What override policies changed in the manifest one cluster received, one line per change. */
  public record ClusterOverrides(String cluster, List<String> changes) {
    public ClusterOverrides {
      changes = changes == null ? List.of() : List.copyOf(changes);
    }
  }

  /** A view without Karmada policy details. */
  public JobView(String namespace, String name, String uid, String apiVersion, String kind, String queue, int priority,
      String priorityClass, String state, String reason, String submittedAt, String updatedAt, int pods,
      List<String> clusters, List<PodView> placement, List<String> pendingReasons, List<TransitionView> history) {
    this(namespace, name, uid, apiVersion, kind, queue, priority, priorityClass, state, reason, submittedAt, updatedAt, pods,
        clusters, placement, pendingReasons, history, null, List.of());
  }

  public JobView {
    overrides = overrides == null ? List.of() : List.copyOf(overrides);
    clusters = clusters == null ? List.of() : List.copyOf(clusters);
    placement = placement == null ? List.of() : List.copyOf(placement);
    pendingReasons = pendingReasons == null ? List.of() : List.copyOf(pendingReasons);
    history = history == null ? null : List.copyOf(history);
  }

  public String id() {
    return namespace + "/" + name;
  }

  /** This view without history, for listings. */
  public JobView summary() {
    return history == null ? this : new JobView(namespace, name, uid, apiVersion, kind, queue, priority, priorityClass,
        state, reason, submittedAt, updatedAt, pods, clusters, placement, pendingReasons, null, propagationPolicy, overrides);
  }

  public boolean terminal() {
    return state.equals("Succeeded") || state.equals("Failed") || state.equals("Cancelled");
  }
}
