package io.argosy.api;

import java.util.List;
import java.util.Objects;

/**
 * Agent to core: the deletions for a {@link Withdraw} were issued.
 *
 * @param cluster member cluster
 * @param jobId the job
 * @param bindingId as in the Withdraw
 * @param reason as in the Withdraw
 * @param deleted {@code Kind/namespace/name} of every object deleted
 */
public record WithdrawResult(
    String cluster, String jobId, String bindingId, WithdrawReason reason, List<String> deleted)
    implements Message {

  public WithdrawResult {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(jobId, "jobId");
    deleted = deleted == null ? List.of() : List.copyOf(deleted);
  }
}
