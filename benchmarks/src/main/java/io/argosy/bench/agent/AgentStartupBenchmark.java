package io.argosy.bench.agent;

import io.argosy.agent.ClusterAgent;
import io.argosy.agent.sim.SimOptions;
import io.argosy.agent.sim.SimulatedCluster;
import io.argosy.api.AgentMode;
import io.argosy.api.ClusterSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Time from an agent's start to its first snapshot reaching the core, for a member cluster of
 * {@code --nodes} nodes (target: under 2 s at 1,000 nodes). Two figures:
 * <ul>
 *   <li>in-process: {@code ClusterAgent.start()} (fresh fabric8 client from a kubeconfig, informers
 *       listing over HTTP, WebSocket connect) until the gateway has decoded the snapshot; the first
 *       run is cold (class loading), the others warm;
 *   <li>process: launching {@code argosy agent} as a new JVM until the snapshot arrives (JVM boot included).
 * </ul>
 * Usage: {@code java -cp benchmarks/target/benchmarks.jar io.argosy.bench.agent.AgentStartupBenchmark
 * [--nodes 1000] [--runs 9] [--process-runs 5] [--out benchmarks/results/agent-startup-1000.json]}
 */
public final class AgentStartupBenchmark {
  public static void main(String[] args) throws Exception {
    int nodes = intArg(args, "--nodes", 1000);
    int runs = intArg(args, "--runs", 9);
    int processRuns = intArg(args, "--process-runs", 5);
    String out = strArg(args, "--out", "benchmarks/results/agent-startup-" + nodes + ".json");
    Path tmp = Files.createTempDirectory("argosy-bench");
    String loadBefore = loadAverage();
    try (SimulatedCluster cluster = SimulatedCluster.start(BenchFleet.cluster("bench", nodes), SimOptions.DEFAULT);
        BenchControlPlane core = new BenchControlPlane()) {
      Path kubeconfig = cluster.writeKubeconfig(tmp.resolve("kubeconfig"));
      Path token = Files.writeString(tmp.resolve("token"), BenchControlPlane.TOKEN);
      List<Double> inProcess = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        var snap = core.expectSnapshot();
        long t0 = System.nanoTime();
        try (ClusterAgent agent = ClusterAgent.builder().cluster("bench").kubeconfig(kubeconfig).server(core.url())
            .token(BenchControlPlane.TOKEN).mode(AgentMode.PUSH).build().start()) {
          ClusterSnapshot s = snap.get(60, TimeUnit.SECONDS);
          inProcess.add((core.snapshotNanos.get() - t0) / 1e6);
          check(s, nodes);
        }
      }
      List<Double> process = new ArrayList<>();
      List<Double> processCpu = new ArrayList<>();
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      for (int i = 0; i < processRuns; i++) {
        var snap = core.expectSnapshot();
        long t0 = System.nanoTime();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m"));
        String extra = System.getProperty("argosy.bench.agentJvmArgs", "");
        if (!extra.isBlank()) {
          cmd.addAll(List.of(extra.strip().split("\\s+")));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.argosy.core.cli.Main", "agent", "--cluster", "bench",
            "--kubeconfig", kubeconfig.toString(), "--server", core.url(), "--token-file", token.toString()));
        Process p = new ProcessBuilder(cmd)
            .redirectErrorStream(true).redirectOutput(tmp.resolve("agent-" + i + ".log").toFile()).start();
        try {
          check(snap.get(120, TimeUnit.SECONDS), nodes);
          process.add((core.snapshotNanos.get() - t0) / 1e6);
          // CPU the agent's JVM spent until then (all its threads, JIT and GC included): less sensitive to load
          processCpu.add(p.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e6).orElse(Double.NaN));
        } finally {
          p.destroy();
          p.waitFor(10, TimeUnit.SECONDS);
        }
      }
      List<Double> warm = inProcess.subList(Math.min(1, inProcess.size()), inProcess.size());
      String json = String.format(Locale.ROOT, """
          {
            "benchmark": "agent-first-snapshot",
            "nodes": %d,
            "cores": %d,
            "loadAverageBefore": "%s",
            "loadAverageAfter": "%s",
            "inProcessColdMs": %.1f,
            "inProcessWarmMedianMs": %s,
            "inProcessMs": %s,
            "processMedianMs": %.1f,
            "processMs": %s,
            "processCpuMedianMs": %.1f,
            "processCpuMs": %s,
            "agentJvmArgs": "-Xmx256m %s",
            "targetMs": 2000
          }
          """, nodes, Runtime.getRuntime().availableProcessors(), loadBefore, loadAverage(), inProcess.get(0), json(median(warm)), fmt(inProcess),
          median(process), fmt(process), median(processCpu), fmt(processCpu),
          System.getProperty("argosy.bench.agentJvmArgs", "").strip());
      Path outPath = Path.of(out);
      Files.createDirectories(outPath.toAbsolutePath().getParent());
      Files.writeString(outPath, json);
      System.out.print(json);
    }
  }

  /** The machine's 1/5/15-minute load averages (shared machine: the figures depend on them). */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }

  static void check(ClusterSnapshot s, int nodes) {
    if (s.nodes().size() != nodes) {
      throw new IllegalStateException("snapshot has " + s.nodes().size() + " nodes, expected " + nodes);
    }
  }

  static double median(List<Double> xs) {
    if (xs.isEmpty()) {
      return Double.NaN;
    }
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  static String fmt(List<Double> xs) {
    return xs.stream().map(x -> String.format(Locale.ROOT, "%.1f", x)).toList().toString();
  }

  /** A number for JSON: null when there was nothing to take the median of. */
  static String json(double x) {
    return Double.isNaN(x) ? "null" : String.format(Locale.ROOT, "%.1f", x);
  }

  static int intArg(String[] args, String name, int dflt) {
    String v = strArg(args, name, null);
    return v == null ? dflt : Integer.parseInt(v);
  }

  static String strArg(String[] args, String name, String dflt) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return dflt;
  }
}
