package io.argosy.bench.solver;

import io.argosy.solver.PlacementSolver;
import io.argosy.solver.model.PlacementDecision;
import io.argosy.solver.model.PlacementPlan;
import io.argosy.solver.model.PlacementProblem;
import io.argosy.solver.model.SolveBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Greedy against solver on the contended scenario families: placed priority-weighted GPU demand,
 * cycle time and fragmentation left. Writes {@code <out>.md} and {@code <out>.csv}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.argosy.bench.solver.SolverComparison \
 *     [--families mixed-8,openb-8] [--seeds 5] [--runs 10] [--warmup 20] [--budget-ms 200] \
 *     [--trace-dir ../shared/traces/openb] [--pods openb_pod_list_multigpu50.csv] [--out benchmarks/results/solver]
 * </pre>
 *
 * Each instance is solved {@code runs} times through {@link PlacementSolver#place} with solver seeds
 * 0..runs-1 after {@code warmup} untimed cycles warm the JIT (the scheduler is a long-lived process).
 * Figures are medians over runs; the ratio of a family is over its summed medians.
 */
public final class SolverComparison {

  private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

  private SolverComparison() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> opt = parse(args);
    List<String> families = List.of(opt.getOrDefault("families", "mixed-8,openb-8").split(","));
    int seeds = Integer.parseInt(opt.getOrDefault("seeds", "5"));
    int runs = Integer.parseInt(opt.getOrDefault("runs", "10"));
    int warmup = Integer.parseInt(opt.getOrDefault("warmup", "20"));
    long budgetMs = Long.parseLong(opt.getOrDefault("budget-ms", "200"));
    Path traceDir = opt.containsKey("trace-dir") ? Path.of(opt.get("trace-dir")) : Scenarios.openbDir();
    String podFile = opt.getOrDefault("pods", Scenarios.DEFAULT_PODS);
    Path out = Path.of(opt.getOrDefault("out", "benchmarks/results/solver"));

    List<Scenario> scenarios = new ArrayList<>();
    for (String family : families) {
      for (long s = 1; s <= seeds; s++) {
        scenarios.add(Scenarios.generate(family, s, traceDir, podFile));
      }
    }

    PlacementSolver solver = new PlacementSolver();
    SolveBudget budget = SolveBudget.of(Duration.ofMillis(budgetMs), 0);
    if (opt.containsKey("unimproved-ms")) {
      budget = new SolveBudget(budget.time(), Duration.ofMillis(Long.parseLong(opt.get("unimproved-ms"))), 0, 0);
    }
    for (int w = 0; w < warmup; w++) {
      Scenario s = scenarios.get(w % scenarios.size());
      solver.place(s.problem().withBudget(budget.withSeed(1000 + w)));
    }

    String loadBefore = loadAverage();
    List<Row> rows = new ArrayList<>();
    for (Scenario s : scenarios) {
      PlacementProblem problem = s.problem().withBudget(budget);
      long[] greedyNanos = new long[runs];
      long[] cycleNanos = new long[runs];
      long[] cpuNanos = new long[runs];
      long[] weighted = new long[runs];
      long[] frag = new long[runs];
      int[] placedGangs = new int[runs];
      PlacementPlan greedy = null;
      boolean solverUsed = false;
      String contention = "";
      for (int r = 0; r < runs; r++) {
        long t0 = System.nanoTime();
        greedy = solver.greedy(problem);
        greedyNanos[r] = System.nanoTime() - t0;
        long c1 = THREADS.getCurrentThreadCpuTime();
        long t1 = System.nanoTime();
        PlacementDecision d = solver.place(problem.withBudget(budget.withSeed(r)));
        cycleNanos[r] = System.nanoTime() - t1;
        cpuNanos[r] = THREADS.getCurrentThreadCpuTime() - c1;
        if (!d.plan().score().feasible()) {
          throw new IllegalStateException(s.family() + "/" + s.seed() + ": infeasible plan " + d.plan().score());
        }
        weighted[r] = d.plan().metrics().placedWeightedGpuMilli();
        frag[r] = d.plan().metrics().fragmentationMilli();
        placedGangs[r] = d.plan().metrics().placedGangs();
        solverUsed |= d.solverUsed();
        if (System.getProperty("argosy.bench.trace") != null) {
          System.out.println("  run " + r + " " + d.timings() + " weighted " + weighted[r]);
        }
        contention = d.contention().contended() ? "contended" : d.contention().stranded() ? "stranded" : "no";
      }
      rows.add(new Row(s, problem.gangs().size(), buckets(problem), greedy, median(weighted), median(frag),
          median(placedGangs), percentile(greedyNanos, 50), percentile(cycleNanos, 50), percentile(cycleNanos, 95),
          max(cycleNanos), percentile(cpuNanos, 50), solverUsed, contention));
      Row last = rows.get(rows.size() - 1);
      System.out.println(last.csv());
    }
    write(out, rows, runs, warmup, budgetMs, podFile, loadBefore + " at start, " + loadAverage() + " at end");
  }

  private record Row(
      Scenario scenario, int gangs, int buckets, PlacementPlan greedy, long solverWeighted, long solverFrag,
      long solverPlacedGangs, long greedyNanos, long cycleMedianNanos, long cycleP95Nanos, long cycleMaxNanos,
      long cpuMedianNanos, boolean solverUsed, String contention) {

    double ratio() {
      return greedy.metrics().placedWeightedGpuMilli() == 0 ? 1.0
          : (double) solverWeighted / greedy.metrics().placedWeightedGpuMilli();
    }

    String csv() {
      return String.join(",",
          scenario.family(), Long.toString(scenario.seed()), Integer.toString(gangs), Integer.toString(buckets),
          contention, Boolean.toString(solverUsed),
          Long.toString(greedy.metrics().placedWeightedGpuMilli()), Long.toString(solverWeighted),
          String.format(Locale.ROOT, "%.4f", ratio()),
          Integer.toString(greedy.metrics().placedGangs()), Long.toString(solverPlacedGangs),
          ms(greedyNanos), ms(cycleMedianNanos), ms(cycleP95Nanos), ms(cycleMaxNanos), ms(cpuMedianNanos),
          gpus(greedy.metrics().fragmentationMilli()), gpus(solverFrag));
    }
  }

  private static final String CSV_HEADER = "family,seed,gangs,buckets,contention,solver_used,"
      + "greedy_weighted_milli,solver_weighted_milli,ratio,greedy_placed_gangs,solver_placed_gangs,"
      + "greedy_ms_median,cycle_ms_median,cycle_ms_p95,cycle_ms_max,cycle_cpu_ms_median,greedy_frag_gpus,solver_frag_gpus";

  /** The 1/5/15-minute load averages from /proc/loadavg, or "unknown". */
  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + "/" + f[1] + "/" + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static void write(Path out, List<Row> rows, int runs, int warmup, long budgetMs, String podFile, String load)
      throws IOException {
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
    for (Row r : rows) {
      csv.append(r.csv()).append('\n');
    }
    Files.writeString(Path.of(out + ".csv"), csv);

    StringBuilder md = new StringBuilder();
    md.append("# Placement solver vs greedy\n\n");
    md.append("Generated ").append(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
        .append(" by `io.argosy.bench.solver.SolverComparison` (see benchmarks/README.md).\n");
    md.append("Budget ").append(budgetMs).append(" ms per cycle; ").append(runs).append(" runs per instance (solver seeds 0..")
        .append(runs - 1).append("), ").append(warmup).append(" warm-up cycles; ")
        .append(Runtime.getRuntime().availableProcessors()).append(" cores shared with other builds (load average 1/5/15 min ")
        .append(load).append("); Java ")
        .append(System.getProperty("java.version")).append("; openb pods from `").append(podFile).append("`.\n");
    md.append("Weighted demand = Σ weight × milli-GPU over placed gangs; frag = fragmented GPUs left (partly used nodes' free GPU); ")
        .append("cycle CPU = CPU time of the scheduler thread during the cycle (wall time beyond it is waiting for a core).\n\n");
    md.append("## Per family\n\n| family | instances | greedy weighted | solver weighted | ratio | cycle ms median (max of instance medians) | cycle ms p95 (max) | cycle CPU ms median | frag left greedy → solver (GPUs) |\n|---|---|---|---|---|---|---|---|---|\n");
    Map<String, List<Row>> byFamily = new LinkedHashMap<>();
    for (Row r : rows) {
      byFamily.computeIfAbsent(r.scenario.family(), f -> new ArrayList<>()).add(r);
    }
    for (Map.Entry<String, List<Row>> e : byFamily.entrySet()) {
      long g = 0;
      long s = 0;
      long gf = 0;
      long sf = 0;
      long[] med = new long[e.getValue().size()];
      long[] p95 = new long[e.getValue().size()];
      long[] cpu = new long[e.getValue().size()];
      int i = 0;
      for (Row r : e.getValue()) {
        g += r.greedy.metrics().placedWeightedGpuMilli();
        s += r.solverWeighted;
        gf += r.greedy.metrics().fragmentationMilli();
        sf += r.solverFrag;
        med[i] = r.cycleMedianNanos;
        cpu[i] = r.cpuMedianNanos;
        p95[i++] = r.cycleP95Nanos;
      }
      md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.4f | %s (%s) | %s | %s | %s → %s |%n",
          e.getKey(), e.getValue().size(), g, s, g == 0 ? 1.0 : (double) s / g,
          ms(percentile(med, 50)), ms(max(med)), ms(max(p95)), ms(percentile(cpu, 50)), gpus(gf), gpus(sf)));
    }
    md.append("\n## Per instance\n\n| family | seed | gangs | buckets | contention | greedy weighted | solver weighted | ratio | gangs placed greedy/solver | greedy ms | cycle ms median | p95 | max | cycle CPU ms | frag greedy → solver (GPUs) |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %s | %d | %d | %.4f | %d/%d | %s | %s | %s | %s | %s | %s → %s |%n",
          r.scenario.family(), r.scenario.seed(), r.gangs, r.buckets, r.contention,
          r.greedy.metrics().placedWeightedGpuMilli(), r.solverWeighted, r.ratio(),
          r.greedy.metrics().placedGangs(), r.solverPlacedGangs, ms(r.greedyNanos), ms(r.cycleMedianNanos),
          ms(r.cycleP95Nanos), ms(r.cycleMaxNanos), ms(r.cpuMedianNanos),
          gpus(r.greedy.metrics().fragmentationMilli()), gpus(r.solverFrag)));
    }
    md.append("\nScenario families:\n\n");
    for (Map.Entry<String, List<Row>> e : byFamily.entrySet()) {
      md.append("- `").append(e.getKey()).append("`: ").append(e.getValue().get(0).scenario.description()).append('\n');
    }
    Files.writeString(Path.of(out + ".md"), md);
  }

  private static int buckets(PlacementProblem p) {
    int n = 0;
    for (var c : p.clusters()) {
      n += c.nodes().size();
    }
    return n;
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("usage: --name value ..., got '" + args[i] + "'");
      }
      m.put(args[i].substring(2), args[++i]);
    }
    return m;
  }

  private static long median(long[] v) {
    return percentile(v, 50);
  }

  private static long median(int[] v) {
    long[] l = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      l[i] = v[i];
    }
    return percentile(l, 50);
  }

  /** Nearest-rank percentile. */
  static long percentile(long[] v, int p) {
    long[] s = v.clone();
    Arrays.sort(s);
    int rank = (int) Math.ceil(p / 100.0 * s.length);
    return s[Math.max(0, rank - 1)];
  }

  private static long max(long[] v) {
    return Arrays.stream(v).max().orElse(0);
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
  }

  private static String gpus(long milli) {
    return String.format(Locale.ROOT, "%.1f", milli / 1000.0);
  }
}
