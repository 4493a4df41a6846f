package io.argosy.bench.scale;

import io.argosy.queue.JobQueues;
import io.argosy.queue.QueueSpec;
import io.argosy.queue.job.Job;
import io.argosy.scheduler.cycle.CycleResult;
import io.argosy.scheduler.cycle.Scheduler;
import io.argosy.gpu.fit.NodeState;
import io.argosy.scheduler.fleet.ClusterState;
import io.argosy.scheduler.fleet.FleetState;
import io.argosy.scheduler.fleet.NodeSlot;
import io.argosy.scheduler.fleet.GangBinding;
import io.argosy.scheduler.framework.SchedulerConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The scale benchmark: one full scheduling cycle over {@code --gangs} pending gangs (one count, or one per size) on
 * {@code --clusters} x N nodes, for each N of {@code --nodes}, repeated. Measured per run: the cycle's
 * wall time and the scheduler thread's CPU time, per-gang time in the cycle (HdrHistogram), gangs
 * placed and placements per second, the load average; per fleet size: heap per node and per queued
 * job (used heap after full GCs, before and after building the fleet / submitting the gangs) and the
 * heap in use with everything loaded. Writes {@code OUT.csv} (every run), {@code OUT.md} (medians,
 * min-max, the machine) and {@code OUT.svg} (growth with N).
 *
 * <p>Each run starts from the same state: the previous run's bindings are released, a new
 * {@link JobQueues} receives the same jobs and a new {@link Scheduler} (so its per-job caches start
 * empty, as on the first cycle after the gangs arrived). The first {@code --warmup} runs of each
 * size are not reported.
 *
 * <pre>
 * java -Xmx12g -XX:+UseParallelGC -cp benchmarks/target/benchmarks.jar io.argosy.bench.scale.ScaleBenchmark \
 *   --clusters 100 --nodes 10,100,1000,5000 --gangs 200,2000,20000,100000 --repeats 3 --warmup 1 \
 *   --out benchmarks/results/scale
 * </pre>
 */
public final class ScaleBenchmark {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** One measured run. */
  record Run(int nodesPerCluster, int repeat, double wallMs, double cpuMs, int candidates, int placed, long pods,
      double p50Us, double p99Us, double p999Us, double maxUs, double cpuP50Us, double cpuP99Us, double cpuP999Us,
      double load, double fragmentedGpus) {
    double placementsPerSecond() {
      return placed / (wallMs / 1000);
    }
  }

  /** Per fleet size. */
  record Size(int nodesPerCluster, int nodes, int gangs, double heapPerNodeBytes, double heapPerJobBytes, double heapLoadedMiB,
      double buildSeconds, List<Run> runs) {}

