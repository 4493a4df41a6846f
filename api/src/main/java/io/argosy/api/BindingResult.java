package io.argosy.api;

import java.util.List;
import java.util.Objects;

/**
 * Agent to core: a binding was applied (every object exists) or rejected. A rejection leaves
 * nothing behind in the member cluster; the core releases the assumed capacity and requeues the job.
 *
 * @param cluster member cluster
 * @param bindingId the binding
 * @param jobId the job, {@code namespace/name}
 * @param accepted true when every pod (or the Volcano Job) exists
 * @param reason why it was rejected, e.g. {@code node gpu-a-3: insufficient nvidia.com/gpu ...}; null when accepted
 * @param created names of objects this delivery created (empty for a redelivery that found them all)
 */
public record BindingResult(
    String cluster, String bindingId, String jobId, boolean accepted, String reason, List<String> created)
    implements Message {

  public BindingResult {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(bindingId, "bindingId");
    created = created == null ? List.of() : List.copyOf(created);
  }

  public static BindingResult accepted(Binding b, List<String> created) {
    return new BindingResult(b.cluster(), b.bindingId(), b.jobId(), true, null, created);
  }

  public static BindingResult rejected(Binding b, String reason) {
    return new BindingResult(b.cluster(), b.bindingId(), b.jobId(), false, reason, List.of());
  }
}
