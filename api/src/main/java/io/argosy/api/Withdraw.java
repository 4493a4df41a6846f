package io.argosy.api;

import java.util.Objects;

/**
 * Core to agent: delete what the agent created for a job (all its bindings, or one), and nothing
 * else. Idempotent: withdrawing a job that has nothing left in the cluster answers with an empty list.
 *
 * @param cluster member cluster
 * @param jobId the job, {@code namespace/name}
 * @param bindingId only this binding's objects, or null for every binding of the job
 * @param reason cancel, preempt or moved
 */
public record Withdraw(String cluster, String jobId, String bindingId, WithdrawReason reason) implements Message {
  public Withdraw {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(reason, "reason");
  }
}
