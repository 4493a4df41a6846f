package io.argosy.core.view;

import java.util.Map;

/**
 * One audited quota change ({@code GET /v1/queues/NAME/quota/history}, {@code argosy quota history}).
 * Amounts are in gpu-model's units, as in {@link QueueInfo}.
 *
 * @param who the principal of the request, or {@code anonymous}
 * @param at when (ISO-8601)
 * @param action {@code created}, {@code configured} or {@code deleted}
 * @param before the quota before the change; null when the queue was created
 * @param after the quota after; null when the queue was deleted
 */
public record QuotaChange(long id, String queue, String who, String at, String action, Quota before, Quota after) {

  /** A queue's quota. */
  public record Quota(Map<String, Long> capability, Map<String, Long> guarantee, Map<String, Long> deserved) {
    public Quota {
      capability = Map.copyOf(capability);
      guarantee = Map.copyOf(guarantee);
      deserved = Map.copyOf(deserved);
    }
  }
}
