package io.argosy.bench.jmh;

import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.demand.DemandParser;
import io.argosy.gpu.demand.PodDemand;
import io.argosy.queue.job.Job;
import io.argosy.queue.job.JobId;
import io.argosy.queue.job.JobKind;
import io.argosy.queue.job.Task;
import io.argosy.queue.placement.Placement;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Jobs shaped like real submissions for the queue benchmarks: pod demand from gpu-model's real
 * parser over a mix of templates (cpu only, whole GPUs, a MIG profile, HAMi vGPU shares), one or two
 * tasks, a few priorities, increasing submit times, spread over {@code queues} queues.
 */
final class SyntheticJobs {
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final DemandParser PARSER = new DemandParser(Catalog.builtin());

  private SyntheticJobs() {}

  /** Pod specs of the template mix. Each call builds new objects. */
  static PodSpec template(int kind) {
    Container c = switch (kind % 5) {
      case 0 -> container(Map.of("cpu", "2", "memory", "4Gi"), Map.of());
      case 1 -> container(Map.of("cpu", "8", "memory", "64Gi"), Map.of("nvidia.com/gpu", "1"));
      case 2 -> container(Map.of("cpu", "32", "memory", "256Gi"), Map.of("nvidia.com/gpu", "8"));
      case 3 -> container(Map.of("cpu", "4", "memory", "32Gi"), Map.of("nvidia.com/mig-3g.40gb", "1"));
      default -> container(Map.of("cpu", "1", "memory", "8Gi"),
          Map.of("nvidia.com/gpu", "1", "nvidia.com/gpumem", "10240", "nvidia.com/gpucores", "30"));
    };
    return new PodSpecBuilder().withContainers(c).withRestartPolicy("Never").build();
  }

  private static Container container(Map<String, String> requests, Map<String, String> limits) {
    ContainerBuilder b = new ContainerBuilder().withName("main").withImage("registry.example.com/train:1.0");
    requests.forEach((k, v) -> b.editOrNewResources().addToRequests(k, new Quantity(v)).endResources());
    limits.forEach((k, v) -> b.editOrNewResources().addToLimits(k, new Quantity(v)).endResources());
    return b.build();
  }

  /** Parses one template, as the manifest parser does for each submitted document. */
  static PodDemand demand(int kind) {
    return PARSER.parse(template(kind), Map.of());
  }

  /** One job; {@code pods} supplies the pod demand of its (first) task. */
  static Job job(int i, int queues, PodDemand pod, PodDemand second, Random random) {
    String queue = "q" + (i % queues);
    List<Task> tasks = second == null
        ? List.of(Task.of("worker", 1 + (i % 4), 1 + (i % 4), pod))
        : List.of(Task.of("master", 1, 1, second), Task.of("worker", 2 + (i % 3), 2 + (i % 3), pod));
    int total = tasks.stream().mapToInt(Task::replicas).sum();
    return new Job(new JobId("team-" + (i % 50), "job-" + i), JobKind.VOLCANO_JOB, tasks, total, queue,
        random.nextInt(4) * 100, null, true, T0.plusMillis(i), Placement.ANY, null, 3, -1, List.of(), Map.of(), "");
  }
}
