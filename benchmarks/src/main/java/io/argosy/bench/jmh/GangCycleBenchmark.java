package io.argosy.bench.jmh;

import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.catalog.Vendor;
import io.argosy.gpu.demand.AcceleratorDemand;
import io.argosy.gpu.demand.ContainerDemand;
import io.argosy.gpu.demand.DeviceSelector;
import io.argosy.gpu.demand.PodDemand;
import io.argosy.gpu.inventory.InventoryReader;
import io.argosy.gpu.inventory.NodeInventory;
import io.argosy.queue.JobQueues;
import io.argosy.queue.job.Job;
import io.argosy.queue.job.JobId;
import io.argosy.queue.job.JobKind;
import io.argosy.queue.job.Task;
import io.argosy.queue.placement.Placement;
import io.argosy.scheduler.cycle.CycleResult;
import io.argosy.scheduler.cycle.Scheduler;
import io.argosy.scheduler.fleet.FleetState;
import io.argosy.scheduler.fleet.PlacementMode;
import io.argosy.scheduler.framework.SchedulerConfig;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One full scheduling cycle ({@link Scheduler#runCycle()}) in Armada's published in-memory shape:
 * 1,000 nodes and 32,000 small single-pod jobs, all pending in one queue, every job placed (the jobs
 * fill the nodes exactly). Measured: the queues' fair-share order, quota checks, cluster filters,
 * node-class fit and scoring, reserve, permits, admission and binding in the queues, and the assumed
 * bindings in the fleet state. Not measured: building the fleet and submitting the jobs (per-invocation
 * setup, followed by a full GC so that the previous invocation's garbage is not collected inside the
 * measurement). With {@code -Dargosy.bench.cpuLog=FILE} each invocation also appends the scheduler
 * thread's CPU time (from the end of setup to the end of the cycle) to FILE, to separate the code's
 * cost from the machine's load.
 *
 * <ul>
 *   <li>{@code cpu}: nodes of 32 cpu / 256 GiB; jobs of 1 cpu / 4 GiB (Armada's "small" job);
 *   <li>{@code gpu}: nodes also carry 8 whole A100s (NVIDIA device plugin, GFD labels); every fourth
 *       job also asks one GPU, so GPUs fill exactly too.
 * </ul>
 *
 * Each job has its own {@code PodDemand} instance, as jobs parsed from separate manifests do.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 15)
@Fork(value = 3, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-XX:+UseParallelGC"})
public class GangCycleBenchmark {
  static final int NODES = 1000;
  static final int JOBS = 32_000;

  @Param({"cpu", "gpu"})
  public String workload;

  @Param({"argosy", "binpack"})
  public String policy;

  private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

  private List<NodeInventory> nodes;
  private Scheduler scheduler;
  private long cpuStart;

  @Setup(Level.Trial)
  public void nodes() {
    InventoryReader reader = new InventoryReader(Catalog.builtin());
    nodes = new ArrayList<>(NODES);
    for (int i = 0; i < NODES; i++) {
      nodes.add(reader.read(node("node-" + i, workload.equals("gpu"))));
    }
  }

  @Setup(Level.Invocation)
  public void pending() {
    FleetState fleet = new FleetState();
    fleet.upsertCluster("c1", Map.of("region", "us-east"), List.of(), true, null);
    for (NodeInventory n : nodes) {
      fleet.upsertNode("c1", n);
    }
    Clock clock = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
    JobQueues queues = new JobQueues(clock);
    Instant t0 = clock.instant();
    for (int j = 0; j < JOBS; j++) {
      boolean gpu = workload.equals("gpu") && j % 4 == 0;
      Job job = new Job(new JobId("default", "job-" + j), JobKind.POD, List.of(Task.of("main", 1, 1, demand(gpu))), 1,
          JobQueues.DEFAULT_QUEUE, 0, null, true, t0.plusNanos(j), Placement.ANY, null, 0, -1, List.of(), Map.of(), "");
      queues.submit(job);
    }
    SchedulerConfig config = SchedulerConfig.defaults().withDefaultMode(PlacementMode.parse(policy, "policy"));
    scheduler = new Scheduler(fleet, queues, config, clock);
    System.gc(); // the previous invocation's fleet and queues are garbage: collect them outside the measurement
    cpuStart = THREADS.getCurrentThreadCpuTime();
  }

  @TearDown(Level.Invocation)
  public void cpu() {
    logCpu(workload + "," + policy, THREADS.getCurrentThreadCpuTime() - cpuStart);
  }

  /** Appends "{@code what},cpu ms" to the file named by {@code -Dargosy.bench.cpuLog}, if set. */
  static void logCpu(String what, long nanos) {
    String file = System.getProperty("argosy.bench.cpuLog");
    if (file != null) {
      try {
        java.nio.file.Files.writeString(java.nio.file.Path.of(file), what + "," + nanos / 1_000_000.0 + "\n",
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  @Benchmark
  public CycleResult cycle() {
    CycleResult r = scheduler.runCycle();
    if (r.bindings().size() != JOBS) {
      throw new IllegalStateException("placed " + r.bindings().size() + " of " + JOBS + ": " + r.pending().get(0));
    }
    return r;
  }

  static PodDemand demand(boolean gpu) {
    long cpu = 1000;
    long mem = 4L << 30;
    Map<String, Long> resources = new LinkedHashMap<>();
    resources.put("cpu", cpu);
    resources.put("memory", mem);
    List<AcceleratorDemand> acc = List.of();
    if (gpu) {
      acc = List.of(AcceleratorDemand.whole(Vendor.NVIDIA, "nvidia.com/gpu", null, 1));
      resources.put("nvidia.com/gpu", 1L);
    }
    return new PodDemand(cpu, mem, List.of(new ContainerDemand("main", cpu, mem, acc)), DeviceSelector.ANY, null, null,
        resources);
  }

  static Node node(String name, boolean gpus) {
    Map<String, Quantity> capacity = new LinkedHashMap<>();
    capacity.put("cpu", new Quantity("32"));
    capacity.put("memory", new Quantity("256Gi"));
    capacity.put("pods", new Quantity("110"));
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("kubernetes.io/hostname", name);
    if (gpus) {
      capacity.put("nvidia.com/gpu", new Quantity("8"));
      labels.put("nvidia.com/gpu.product", "NVIDIA-A100-SXM4-80GB");
      labels.put("nvidia.com/gpu.count", "8");
      labels.put("nvidia.com/mig.strategy", "none");
    }
    return new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
        .withNewStatus().withCapacity(capacity).withAllocatable(capacity)
        .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build();
  }
}
