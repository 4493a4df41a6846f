package io.argosy.queue.admin;

import io.argosy.queue.QueueSpec;
import io.argosy.queue.quota.QuotaOverage;
import io.argosy.queue.quota.ResourceVector;
import java.util.List;

/**
 * One queue as the admin API reports it.
 *
 * @param usage what its jobs (its subtree's, for a parent) hold now, per resource key
 * @param deserved the effective deserved share (explicit, or by weight from the parent)
 * @param borrowed usage above deserved
 * @param reclaimable what other queues may take back (borrowed, when the queue is reclaimable)
 * @param overages keys above capability after a quota was lowered
 * @param pendingJobs jobs waiting in it (leaf queues)
 * @param jobsHoldingQuota admitted, bound or running jobs in its subtree
 */
public record QueueView(
    QueueSpec spec,
    List<String> children,
    ResourceVector usage,
    ResourceVector deserved,
    ResourceVector borrowed,
    ResourceVector reclaimable,
    List<QuotaOverage> overages,
    int pendingJobs,
    int jobsHoldingQuota) {

  public QueueView {
    children = List.copyOf(children);
    overages = List.copyOf(overages);
  }
}
