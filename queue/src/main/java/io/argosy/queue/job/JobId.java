package io.argosy.queue.job;

/**
 * A job's identity: namespace and name, as in Kubernetes. Cluster-wide unique in Argosy.
 * Namespaces repeat across many jobs and are interned to keep queued jobs small.
 */
public record JobId(String namespace, String name) implements Comparable<JobId> {
  public static final String DEFAULT_NAMESPACE = "default";

  public JobId {
    namespace = namespace == null || namespace.isEmpty() ? DEFAULT_NAMESPACE : namespace.intern();
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("job name must not be empty");
    }
  }

  /** Parses {@code namespace/name}, or {@code name} in the default namespace. */
  public static JobId parse(String text) {
    int slash = text.indexOf('/');
    return slash < 0 ? new JobId(DEFAULT_NAMESPACE, text) : new JobId(text.substring(0, slash), text.substring(slash + 1));
  }

  @Override
  public int compareTo(JobId o) {
    int c = name.compareTo(o.name);
    return c != 0 ? c : namespace.compareTo(o.namespace);
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