  public static void main(String[] args) throws IOException {
    Map<String, String> opt = options(args);
    int clusters = Integer.parseInt(opt.getOrDefault("clusters", "100"));
    int[] sizes = Arrays.stream(opt.getOrDefault("nodes", "10,100,1000,5000").split(",")).mapToInt(Integer::parseInt)
        .toArray();
    // one gang count for every size, or one per size (aligned with --nodes)
    int[] gangCounts = Arrays.stream(opt.getOrDefault("gangs", "100000").split(",")).mapToInt(Integer::parseInt).toArray();
    if (gangCounts.length != 1 && gangCounts.length != sizes.length) {
      System.err.println("--gangs: give one count or one per --nodes size (" + sizes.length + ")");
      System.exit(2);
    }
    int queues = Integer.parseInt(opt.getOrDefault("queues", "20"));
    int repeats = Integer.parseInt(opt.getOrDefault("repeats", "5"));
    int warmup = Integer.parseInt(opt.getOrDefault("warmup", "2"));
    long seed = Long.parseLong(opt.getOrDefault("seed", "1"));
    Path trace = Path.of(opt.getOrDefault("trace", "../shared/traces/openb/openb_pod_list_default.csv"));
    Path out = Path.of(opt.getOrDefault("out", "benchmarks/results/scale"));
    // clusters that can take a gang compared before choosing (the scheduler's default is 3)
    SchedulerConfig config = SchedulerConfig.defaults();
    if (opt.containsKey("clusters-evaluated")) {
      config = config.withClustersEvaluated(Integer.parseInt(opt.get("clusters-evaluated")));
    }
    // per-gang CPU time costs a clock_gettime of the thread's CPU time per gang (1.5 us on this VM,
    // ~7% of the cycle), so it is measured only when asked for; per-gang wall time is two nanoTime reads
    boolean gangCpu = Boolean.parseBoolean(opt.getOrDefault("gang-cpu", "false"));
    // above this many pending jobs each gang takes the first cluster that can take it (default 20,000)
    if (opt.containsKey("first-fit-backlog")) {
      config = config.withFirstFitBacklog(Integer.parseInt(opt.get("first-fit-backlog")));
    }

    if (opt.containsKey("from-log")) {
      // rebuild the result files from a run's log (e.g. a run stopped before its last repeat)
      write(out, clusters, queues, repeats, warmup, seed, trace, config, fromLog(Path.of(opt.get("from-log"))));
      return;
    }
    List<ScaleJobs.Row> rows = ScaleJobs.load(trace);
    // load and initialise every class on the path once, so the first size's heap figures hold no statics
    FleetState warm = new FleetState();
    ScaleFleet.build(warm, 2, 20);
    new Scheduler(warm, queues(Clock.systemUTC(), ScaleJobs.generate(rows, 200, queues, seed + 1), queues),
        config, Clock.systemUTC()).runCycle();
    warm = null;
    List<Size> results = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      int gangs = gangCounts[gangCounts.length == 1 ? 0 : i];
      results.add(measure(clusters, sizes[i], gangs, queues, repeats, warmup, rows, seed, config, gangCpu));
      write(out, clusters, queues, repeats, warmup, seed, trace, config, results);
    }
  }

  private static Size measure(int clusters, int perCluster, int gangs, int queues, int repeats, int warmup,
      List<ScaleJobs.Row> rows, long seed, SchedulerConfig config, boolean gangCpu) {
    long h0 = usedAfterGc();
    long b0 = System.nanoTime();
    FleetState fleet = new FleetState();
    int nodes = ScaleFleet.build(fleet, clusters, perCluster);
    double buildSeconds = (System.nanoTime() - b0) / 1e9;
    long h1 = usedAfterGc();
    List<Job> jobs = ScaleJobs.generate(rows, gangs, queues, seed);
    Clock clock = Clock.fixed(Instant.parse("2025-01-01T00:01:00Z"), ZoneOffset.UTC);
    JobQueues q = queues(clock, jobs, queues);
    long h2 = usedAfterGc();
    double loaded = h2 / 1048576.0;
    q = null;
    System.out.printf(Locale.ROOT, "%d x %d nodes built in %.1f s: %.0f B/node, %.0f B/queued job, %.0f MiB loaded%n",
        clusters, perCluster, buildSeconds, (h1 - h0) / (double) nodes, (h2 - h1) / (double) gangs, loaded);
    List<Run> runs = new ArrayList<>();
    List<GangBinding> held = List.of();
    for (int i = 0; i < warmup + repeats; i++) {
      for (GangBinding b : held) {
        fleet.expire(b.bindingId());
      }
      JobQueues jq = queues(clock, jobs, queues);
      Scheduler s = new Scheduler(fleet, jq, config, clock);
      Histogram perGang = new Histogram(3_600_000_000_000L, 3);
      Histogram perGangCpu = new Histogram(3_600_000_000_000L, 3);
      long[] lastCpu = new long[1];
      s.gangTimer(!gangCpu ? perGang::recordValue : nanos -> {
        perGang.recordValue(nanos);
        long now = THREADS.getCurrentThreadCpuTime(); // CPU since the previous gang ended: this gang's
        perGangCpu.recordValue(Math.max(0, now - lastCpu[0]));
        lastCpu[0] = now;
      });
      System.gc();
      double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      long cpu0 = THREADS.getCurrentThreadCpuTime();
      lastCpu[0] = cpu0;
      long t0 = System.nanoTime();
      CycleResult r = s.runCycle();
      long wall = System.nanoTime() - t0;
      long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
      held = r.bindings();
      long pods = 0;
      for (GangBinding b : r.bindings()) {
        pods += b.pods().size();
      }
      int placed = r.timings().placed();
      Run run = new Run(perCluster, i - warmup, wall / 1e6, cpu / 1e6, r.timings().candidates(), placed, pods,
          perGang.getValueAtPercentile(50) / 1e3, perGang.getValueAtPercentile(99) / 1e3,
          perGang.getValueAtPercentile(99.9) / 1e3, perGang.getMaxValue() / 1e3, cpuAt(perGangCpu, 50),
          cpuAt(perGangCpu, 99), cpuAt(perGangCpu, 99.9), load,
          fragmentedGpus(fleet));
      System.out.printf(Locale.ROOT,
          "%s %d x %d: cycle %.0f ms wall, %.0f ms cpu; %d of %d gangs placed (%d pods); per gang p50 %.1f us, p99 %.1f us,"
              + " p99.9 %.1f us, max %.0f us (CPU p50 %.1f, p99 %.1f, p99.9 %.1f us); load %.1f; fragmented GPUs %.1f;"
              + " allocate %.0f ms, preempt and reclaim %.0f ms, backfill %.0f ms, plan %.0f ms%n",
          i < warmup ? "warmup" : "run", clusters, perCluster, run.wallMs(), run.cpuMs(), placed, run.candidates(), pods,
          run.p50Us(), run.p99Us(), run.p999Us(), run.maxUs(), run.cpuP50Us(), run.cpuP99Us(), run.cpuP999Us(), load,
          run.fragmentedGpus(), r.timings().allocateNanos() / 1e6, r.timings().preemptNanos() / 1e6,
          r.timings().backfillNanos() / 1e6, r.timings().planNanos() / 1e6);
      if (i >= warmup) {
        runs.add(run);
      }
    }
    for (GangBinding b : held) {
      fleet.expire(b.bindingId());
    }
    return new Size(perCluster, nodes, gangs, (h1 - h0) / (double) nodes, (h2 - h1) / (double) gangs, loaded, buildSeconds, runs);
  }

  private static final java.util.regex.Pattern BUILT = java.util.regex.Pattern.compile(
      "(\\d+) x (\\d+) nodes built in ([\\d.]+) s: (-?\\d+) B/node, (-?\\d+) B/queued job, (\\d+) MiB loaded");
  private static final java.util.regex.Pattern RUN = java.util.regex.Pattern.compile(
      "run (\\d+) x (\\d+): cycle ([\\d.]+) ms wall, ([\\d.]+) ms cpu; (\\d+) of (\\d+) gangs placed \\((\\d+) pods\\);"
          + " per gang p50 ([\\d.]+) us, p99 ([\\d.]+) us, p99.9 ([\\d.]+) us, max ([\\d.]+) us"
          + " \\(CPU p50 ([\\d.]+|NaN), p99 ([\\d.]+|NaN), p99.9 ([\\d.]+|NaN) us\\); load ([\\d.]+)(?:; fragmented GPUs ([\\d.]+))?");

  /** The sizes and measured runs a log holds (warm-up lines are skipped, as in a full run). */
  static List<Size> fromLog(Path log) throws IOException {
    List<Size> sizes = new ArrayList<>();
    Size cur = null;
    for (String line : Files.readAllLines(log)) {
      var b = BUILT.matcher(line);
      if (b.find()) {
        int clusters = Integer.parseInt(b.group(1));
        int per = Integer.parseInt(b.group(2));
        cur = new Size(per, clusters * per, 0, Double.parseDouble(b.group(4)), Double.parseDouble(b.group(5)),
            Double.parseDouble(b.group(6)), Double.parseDouble(b.group(3)), new ArrayList<>());
        sizes.add(cur);
        continue;
      }
      var r = RUN.matcher(line);
      if (r.find() && cur != null) {
        double[] d = new double[15];
        for (int i = 0; i < 15; i++) {
          d[i] = Double.parseDouble(r.group(i + 1));
        }
        if (cur.gangs() == 0) {
          cur = new Size(cur.nodesPerCluster(), cur.nodes(), (int) d[5], cur.heapPerNodeBytes(), cur.heapPerJobBytes(),
              cur.heapLoadedMiB(), cur.buildSeconds(), cur.runs());
          sizes.set(sizes.size() - 1, cur);
        }
        cur.runs().add(new Run((int) d[1], cur.runs().size(), d[2], d[3], (int) d[5], (int) d[4], (long) d[6], d[7], d[8],
            d[9], d[10], d[11], d[12], d[13], d[14], r.group(16) == null ? Double.NaN : Double.parseDouble(r.group(16))));
      }
    }
    return sizes;
  }

  /** A percentile of per-gang CPU time in µs, or NaN when it was not measured. */
  private static double cpuAt(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1e3;
  }

  /**
   * A placement-quality figure beside the speed: free GPU (in whole devices, shares and partitions
   * counted by their free fraction) on GPU nodes that are partly used, i.e. capacity left in pieces
   * (the solver benchmark's "fragmented GPUs left"). Lower is better for the same gangs placed.
   */
  static double fragmentedGpus(FleetState fleet) {
    long milli = 0;
    for (ClusterState c : fleet.clusters()) {
      for (int i = 0; i < c.slotCount(); i++) {
        NodeSlot slot = c.slot(i);
        if (slot == null || slot.state().deviceCount() == 0) {
          continue;
        }
        NodeState n = slot.state();
        long free = 0;
        boolean used = false;
        for (int d = 0; d < n.deviceCount(); d++) {
          int f = n.freeMilli(d);
          free += f;
          used |= f < 1000;
        }
        if (used) {
          milli += free;
        }
      }
    }
    return milli / 1000.0;
  }

  private static JobQueues queues(Clock clock, List<Job> jobs, int queues) {
    JobQueues q = new JobQueues(clock);
    for (int i = 0; i < queues; i++) {
      q.defineQueue(QueueSpec.of("q" + i).withWeight(1 + i % 3));
    }
    for (Job j : jobs) {
      q.submit(j);
    }
    return q;
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    long used = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == java.lang.management.MemoryType.HEAP) {
        used += p.getUsage().getUsed();
      }
    }
    return used;
  }

  // ================================================================== output

  private static void write(Path out, int clusters, int queues, int repeats, int warmup, long seed, Path trace,
      SchedulerConfig config, List<Size> sizes) throws IOException {
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    StringBuilder csv = new StringBuilder("clusters,nodes_per_cluster,nodes,gangs,repeat,cycle_wall_ms,cycle_cpu_ms,"
        + "gangs_placed,pods_placed,placements_per_s,gang_p50_us,gang_p99_us,gang_p999_us,gang_max_us,gang_cpu_p50_us,"
        + "gang_cpu_p99_us,gang_cpu_p999_us,load_avg,"
        + "heap_per_node_bytes,heap_per_queued_job_bytes,heap_loaded_mib,fragmented_gpus,clusters_evaluated,"
        + "first_fit_backlog\n");
    for (Size s : sizes) {
      for (Run r : s.runs()) {
        csv.append(String.format(Locale.ROOT, "%d,%d,%d,%d,%d,%.1f,%.1f,%d,%d,%.0f,%.1f,%.1f,%.1f,%.0f,%.1f,%.1f,%.1f,%.2f,%.0f,%.0f,%.0f,%.1f,%d,%d%n",
            clusters, s.nodesPerCluster(), s.nodes(), s.gangs(), r.repeat(), r.wallMs(), r.cpuMs(), r.placed(), r.pods(),
            r.placementsPerSecond(), r.p50Us(), r.p99Us(), r.p999Us(), r.maxUs(), r.cpuP50Us(), r.cpuP99Us(), r.cpuP999Us(),
            r.load(), s.heapPerNodeBytes(),
            s.heapPerJobBytes(), s.heapLoadedMiB(), r.fragmentedGpus(), config.clustersEvaluated(),
            config.firstFitBacklog()));
      }
    }
    Files.writeString(Path.of(out + ".csv"), csv);

    StringBuilder md = new StringBuilder("# Scale: one full scheduling cycle, " + clusters + " clusters\n\n");
    md.append("Generated by `io.argosy.bench.scale.ScaleBenchmark` (command in `benchmarks/README.md`). Every run is in `")
        .append(out.getFileName()).append(".csv`; the plot is `").append(out.getFileName()).append(".svg`.\n\n");
    md.append("Settings: pending gangs (per size: the table's pending gangs column) drawn from `").append(trace.getFileName())
        .append("` (seed ").append(seed).append("), ").append(queues).append(" queues, ")
        .append(config.equals(SchedulerConfig.defaults()) ? "default scheduler configuration" : "scheduler configuration")
        .append(" (`argosy` placement policy; ").append(config.clustersEvaluated())
        .append(" clusters that can take a gang compared, 1 above ").append(String.format(Locale.ROOT, "%,d", config.firstFitBacklog()))
        .append(" pending jobs); fleet: ").append(ScaleFleet.describe().get("mix")).append(". ")
        .append(repeats).append(" measured runs per size after ").append(warmup).append(" warm-up runs.\n\n");
    md.append("Machine: ").append(machine()).append("\n\n");
    md.append("| nodes per cluster | nodes | pending gangs | cycle wall ms, median (min-max) | cycle CPU ms, median (min-max) | gangs placed"
        + " | placements/s (wall) | per-gang wall p50 / p99 / p99.9 µs | per-gang CPU p50 / p99 / p99.9 µs | heap per node"
        + " | heap per queued job"
        + " | heap in use, loaded | load avg | fragmented GPUs left |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Size s : sizes) {
      List<Run> rs = s.runs();
      md.append(String.format(Locale.ROOT,
          "| %,d | %,d | %,d | %s | %s | %,.0f of %,d | %,.0f | %.1f / %.1f / %.1f | %s | %,.0f B | %,.0f B"
              + " | %,.0f MiB | %s | %,.1f |%n",
          s.nodesPerCluster(), s.nodes(), s.gangs(), spread(rs, Run::wallMs), spread(rs, Run::cpuMs), median(rs, r -> r.placed()),
          rs.isEmpty() ? 0 : rs.get(0).candidates(), median(rs, Run::placementsPerSecond), median(rs, Run::p50Us),
          median(rs, Run::p99Us), median(rs, Run::p999Us), Double.isNaN(median(rs, Run::cpuP99Us)) ? "not measured"
              : String.format(Locale.ROOT, "%.1f / %.1f / %.1f", median(rs, Run::cpuP50Us), median(rs, Run::cpuP99Us),
                  median(rs, Run::cpuP999Us)), s.heapPerNodeBytes(), s.heapPerJobBytes(), s.heapLoadedMiB(),
          range(rs, Run::load), median(rs, Run::fragmentedGpus)));
    }
    md.append("\nPer-gang time: from taking the gang out of the fair-share order to its binding or pending reason,"
        + " inside the cycle (wall), and the scheduler thread's CPU time between the end of the previous gang and the"
        + " end of this one (CPU; only with --gang-cpu true, since reading the thread's CPU time per gang costs"
        + " ~1.5 µs and would inflate the cycle figures); medians over the runs of each percentile. Heap per node / per queued job: used heap after full GCs, before and after building the"
        + " fleet and submitting the gangs, divided by their number. CPU: the scheduler thread's CPU time"
        + " (ThreadMXBean); wall time beyond it is time the thread waited for a core or for GC. Fragmented GPUs left:"
        + " after the cycle, the free GPU (shares and partitions by their free fraction) on GPU nodes that are partly"
        + " used, a placement-quality figure (lower is better for the same gangs placed).\n");
    Files.writeString(Path.of(out + ".md"), md);

    double[] x = sizes.stream().mapToDouble(Size::nodesPerCluster).toArray();
    List<SvgPlot.Panel> panels = List.of(
        new SvgPlot.Panel("Full cycle (pending gangs: " + sizes.stream().map(s -> String.format(Locale.ROOT, "%,d", s.gangs()))
            .collect(java.util.stream.Collectors.joining(", ")) + ")", "ms", List.of(
            new SvgPlot.Series("wall", sizes.stream().mapToDouble(s -> median(s.runs(), Run::wallMs)).toArray()),
            new SvgPlot.Series("CPU", sizes.stream().mapToDouble(s -> median(s.runs(), Run::cpuMs)).toArray()))),
        new SvgPlot.Panel("Per-gang time in the cycle", "µs", List.of(
            new SvgPlot.Series("p50", sizes.stream().mapToDouble(s -> median(s.runs(), Run::p50Us)).toArray()),
            new SvgPlot.Series("p99", sizes.stream().mapToDouble(s -> median(s.runs(), Run::p99Us)).toArray()),
            new SvgPlot.Series("p99.9", sizes.stream().mapToDouble(s -> median(s.runs(), Run::p999Us)).toArray()))),
        new SvgPlot.Panel("Heap", "bytes", List.of(
            new SvgPlot.Series("per node", sizes.stream().mapToDouble(Size::heapPerNodeBytes).toArray()),
            new SvgPlot.Series("per queued job", sizes.stream().mapToDouble(Size::heapPerJobBytes).toArray()),
            new SvgPlot.Series("in use, loaded", sizes.stream().mapToDouble(s -> s.heapLoadedMiB() * 1048576).toArray()))));
    Files.writeString(Path.of(out + ".svg"), SvgPlot.render("nodes per cluster (" + clusters + " clusters)", x, panels));
  }

  static String machine() {
    String cpu = "unknown cpu";
    try {
      for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (l.startsWith("model name")) {
          cpu = l.substring(l.indexOf(':') + 1).trim();
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: leave it unknown
    }
    var os = ManagementFactory.getOperatingSystemMXBean();
    long mem = os instanceof com.sun.management.OperatingSystemMXBean s ? s.getTotalMemorySize() : -1;
    return String.format(Locale.ROOT, "%s, %d cores visible, %.1f GiB RAM, %s %s; JVM %s %s, max heap %.1f GiB, flags %s",
        cpu, Runtime.getRuntime().availableProcessors(), mem / 1073741824.0, System.getProperty("os.name"),
        System.getProperty("os.version"), System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
        Runtime.getRuntime().maxMemory() / 1073741824.0,
        String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
  }

  private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
    double[] v = runs.stream().mapToDouble(f).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static String spread(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
    double[] v = runs.stream().mapToDouble(f).sorted().toArray();
    if (v.length == 0) {
      return "-";
    }
    return String.format(Locale.ROOT, "%,.0f (%,.0f-%,.0f)", median(runs, f), v[0], v[v.length - 1]);
  }

  private static String range(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
    double[] v = runs.stream().mapToDouble(f).sorted().toArray();
    return v.length == 0 ? "-" : String.format(Locale.ROOT, "%.1f-%.1f", v[0], v[v.length - 1]);
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        System.err.println("usage: ScaleBenchmark [--clusters N] [--nodes N,N,..] [--gangs N or N,N,.. (one per size)] [--queues N] [--repeats N]"
            + " [--warmup N] [--seed N] [--trace FILE] [--clusters-evaluated N] [--first-fit-backlog N] [--gang-cpu true] [--out PATH-PREFIX]");
        System.exit(2);
      }
      m.put(args[i].substring(2), args[++i]);
    }
    return m;
  }
}
