package io.argosy.queue.job;

import java.time.Duration;
import java.util.List;

/**
 * A Volcano lifecycle policy ({@code spec.policies[]} or {@code spec.tasks[].policies[]}), kept for
 * the agent that runs the job: on {@code event} (or any of {@code events}) or container
 * {@code exitCode}, take {@code action} (RestartJob, AbortJob, CompleteJob, ...).
 *
 * @param exitCode the exit code, or null when the policy is keyed by event
 * @param timeout delay before the action, or null
 */
public record LifecyclePolicy(String event, List<String> events, String action, Integer exitCode, Duration timeout) {
  public LifecyclePolicy {
    events = events == null ? List.of() : List.copyOf(events);
  }
}
