package io.argosy.api;

import java.util.Objects;

/**
 * Core to agent: make the cluster run this Deployment with {@code replicas} replicas (create it, or
 * update its spec and replicas). Idempotent; a higher {@code revision} replaces a lower one.
 *
 * @param service {@code namespace/name}
 * @param revision increases with every change of the service or of this cluster's share
 * @param manifest the submitted {@code apps/v1} Deployment (JSON)
 */
public record ServiceApply(String cluster, String service, long revision, int replicas, String manifest) implements Message {
  public ServiceApply {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(manifest, "manifest");
  }
}
