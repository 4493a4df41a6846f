package io.argosy.queue.testing;

import io.argosy.gpu.catalog.Vendor;
import io.argosy.gpu.demand.AcceleratorDemand;
import io.argosy.gpu.demand.ContainerDemand;
import io.argosy.gpu.demand.DeviceSelector;
import io.argosy.gpu.demand.PodDemand;
import io.argosy.queue.job.Job;
import io.argosy.queue.job.JobId;
import io.argosy.queue.job.JobKind;
import io.argosy.queue.job.Task;
import io.argosy.queue.placement.Placement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jobs for queue tests, built from gpu-model's demand records directly (the values gpu-model's
 * parser would produce for such pods), so that queue behaviour is tested without manifests.
 */
public final class TestJobs {
  public static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private TestJobs() {}

  /** A pod asking for cpu (milli) and whole NVIDIA GPUs, optionally restricted to one GPU type. */
  public static PodDemand pod(long cpuMilli, int gpus, String useType) {
    List<AcceleratorDemand> acc = new ArrayList<>();
    Map<String, Long> res = new LinkedHashMap<>();
    res.put("cpu", cpuMilli);
    res.put("memory", 1L << 30);
    if (gpus > 0) {
      acc.add(AcceleratorDemand.whole(Vendor.NVIDIA, "nvidia.com/gpu", null, gpus));
      res.put("nvidia.com/gpu", (long) gpus);
    }
    DeviceSelector sel = useType == null ? DeviceSelector.ANY : new DeviceSelector(List.of(useType), List.of(), List.of(), List.of());
    return new PodDemand(cpuMilli, 1L << 30, List.of(new ContainerDemand("main", cpuMilli, 1L << 30, acc)), sel, null, null, res);
  }

  /** A pod asking for Ascend cards whose resource name names the model. */
  public static PodDemand ascendPod(String model, int cards) {
    String resource = "huawei.com/" + model;
    AcceleratorDemand a = AcceleratorDemand.whole(Vendor.HUAWEI, resource, model, cards);
    return new PodDemand(1000, 1L << 30, List.of(new ContainerDemand("main", 1000, 1L << 30, List.of(a))),
        DeviceSelector.ANY, null, null, Map.of("cpu", 1000L, "memory", 1L << 30, resource, (long) cards));
  }

  public static PodDemand pod(long cpuMilli, int gpus) {
    return pod(cpuMilli, gpus, null);
  }

  /** A job whose minAvailable is all its replicas. */
  public static Job job(String name, String queue, int priority, long submitSecond, Task... tasks) {
    int total = 0;
    for (Task t : tasks) {
      total += t.replicas();
    }
    return elastic(name, queue, total, tasks).withSubmitTime(T0.plusSeconds(submitSecond)).withPriority(priority, null);
  }

  /** A job that can run with {@code minAvailable} pods. */
  public static Job elastic(String name, String queue, int minAvailable, Task... tasks) {
    return new Job(new JobId("default", name), JobKind.VOLCANO_JOB, List.of(tasks), minAvailable, queue, 0, null, true,
        T0, Placement.ANY, null, 3, -1, List.of(), Map.of(), "");
  }

  /** A single-task job of {@code replicas} pods with {@code gpus} GPUs and 1 cpu each. */
  public static Job gpuJob(String name, String queue, int priority, long submitSecond, int replicas, int gpus) {
    return job(name, queue, priority, submitSecond, Task.of("worker", replicas, replicas, pod(1000, gpus)));
  }
}
