package io.argosy.api;

import java.util.Objects;

/**
 * Core to agent: send a full {@link ClusterSnapshot} now (the core saw a sequence gap).
 *
 * @param cluster member cluster
 * @param reason why, for logs, e.g. {@code expected sequence 42, got 44}
 */
public record ResyncRequest(String cluster, String reason) implements Message {
  public ResyncRequest {
    Objects.requireNonNull(cluster, "cluster");
  }
}
