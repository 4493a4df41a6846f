package io.argosy.api;

import java.util.Objects;

/**
 * A workload object the agent created besides pods: a Volcano Job, or the PodGroup Volcano made
 * for it. Lets the core show gang-level state (e.g. a PodGroup stuck Pending) in {@code describe}.
 *
 * @param kind {@code Job.batch.volcano.sh} or {@code PodGroup.scheduling.volcano.sh}
 * @param namespace namespace
 * @param name name
 * @param jobId the Argosy job, {@code namespace/name}
 * @param bindingId the binding that created it, or null when Volcano made it
 * @param phase the object's status phase as written by Volcano, e.g. {@code Running}, {@code Inqueue}
 * @param reason the last condition's reason or message, or null
 */
public record WorkloadReport(
    String kind, String namespace, String name, String jobId, String bindingId, String phase, String reason) {

  public WorkloadReport {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  /** {@code kind:namespace/name}, the key deltas use. */
  public String key() {
    return kind + ":" + namespace + "/" + name;
  }
}
