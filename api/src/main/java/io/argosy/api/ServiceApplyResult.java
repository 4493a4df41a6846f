package io.argosy.api;

import java.util.Objects;

/** Agent to core: the outcome of a {@link ServiceApply} (or {@link ServiceRemove}, with revision -1). */
public record ServiceApplyResult(String cluster, String service, long revision, boolean accepted, String reason) implements Message {
  public ServiceApplyResult {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(service, "service");
  }
}
