package io.argosy.api;

import io.argosy.gpu.fit.Assignment;
import java.util.Objects;

/**
 * One pod of the member cluster. Every pod is reported, not only Argosy's, because every pod bound
 * to a node holds capacity there.
 *
 * @param namespace pod namespace
 * @param name pod name
 * @param node {@code spec.nodeName}, or null while unbound
 * @param phase pod phase
 * @param jobId {@code namespace/name} of the Argosy job owning it (ownership labels), or null
 * @param bindingId the binding that created it, or null
 * @param task the job task it belongs to, or null
 * @param assignment what it holds on its node (CPU, memory, devices); null while unbound or terminal
 * @param reason the pod's or its failing container's reason, or null
 */
public record PodReport(
    String namespace,
    String name,
    String node,
    PodPhase phase,
    String jobId,
    String bindingId,
    String task,
    Assignment assignment,
    String reason) {

  public PodReport {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(phase, "phase");
  }

  /** {@code namespace/name}, the key deltas use. */
  public String key() {
    return namespace + "/" + name;
  }

  /** True for pods an Argosy binding created. */
  public boolean managed() {
    return bindingId != null;
  }
}
