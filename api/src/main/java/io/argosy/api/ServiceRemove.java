package io.argosy.api;

import java.util.Objects;

/** Core to agent: delete the Deployment the agent created for the service, if any. Idempotent. */
public record ServiceRemove(String cluster, String service) implements Message {
  public ServiceRemove {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(service, "service");
  }
}
