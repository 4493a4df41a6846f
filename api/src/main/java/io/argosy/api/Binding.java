package io.argosy.api;

import java.util.List;
import java.util.Objects;

/**
 * Core to agent: materialise a gang (or the part of it placed in this cluster). Idempotent: the
 * agent derives every object name from it, so a redelivered binding creates nothing new.
 *
 * @param bindingId unique id chosen by the core, a DNS label ({@code [a-z0-9-]}, at most 63)
 * @param jobId the job, {@code namespace/name}
 * @param cluster member cluster
 * @param manifest the job's source manifest as submitted (YAML or JSON): a Volcano Job, batch Job,
 *     Pod, or any workload with a pod template at {@code spec.template}
 * @param pods every pod to create, with its node and device assignment
 * @param dependencies objects the pods reference that the control plane holds, created (when
 *     missing) before the pods and removed once no job in the cluster uses them
 */
public record Binding(String bindingId, String jobId, String cluster, String manifest, List<PodBinding> pods,
    List<Dependency> dependencies) implements Message {

  public Binding {
    Objects.requireNonNull(bindingId, "bindingId");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(manifest, "manifest");
    pods = List.copyOf(pods);
    dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
  }

  /** A binding with no dependencies. */
  public Binding(String bindingId, String jobId, String cluster, String manifest, List<PodBinding> pods) {
    this(bindingId, jobId, cluster, manifest, pods, List.of());
  }

  @Override
  public String toString() {
    return "Binding[" + bindingId + " " + jobId + " -> " + cluster + ", " + pods.size() + " pods, dependencies "
        + dependencies + "]"; // never the dependencies' content
  }

  /** The namespace part of {@link #jobId()}. */
  public String namespace() {
    int slash = jobId.indexOf('/');
    return slash < 0 ? "default" : jobId.substring(0, slash);
  }

  /** The name part of {@link #jobId()}. */
  public String jobName() {
    int slash = jobId.indexOf('/');
    return slash < 0 ? jobId : jobId.substring(slash + 1);
  }
}
