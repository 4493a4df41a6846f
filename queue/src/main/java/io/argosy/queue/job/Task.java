package io.argosy.queue.job;

import io.argosy.gpu.demand.PodDemand;
import io.argosy.queue.quota.ResourceVector;
import java.util.List;

/**
 * One role of a gang: {@code replicas} identical pods, of which at least {@code minAvailable} must
 * run together.
 *
 * @param name task name (Volcano {@code spec.tasks[].name}; the job's name for batch Jobs and Pods)
 * @param replicas pods of this task
 * @param minAvailable pods of this task the gang needs (Volcano task {@code minAvailable}, default replicas)
 * @param pod demand of one pod, parsed from the pod template by gpu-model
 * @param priorityClassName the pod template's priority class (orders tasks inside the job), or null
 * @param dependsOn tasks that must be running first (Volcano {@code dependsOn.name}), kept for the agent
 * @param policies task lifecycle policies, kept for the agent
 */
public record Task(
    String name,
    int replicas,
    int minAvailable,
    PodDemand pod,
    String priorityClassName,
    List<String> dependsOn,
    List<LifecyclePolicy> policies) {

  public Task {
    if (replicas < 0 || minAvailable < 0 || minAvailable > replicas) {
      throw new IllegalArgumentException(
          "task " + name + ": need 0 <= minAvailable (" + minAvailable + ") <= replicas (" + replicas + ")");
    }
    dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    policies = policies == null ? List.of() : List.copyOf(policies);
  }

  /** A task with no priority class, dependencies or policies. */
  public static Task of(String name, int replicas, int minAvailable, PodDemand pod) {
    return new Task(name, replicas, minAvailable, pod, null, List.of(), List.of());
  }

  /** The resource vector of one pod (gpu-model's canonical keys). */
  public ResourceVector podResources() {
    return ResourceVector.of(pod.resources());
  }
}
