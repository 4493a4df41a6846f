package io.argosy.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A binding the scheduler emitted: open while it holds capacity, closed once it ended.
 *
 * @param bindingId the id agents see (a DNS label), also their idempotency key
 * @param jobUid the job's uid
 * @param jobId {@code namespace/name}
 * @param cluster the member cluster
 * @param pods the pods as JSON (a list of the agent protocol's {@code PodBinding})
 * @param sequence emission order; ids of later bindings never repeat earlier ones
 * @param accepted whether the agent has confirmed it
 * @param closed whether it ended (its job's last placement, kept for display)
 */
public record StoredBinding(
    String bindingId, String jobUid, String jobId, String cluster, String pods, Instant createdAt, long sequence,
    boolean accepted, boolean closed) {

  public StoredBinding {
    Objects.requireNonNull(bindingId, "bindingId");
    Objects.requireNonNull(jobUid, "jobUid");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(pods, "pods");
  }
}
