package io.argosy.queue.job;

import io.argosy.queue.placement.Placement;
import io.argosy.queue.quota.ResourceVector;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An accepted job: a gang of tasks with everything queueing needs, immutable. Built from a parsed
 * manifest once the priority class is resolved, the placement policy chosen and the submit time
 * stamped.
 *
 * @param id namespace/name
 * @param kind what was submitted
 * @param tasks roles of the gang, in manifest order
 * @param minAvailable pods that must run together for the job to run (Volcano job
 *     {@code minAvailable}; {@code parallelism} for a batch Job unless an annotation lowers it)
 * @param queue the leaf queue
 * @param priority the PriorityClass value (higher runs first)
 * @param priorityClassName the class it came from, or null when the global default (or 0) applied
 * @param preemptible whether it may be evicted for higher-priority work or reclaim ({@code
 *     volcano.sh/preemptable}, default true)
 * @param submitTime when Argosy accepted it
 * @param placement the Karmada placement that selected it, {@link Placement#ANY} when none
 * @param runtimeEstimate expected run time (annotation, Volcano {@code runningEstimate}, or
 *     {@code activeDeadlineSeconds} as an upper bound), or null
 * @param maxRetry restarts allowed (Volcano {@code maxRetry}, batch {@code backoffLimit}), kept for the agent
 * @param completions batch Job {@code completions}, or -1 when not set (Volcano Jobs and Pods)
 * @param policies Volcano job lifecycle policies, kept for the agent
 * @param plugins Volcano job plugins ({@code ssh}, {@code svc}, {@code env}, ...) with arguments, kept for the agent
 * @param source the submitted document as compact JSON, re-created by the agent in the member cluster
 */
public record Job(
    JobId id,
    JobKind kind,
    List<Task> tasks,
    int minAvailable,
    String queue,
    int priority,
    String priorityClassName,
    boolean preemptible,
    Instant submitTime,
    Placement placement,
    Duration runtimeEstimate,
    int maxRetry,
    int completions,
    List<LifecyclePolicy> policies,
    Map<String, List<String>> plugins,
    String source) {

  public Job {
    if (tasks == null || tasks.isEmpty()) {
      throw new IllegalArgumentException("job " + id + " has no tasks");
    }
    tasks = List.copyOf(tasks);
    int total = 0;
    for (Task t : tasks) {
      total += t.replicas();
    }
    if (minAvailable < 0 || minAvailable > total) {
      throw new IllegalArgumentException(
          "job " + id + ": minAvailable " + minAvailable + " must be between 0 and the " + total + " replicas");
    }
    if (queue == null || queue.isEmpty()) {
      throw new IllegalArgumentException("job " + id + " has no queue");
    }
    queue = queue.intern();
    if (submitTime == null) {
      throw new IllegalArgumentException("job " + id + " has no submit time");
    }
    placement = placement == null ? Placement.ANY : placement;
    policies = policies == null ? List.of() : List.copyOf(policies);
    plugins = plugins == null ? Map.of() : Map.copyOf(plugins);
    source = source == null ? "" : source;
  }

  public Job withSubmitTime(Instant at) {
    return new Job(id, kind, tasks, minAvailable, queue, priority, priorityClassName, preemptible, at, placement,
        runtimeEstimate, maxRetry, completions, policies, plugins, source);
  }

  public Job withPriority(int value, String className) {
    return new Job(id, kind, tasks, minAvailable, queue, value, className, preemptible, submitTime, placement,
        runtimeEstimate, maxRetry, completions, policies, plugins, source);
  }

  public Job withPlacement(Placement p) {
    return new Job(id, kind, tasks, minAvailable, queue, priority, priorityClassName, preemptible, submitTime, p,
        runtimeEstimate, maxRetry, completions, policies, plugins, source);
  }

  public int totalReplicas() {
    int n = 0;
    for (Task t : tasks) {
      n += t.replicas();
    }
    return n;
  }

  /** The whole job's demand: every task's pod demand times its replicas. */
  public ResourceVector demand() {
    ResourceVector sum = ResourceVector.EMPTY;
    for (Task t : tasks) {
      sum = sum.plus(t.podResources().times(t.replicas()));
    }
    return sum;
  }

  /** The task with this name. */
  public Task task(String name) {
    for (Task t : tasks) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("job " + id + " has no task " + name);
  }
}
