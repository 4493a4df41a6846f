package io.argosy.bench.scale;

import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.demand.DemandParser;
import io.argosy.gpu.demand.PodDemand;
import io.argosy.queue.job.Job;
import io.argosy.queue.job.JobId;
import io.argosy.queue.job.JobKind;
import io.argosy.queue.job.Task;
import io.argosy.queue.placement.Placement;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Synthetic pending gangs whose pods are drawn from the openb trace ({@code openb_pod_list_default.csv}):
 * each gang takes one trace row at random (cpu, memory, GPUs, GPU share, QoS) for all its pods.
 *
 * <ul>
 *   <li>Accelerators: a whole-GPU row asks {@code nvidia.com/gpu} (one in ten of them Ascend 910
 *       NPUs instead); a shared-GPU row ({@code gpu_milli < 1000}) asks a HAMi share with that
 *       compute percentage, or (a quarter of those at most 430 milli) the MIG profile of the nearest
 *       size; CPU-only rows ask cpu and memory only. {@code gpu_spec} model restrictions are not
 *       mapped (the fleet's models differ from the trace's).
 *   <li>Gang size (the trace has none): pods with 2+ GPUs are training, {1, 2, 4, 8} pods at
 *       40/25/25/10%; the rest {1, 2, 4} at 80/10/10%. All pods are mandatory.
 *   <li>Priority from the trace's QoS: LS 1000, Guaranteed 800, Burstable 500, BE 100;
 *       queues {@code q0..q(n-1)} uniformly.
 * </ul>
 *
 * Every gang's pod demand is parsed separately by gpu-model's parser, as separate manifests are.
 */
final class ScaleJobs {
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final DemandParser PARSER = new DemandParser(Catalog.builtin());

  /** One trace row. */
  record Row(long cpuMilli, long memoryMiB, int gpus, int gpuMilli, String qos) {}

  private ScaleJobs() {}

  static List<Row> load(Path traceFile) {
    try {
      List<String> lines = Files.readAllLines(traceFile);
      List<String> header = List.of(lines.get(0).split(","));
      int cpu = header.indexOf("cpu_milli");
      int mem = header.indexOf("memory_mib");
      int gpu = header.indexOf("num_gpu");
      int milli = header.indexOf("gpu_milli");
      int qos = header.indexOf("qos");
      List<Row> rows = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split(",", -1);
        rows.add(new Row(Long.parseLong(f[cpu]), Long.parseLong(f[mem]), Integer.parseInt(f[gpu]),
            Integer.parseInt(f[milli]), f[qos]));
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Job> generate(List<Row> rows, int gangs, int queues, long seed) {
    Random r = new Random(seed);
    List<Job> jobs = new ArrayList<>(gangs);
    for (int i = 0; i < gangs; i++) {
      Row row = rows.get(r.nextInt(rows.size()));
      int size = row.gpus() >= 2 ? pick(r, new int[] {1, 2, 4, 8}, 40, 25, 25, 10) : pick(r, new int[] {1, 2, 4}, 80, 10, 10);
      PodDemand pod = PARSER.parse(podSpec(row, r), Map.of());
      jobs.add(new Job(new JobId("ns-" + (i % 50), "gang-" + i), JobKind.VOLCANO_JOB, List.of(Task.of("worker", size, size, pod)),
          size, "q" + r.nextInt(queues), priority(row.qos()), null, true, T0.plusNanos(i), Placement.ANY, null, 0, -1,
          List.of(), Map.of(), ""));
    }
    return jobs;
  }

  private static int priority(String qos) {
    return switch (qos) {
      case "LS" -> 1000;
      case "Guaranteed" -> 800;
      case "Burstable" -> 500;
      default -> 100;
    };
  }

  private static PodSpec podSpec(Row row, Random r) {
    Map<String, String> requests = new LinkedHashMap<>();
    requests.put("cpu", row.cpuMilli() + "m");
    requests.put("memory", Math.max(1, row.memoryMiB()) + "Mi");
    Map<String, String> limits = new LinkedHashMap<>();
    if (row.gpus() > 0 && row.gpuMilli() >= 1000) {
      if (r.nextInt(10) == 0) {
        limits.put("huawei.com/Ascend910", Integer.toString(row.gpus()));
      } else {
        limits.put("nvidia.com/gpu", Integer.toString(row.gpus()));
      }
    } else if (row.gpus() > 0) {
      if (row.gpuMilli() <= 430 && r.nextInt(4) == 0) {
        String profile = row.gpuMilli() <= 143 ? "1g.10gb" : row.gpuMilli() <= 286 ? "2g.20gb" : "3g.40gb";
        limits.put("nvidia.com/mig-" + profile, "1");
      } else {
        limits.put("nvidia.com/gpu", "1");
        limits.put("nvidia.com/gpucores", Integer.toString(Math.max(1, row.gpuMilli() / 10)));
      }
    }
    ContainerBuilder c = new ContainerBuilder().withName("main").withImage("registry.example.com/job:1");
    requests.forEach((k, v) -> c.editOrNewResources().addToRequests(k, new Quantity(v)).endResources());
    limits.forEach((k, v) -> c.editOrNewResources().addToLimits(k, new Quantity(v)).endResources());
    return new PodSpecBuilder().withContainers(c.build()).withRestartPolicy("Never").build();
  }

  private static int pick(Random r, int[] values, int... percent) {
    int x = r.nextInt(100);
    for (int i = 0; i < values.length; i++) {
      x -= percent[i];
      if (x < 0) {
        return values[i];
      }
    }
    return values[values.length - 1];
  }
}
