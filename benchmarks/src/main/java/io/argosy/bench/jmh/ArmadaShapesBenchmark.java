package io.argosy.bench.jmh;

import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.fit.Assignment;
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
import io.argosy.scheduler.framework.SchedulerConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
 * Armada's in-memory scheduling benchmarks ({@code internal/scheduler/nodedb/nodedb_test.go},
 * {@code BenchmarkScheduleMany*}) in our cycle, with the default placement policy. Armada's nodes
 * are 32 cpu / 256 GiB and its "small" jobs 1 cpu / 4 GiB; its benchmark places all jobs as one gang
 * in its node database (no queue ordering, admission or binding).
 *
 * <ul>
 *   <li>{@code 1000x32000}: 1,000 nodes, 32,000 jobs (fill the nodes exactly);
 *   <li>{@code 100x3200}: 100 nodes, 3,200 jobs;
 *   <li>{@code 10000x1cpu}: 10,000 nodes each with 31 of 32 cpu used by a running pod, 10,000 jobs
 *       (each node takes exactly one).
 * </ul>
 *
 * {@code form}: {@code jobs} submits each pod as its own job, so the whole cycle runs per job (fair
 * share order, quota, cluster filters, node choice, reserve, permits, admission, binding);
 * {@code gang} submits one job whose single task has all the pods and must be placed whole, Armada's
 * form. Setup (fleet, submissions, a full GC) is outside the measurement; with
 * {@code -Dargosy.bench.cpuLog=FILE} each invocation appends the scheduler thread's CPU time to FILE.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 10)
@Fork(value = 2, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-XX:+UseParallelGC"})
public class ArmadaShapesBenchmark {
  @Param({"1000x32000", "100x3200", "10000x1cpu"})
  public String shape;

  @Param({"jobs", "gang"})
  public String form;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private int nodeCount;
  private int jobCount;
  private boolean oneCpuFree;
  private List<NodeInventory> nodes;
  private Scheduler scheduler;
  private long cpuStart;

  @Setup(Level.Trial)
  public void nodes() {
    switch (shape) {
      case "1000x32000" -> {
        nodeCount = 1000;
        jobCount = 32_000;
      }
      case "100x3200" -> {
        nodeCount = 100;
        jobCount = 3_200;
      }
      case "10000x1cpu" -> {
        nodeCount = 10_000;
        jobCount = 10_000;
        oneCpuFree = true;
      }
      default -> throw new IllegalArgumentException("shape " + shape);
    }
    InventoryReader reader = new InventoryReader(Catalog.builtin());
    nodes = new ArrayList<>(nodeCount);
    for (int i = 0; i < nodeCount; i++) {
      nodes.add(reader.read(GangCycleBenchmark.node("node-" + i, false)));
    }
  }

  @Setup(Level.Invocation)
  public void pending() {
    FleetState fleet = new FleetState();
    fleet.upsertCluster("c1", Map.of("region", "us-east"), List.of(), true, null);
    for (NodeInventory n : nodes) {
      fleet.upsertNode("c1", n);
      if (oneCpuFree) {
        fleet.observePod("c1", "running/" + n.name(), n.name(), new Assignment(n.name(), 31_000, 0, List.of()));
      }
    }
    Clock clock = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
    JobQueues queues = new JobQueues(clock);
    Instant t0 = clock.instant();
    if (form.equals("gang")) {
      queues.submit(job(0, jobCount, t0));
    } else {
      for (int j = 0; j < jobCount; j++) {
        queues.submit(job(j, 1, t0));
      }
    }
    scheduler = new Scheduler(fleet, queues, SchedulerConfig.defaults(), clock);
    System.gc();
    cpuStart = THREADS.getCurrentThreadCpuTime();
  }

  private static Job job(int j, int pods, Instant t0) {
    return new Job(new JobId("default", "job-" + j), JobKind.POD,
        List.of(Task.of("main", pods, pods, GangCycleBenchmark.demand(false))), pods, JobQueues.DEFAULT_QUEUE, 0, null,
        true, t0.plusNanos(j), Placement.ANY, null, 0, -1, List.of(), Map.of(), "");
  }

  @TearDown(Level.Invocation)
  public void cpu() {
    long nanos = THREADS.getCurrentThreadCpuTime() - cpuStart;
    GangCycleBenchmark.logCpu("armada," + shape + "," + form, nanos);
  }

  @Benchmark
  public CycleResult cycle() {
    CycleResult r = scheduler.runCycle();
    int pods = 0;
    for (var b : r.bindings()) {
      pods += b.pods().size();
    }
    if (pods != jobCount) {
      throw new IllegalStateException("placed " + pods + " of " + jobCount + " pods: " + r.pending());
    }
    return r;
  }
}
