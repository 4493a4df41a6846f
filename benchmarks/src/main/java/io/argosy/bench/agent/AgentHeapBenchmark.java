package io.argosy.bench.agent;

import io.argosy.agent.sim.SimOptions;
import io.argosy.agent.sim.SimulatedCluster;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * The agent's heap for a {@code --nodes} member cluster (target: under 256 MiB at 5,000 nodes).
 * The agent runs in its own JVM ({@link AgentHeapProbe}, {@code -Xmx256m}, so exceeding the
 * target would fail the run with OutOfMemoryError), watches the simulated cluster and connects to
 * the gateway here. After the snapshot arrives, 1,000 nodes' labels change (a burst of node
 * events and deltas); then the probe's heap after full GC and peak pool usage are recorded.
 * Usage: {@code java -cp benchmarks/target/benchmarks.jar io.argosy.bench.agent.AgentHeapBenchmark
 * [--nodes 5000] [--runs 3] [--out benchmarks/results/agent-heap-5000.json]}
 */
public final class AgentHeapBenchmark {
  /** Nodes changed after the snapshot (every request to the mock scans its store, so not all 5,000). */
  static final int TOUCHED = 1000;

  public static void main(String[] args) throws Exception {
    int nodes = AgentStartupBenchmark.intArg(args, "--nodes", 5000);
    int runs = AgentStartupBenchmark.intArg(args, "--runs", 3);
    String out = AgentStartupBenchmark.strArg(args, "--out", "benchmarks/results/agent-heap-" + nodes + ".json");
    Path tmp = Files.createTempDirectory("argosy-bench");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String loadBefore = AgentStartupBenchmark.loadAverage();
    List<Double> used = new ArrayList<>();
    List<Double> peak = new ArrayList<>();
    try (SimulatedCluster cluster = SimulatedCluster.start(BenchFleet.cluster("bench", nodes), SimOptions.DEFAULT);
        BenchControlPlane core = new BenchControlPlane()) {
      Path kubeconfig = cluster.writeKubeconfig(tmp.resolve("kubeconfig"));
      for (int run = 0; run < runs; run++) {
        var snap = core.expectSnapshot();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseG1GC", "-cp", System.getProperty("java.class.path"),
            AgentHeapProbe.class.getName(), "bench", kubeconfig.toString(), core.url(), BenchControlPlane.TOKEN)
            .redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          snap.get(120, TimeUnit.SECONDS);
          long before = core.deltaNodes.get();
          String patch = "{\"metadata\":{\"labels\":{\"bench.argosy.io/touched\":\"run" + run + "\"}}}";
          List<String> names = cluster.spec().nodes().stream().map(n -> n.getMetadata().getName()).toList();
          int touched = Math.min(names.size(), TOUCHED);
          for (int i = 0; i < touched; i++) {
            cluster.client().nodes().withName(names.get(i * (names.size() / touched))).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
          }
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
          while (core.deltaNodes.get() - before < touched && System.nanoTime() < deadline) {
            Thread.sleep(50);
          }
          String last = null;
          for (int i = 0; i < 4; i++) { // a few steady-state samples after the burst
            String line;
            while ((line = r.readLine()) != null && !line.startsWith("heap ")) {
              System.err.println("probe: " + line);
            }
            last = line;
          }
          if (last == null) {
            throw new IllegalStateException("the agent process ended (see its output above)");
          }
          used.add(field(last, "usedAfterGc") / 1048576.0);
          peak.add(field(last, "peakPools") / 1048576.0);
        } finally {
          p.destroy();
          p.waitFor(10, TimeUnit.SECONDS);
        }
      }
    }
    String json = String.format(Locale.ROOT, """
        {
          "benchmark": "agent-heap",
          "nodes": %d,
          "xmx": "256m",
          "loadAverageBefore": "%s",
          "loadAverageAfter": "%s",
          "usedAfterGcMiB": %s,
          "usedAfterGcMedianMiB": %.1f,
          "peakHeapPoolsMiB": %s,
          "peakHeapPoolsMedianMiB": %.1f,
          "targetMiB": 256
        }
        """, nodes, loadBefore, AgentStartupBenchmark.loadAverage(), AgentStartupBenchmark.fmt(used), AgentStartupBenchmark.median(used), AgentStartupBenchmark.fmt(peak),
        AgentStartupBenchmark.median(peak));
    Path outPath = Path.of(out);
    Files.createDirectories(outPath.toAbsolutePath().getParent());
    Files.writeString(outPath, json);
    System.out.print(json);
  }

  static long field(String line, String name) {
    for (String part : line.split(" ")) {
      if (part.startsWith(name + "=")) {
        return Long.parseLong(part.substring(name.length() + 1));
      }
    }
    throw new IllegalArgumentException("no " + name + " in " + line);
  }
}
