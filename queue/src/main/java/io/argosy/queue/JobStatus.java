package io.argosy.queue;

import io.argosy.queue.job.Job;
import io.argosy.queue.job.JobState;
import io.argosy.queue.job.Transition;
import io.argosy.queue.quota.ResourceVector;
import java.util.List;

/**
 * A snapshot of one job in {@link JobQueues}.
 *
 * @param pendingReason why it is still pending (queue missing or closed, quota, the scheduler's last
 *     reason), or null when not pending
 * @param charged what it holds in its queue's quota now (empty unless Admitted, Bound or Running)
 */
public record JobStatus(Job job, JobState state, List<Transition> history, String pendingReason, ResourceVector charged) {}
