package io.argosy.api;

import java.util.Objects;

/**
 * Liveness, agent to core, every few seconds. Carries the last snapshot/delta sequence sent so the
 * core can detect a lost trailing delta without waiting for the next one.
 *
 * @param cluster member cluster
 * @param sequence last snapshot or delta sequence the agent sent
 * @param timeMillis agent's wall clock, epoch milliseconds
 */
public record Heartbeat(String cluster, long sequence, long timeMillis) implements Message {
  public Heartbeat {
    Objects.requireNonNull(cluster, "cluster");
  }
}
