package io.argosy.queue.manifest;

import io.argosy.queue.job.Job;
import io.argosy.queue.job.JobId;
import io.argosy.queue.job.JobKind;
import io.argosy.queue.job.LifecyclePolicy;
import io.argosy.queue.job.Task;
import io.argosy.queue.placement.Placement;
import io.argosy.queue.placement.PolicyTarget;
import io.argosy.queue.priority.PriorityClassSpec;
import io.argosy.queue.priority.PriorityClasses;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed and validated job document (Volcano Job, batch Job or bare Pod), before Argosy accepts
 * it: the priority class is still a name and there is no submit time or placement yet.
 *
 * @param queue the queue, from the first of: Volcano {@code spec.queue}, the Kueue label
 *     {@code kueue.x-k8s.io/queue-name}, the Volcano annotation {@code scheduling.volcano.sh/queue-name},
 *     else {@code default}
 * @param queueField the field path the queue came from (empty for the default), for error messages
 * @param priorityClassName the job's priority class, or null
 * @param priorityClassField where it was written, for error messages
 * @param schedulerName the requested scheduler, kept for the agent (Argosy schedules every job it is given)
 */
public record JobManifest(
    int documentIndex,
    JobKind jobKind,
    JobId id,
    Map<String, String> labels,
    Map<String, String> annotations,
    List<Task> tasks,
    int minAvailable,
    String queue,
    String queueField,
    String priorityClassName,
    String priorityClassField,
    boolean preemptible,
    Duration runtimeEstimate,
    int maxRetry,
    int completions,
    List<LifecyclePolicy> policies,
    Map<String, List<String>> plugins,
    String schedulerName,
    String source)
    implements Manifest {

  public JobManifest {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    tasks = List.copyOf(tasks);
    policies = policies == null ? List.of() : List.copyOf(policies);
    plugins = plugins == null ? Map.of() : Map.copyOf(plugins);
  }

  @Override
  public String apiVersion() {
    return jobKind.apiVersion();
  }

  @Override
  public String kind() {
    return jobKind.kind();
  }

  @Override
  public String displayName() {
    return id.toString();
  }

  /** What a propagation policy's resource selectors see of this job. */
  public PolicyTarget target() {
    return new PolicyTarget(apiVersion(), kind(), id.namespace(), id.name(), labels);
  }

  /**
   * The accepted job: priority from its class (or the global default, or 0), the placement chosen
   * for it, and the time Argosy accepted it.
   *
   * @throws io.argosy.gpu.InvalidSpecException when the priority class does not exist
   */
  public Job toJob(PriorityClasses classes, Placement placement, Instant submitTime) {
    Optional<PriorityClassSpec> pc = classes.resolve(priorityClassName, priorityClassField);
    int priority = pc.map(PriorityClassSpec::value).orElse(0);
    String className = pc.map(PriorityClassSpec::name).orElse(null);
    return new Job(id, jobKind, tasks, minAvailable, queue, priority, className, preemptible, submitTime, placement,
        runtimeEstimate, maxRetry, completions, policies, plugins, source);
  }
}
