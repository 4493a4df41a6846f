package io.argosy.scheduler.cycle;

import io.argosy.queue.job.JobId;
import java.util.List;

/**
 * Why a job is still pending after a cycle: one line per distinct reason, with the clusters that
 * gave it, and the lines joined as the message {@code JobQueues} keeps for {@code describe}.
 */
public record PendingJob(JobId job, List<String> reasons, String message) {
  public PendingJob {
    reasons = List.copyOf(reasons);
  }
}
