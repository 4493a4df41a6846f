package io.argosy.scheduler.framework;

import io.argosy.queue.job.Task;
import io.argosy.queue.quota.ResourceVector;

/**
 * One task of a gang as the cycle places it.
 *
 * @param mandatory pods of this task the gang cannot run without (its own minAvailable, raised in
 *     task order until the job's minAvailable is met)
 * @param podResources one pod's resource vector (quota keys)
 */
public record TaskSpec(Task task, PodSpec spec, int mandatory, ResourceVector podResources) {
  public String name() {
    return task.name();
  }

  public int replicas() {
    return task.replicas();
  }
}
