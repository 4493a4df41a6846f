package io.argosy.bench.jmh;

import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.demand.DemandParser;
import io.argosy.gpu.demand.PodDemand;
import io.argosy.queue.JobQueues;
import io.argosy.queue.QueueSpec;
import io.argosy.queue.job.Job;
import io.argosy.queue.job.JobId;
import io.argosy.queue.job.JobKind;
import io.argosy.queue.job.Task;
import io.argosy.queue.placement.Placement;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Heap per queued job, measured as a heap delta after full collections (no JOL needed).
 *
 * <p>Method: collect until the used heap is stable; build N jobs the way submissions produce them
 * (each its own pod spec parsed by gpu-model's DemandParser into its own PodDemand, its own name
 * strings and resource-name strings, manifest text left out); collect again; submit them all to
 * {@link JobQueues} over Q queues; collect again. Used-heap differences divided by N give the bytes
 * of the job specs and of the queue's bookkeeping (state machine, pending-list slots, index). The
 * array holding the jobs (4 bytes per job) is counted in the spec figure.
 *
 * <pre>java -Xmx4g -cp benchmarks/target/benchmarks.jar io.argosy.bench.jmh.QueuedJobHeap [jobs] [queues] [out.json]</pre>
 */
public final class QueuedJobHeap {
  private QueuedJobHeap() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int queues = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    Path out = args.length > 2 ? Path.of(args[2]) : null;
    DemandParser parser = new DemandParser(Catalog.builtin());
    Random random = new Random(42);

    long base = settledHeap();
    Job[] jobs = new Job[n];
    for (int i = 0; i < n; i++) {
      jobs[i] = job(i, queues, parser, random);
    }
    long withJobs = settledHeap();

    JobQueues q = new JobQueues(Clock.fixed(SyntheticJobs.T0, ZoneOffset.UTC));
    for (int i = 0; i < queues; i++) {
      q.defineQueue(QueueSpec.of("q" + i));
    }
    for (Job j : jobs) {
      q.submit(j);
    }
    long queued = settledHeap();
    if (q.pendingCount() != n) {
      throw new IllegalStateException("expected " + n + " pending jobs, got " + q.pendingCount());
    }

    double spec = (withJobs - base) / (double) n;
    double queue = (queued - withJobs) / (double) n;
    String json = String.format(Locale.ROOT,
        "{%n  \"benchmark\": \"QueuedJobHeap\",%n  \"jobs\": %d,%n  \"queues\": %d,%n"
            + "  \"bytesPerJobSpec\": %.1f,%n  \"bytesPerQueueEntry\": %.1f,%n  \"bytesPerQueuedJob\": %.1f,%n"
            + "  \"heapBaseBytes\": %d,%n  \"heapWithJobsBytes\": %d,%n  \"heapQueuedBytes\": %d,%n"
            + "  \"jvm\": \"%s %s\",%n  \"gc\": \"%s\",%n  \"maxHeapBytes\": %d%n}%n",
        n, queues, spec, queue, spec + queue, base, withJobs, queued,
        System.getProperty("java.vm.name"), System.getProperty("java.version"), gcNames(),
        Runtime.getRuntime().maxMemory());
    System.out.print(json);
    if (out != null) {
      Files.writeString(out, json);
    }
    // keep everything reachable until measured
    if (jobs.length + q.size() < 0) {
      System.out.println("unreachable");
    }
  }

  /** A job as a parsed submission holds it: its own pod spec parse, its own strings. */
  private static Job job(int i, int queues, DemandParser parser, Random random) {
    PodDemand pod = parser.parse(
        new PodSpecBuilder().withContainers(container(i % 5)).withRestartPolicy(new String("Never")).build(), Map.of());
    int replicas = 1 + (i % 4);
    Task task = new Task(new String("worker"), replicas, replicas, pod, null, List.of(), List.of());
    return new Job(new JobId("team-" + (i % 50), "job-" + i), JobKind.VOLCANO_JOB, List.of(task), replicas,
        "q" + (i % queues), random.nextInt(4) * 100, null, true, SyntheticJobs.T0.plusMillis(i), Placement.ANY, null, 3,
        -1, List.of(), Map.of(), "");
  }

  private static Container container(int kind) {
    ContainerBuilder b = new ContainerBuilder().withName(new String("main")).withImage("registry.example.com/train:1.0");
    Map<String, String> requests = switch (kind) {
      case 0 -> Map.of("cpu", "2", "memory", "4Gi");
      case 1 -> Map.of("cpu", "8", "memory", "64Gi");
      case 2 -> Map.of("cpu", "32", "memory", "256Gi");
      case 3 -> Map.of("cpu", "4", "memory", "32Gi");
      default -> Map.of("cpu", "1", "memory", "8Gi");
    };
    Map<String, String> limits = switch (kind) {
      case 0 -> Map.of();
      case 1 -> Map.of("nvidia.com/gpu", "1");
      case 2 -> Map.of("nvidia.com/gpu", "8");
      case 3 -> Map.of("nvidia.com/mig-3g.40gb", "1");
      default -> Map.of("nvidia.com/gpu", "1", "nvidia.com/gpumem", "10240", "nvidia.com/gpucores", "30");
    };
    // resource names as fresh strings, as a YAML parser hands them over
    requests.forEach((k, v) -> b.editOrNewResources().addToRequests(new String(k), new Quantity(v)).endResources());
    limits.forEach((k, v) -> b.editOrNewResources().addToLimits(new String(k), new Quantity(v)).endResources());
    return b.build();
  }

  private static long settledHeap() throws InterruptedException {
    long previous = Long.MAX_VALUE;
    long used = 0;
    for (int i = 0; i < 10; i++) {
      System.gc();
      Thread.sleep(200);
      used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      if (Math.abs(previous - used) < 64 * 1024) {
        break;
      }
      previous = used;
    }
    return used;
  }

  private static String gcNames() {
    StringBuilder b = new StringBuilder();
    ManagementFactory.getGarbageCollectorMXBeans().forEach(g -> b.append(b.length() == 0 ? "" : ", ").append(g.getName()));
    return b.toString();
  }
}
