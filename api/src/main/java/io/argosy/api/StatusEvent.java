package io.argosy.api;

import java.util.Objects;

/**
 * Agent to core: a pod of a binding changed phase. Sent once per observed transition; after a
 * reconnect the snapshot carries every pod's current phase, and only transitions not yet sent on
 * any connection are sent again.
 *
 * @param cluster member cluster
 * @param bindingId the binding
 * @param jobId the job, {@code namespace/name}
 * @param namespace pod namespace
 * @param pod pod name
 * @param task the pod's task
 * @param node the pod's node
 * @param phase the new phase
 * @param reason why (pod or container reason, e.g. {@code OOMKilled}, {@code NodeLost}, {@code Deleted}), or null
 * @param timeMillis when the agent observed it, epoch milliseconds
 */
public record StatusEvent(
    String cluster,
    String bindingId,
    String jobId,
    String namespace,
    String pod,
    String task,
    String node,
    PodPhase phase,
    String reason,
    long timeMillis)
    implements Message {

  public StatusEvent {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(pod, "pod");
    Objects.requireNonNull(phase, "phase");
  }
}
