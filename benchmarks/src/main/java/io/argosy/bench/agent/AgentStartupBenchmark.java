package io.argosy.bench.agent;

import io.argosy.agent.ClusterAgent;
import io.argosy.agent.sim.SimOptions;
import io.argosy.agent.sim.SimulatedCluster;
import io.argosy.api.AgentMode;
import io.argosy.api.ClusterSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Time from an agent's start to its first snapshot reaching the core, for a member cluster of
 * {@code --nodes} nodes (target: under 2 s at 1,000 nodes). Every agent gets a fresh member cluster,
 * warmed by five untimed node lists (see the run loop for why not a shared one). Two figures:
 * <ul>
 *   <li>in-process: {@code ClusterAgent.start()} (fresh fabric8 client from a kubeconfig, informers
 *       listing over HTTP, WebSocket connect) until the gateway has decoded the snapshot; the first
 *       run is cold (class loading), the others warm;
 *   <li>process: launching {@code ./argosy agent} (the launcher, as a user beside a cluster runs it:
 *       its JVM options, class archive and main class) until the snapshot arrives, JVM boot included.
 *       One untimed launch first lets the launcher build the jar and record its class archive.
 *       {@code --launcher-env K=V,...} sets launcher variables for the timed runs, e.g.
 *       {@code ARGOSY_AGENT_CDS=off} or {@code ARGOSY_JAVA_OPTS=-Xmx256m}.
 * </ul>
 * Usage: {@code java -cp benchmarks/target/benchmarks.jar io.argosy.bench.agent.AgentStartupBenchmark
 * [--nodes 1000] [--runs 9] [--process-runs 9] [--launcher ./argosy] [--launcher-env K=V,...]
 * [--out benchmarks/results/agent-startup-1000.json]}, from the repository's root.
 */
public final class AgentStartupBenchmark {
  public static void main(String[] args) throws Exception {
    int nodes = intArg(args, "--nodes", 1000);
    int runs = intArg(args, "--runs", 9);
    int processRuns = intArg(args, "--process-runs", 9);
    String out = strArg(args, "--out", "benchmarks/results/agent-startup-" + nodes + ".json");
    Path tmp = Files.createTempDirectory("argosy-bench");
    String loadBefore = loadAverage();
    try (SimulatedCluster cluster = SimulatedCluster.start(BenchFleet.cluster("bench", nodes), SimOptions.DEFAULT);
        BenchControlPlane core = new BenchControlPlane()) {
      Path kubeconfig = cluster.writeKubeconfig(tmp.resolve("kubeconfig"));
      Path token = Files.writeString(tmp.resolve("token"), BenchControlPlane.TOKEN);
      List<Double> inProcess = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        // a fresh, warmed member cluster per agent, as for the launched agents below
        SimulatedCluster member = i == 0 ? cluster : SimulatedCluster.start(BenchFleet.cluster("bench", nodes), SimOptions.DEFAULT);
        warmUp(member);
        Path memberConfig = i == 0 ? kubeconfig : member.writeKubeconfig(tmp.resolve("kubeconfig-in-process-" + i));
        var snap = core.expectSnapshot();
        long t0 = System.nanoTime();
        try (ClusterAgent agent = ClusterAgent.builder().cluster("bench").kubeconfig(memberConfig).server(core.url())
            .token(BenchControlPlane.TOKEN).mode(AgentMode.PUSH).build().start()) {
          ClusterSnapshot s = snap.get(60, TimeUnit.SECONDS);
          inProcess.add((core.snapshotNanos.get() - t0) / 1e6);
          check(s, nodes);
        }
        if (member != cluster) {
          closeInBackground(member);
        }
        settle();
      }
      List<Double> process = new ArrayList<>();
      List<Double> processCpu = new ArrayList<>();
      List<Double> sentAfterStart = new ArrayList<>();
      List<Double> sentAfterJvm = new ArrayList<>();
      String launcher = Path.of(strArg(args, "--launcher", "./argosy")).toAbsolutePath().normalize().toString();
      Map<String, String> env = launcherEnv(strArg(args, "--launcher-env", ""));
      if (processRuns > 0) {
        prepare(launcher, env, tmp);
      }
      for (int i = 0; i < processRuns; i++) {
        // each launched agent gets a fresh member cluster: a killed agent's watches can stall the mock
        // API server's event loop (fabric8's WatchEventsListener waits there for a write that needs
        // that loop, 30 s), and the next agent's lists would wait behind it
        SimulatedCluster member = SimulatedCluster.start(BenchFleet.cluster("bench", nodes), SimOptions.DEFAULT);
        warmUp(member);
        Path memberConfig = member.writeKubeconfig(tmp.resolve("kubeconfig-" + i));
        var snap = core.expectSnapshot();
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(launcher, "agent", "--cluster", "bench", "--kubeconfig", memberConfig.toString(),
            "--server", core.url(), "--token-file", token.toString());
        launcherEnvironment(pb, env);
        Process p = pb.redirectErrorStream(true).redirectOutput(tmp.resolve("agent-" + i + ".log").toFile()).start();
        try {
          check(snap.get(120, TimeUnit.SECONDS), nodes);
          process.add((core.snapshotNanos.get() - t0) / 1e6);
          // CPU the agent's process spent until then (the launcher execs java: all its threads, JIT and GC included)
          processCpu.add(p.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e6).orElse(Double.NaN));
          long[] sent = agentLogged(tmp.resolve("agent-" + i + ".log"));
          sentAfterStart.add(sent == null ? Double.NaN : sent[0]);
          sentAfterJvm.add(sent == null ? Double.NaN : sent[1]);
        } finally {
          p.destroyForcibly();
          p.waitFor(10, TimeUnit.SECONDS);
        }
        closeInBackground(member);
        settle();
      }
      List<Double> warm = inProcess.subList(Math.min(1, inProcess.size()), inProcess.size());
      String json = String.format(Locale.ROOT, """
          {
            "benchmark": "agent-first-snapshot",
            "nodes": %d,
            "cores": %d,
            "loadAverageBefore": "%s",
            "loadAverageAfter": "%s",
            "inProcessColdMs": %s,
            "inProcessWarmMedianMs": %s,
            "inProcessMs": %s,
            "processMedianMs": %s,
            "processMs": %s,
            "processCpuMedianMs": %s,
            "processCpuMs": %s,
            "agentSentAfterJvmStartMedianMs": %s,
            "agentSentAfterJvmStartMs": %s,
            "agentSentAfterAgentStartMedianMs": %s,
            "agentSentAfterAgentStartMs": %s,
            "launcher": "./argosy agent",
            "launcherEnv": "%s",
            "classArchive": %s,
            "targetMs": 2000
          }
          """, nodes, Runtime.getRuntime().availableProcessors(), loadBefore, loadAverage(),
          inProcess.isEmpty() ? "null" : json(inProcess.get(0)), json(median(warm)), fmt(inProcess),
          json(median(process)), fmt(process), json(median(processCpu)), fmt(processCpu),
          json(median(sentAfterJvm)), fmt(sentAfterJvm), json(median(sentAfterStart)), fmt(sentAfterStart),
          env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")),
          classArchiveUsed(launcher, env));
      Path outPath = Path.of(out);
      Files.createDirectories(outPath.toAbsolutePath().getParent());
      Files.writeString(outPath, json);
      System.out.print(json);
      System.out.flush();
      // not closing the clusters: a used mock API server's teardown can stall (see the run loop)
      System.exit(0);
    }
  }

  /** An API server is warm when an agent starts: list the nodes a few times first (untimed). */
  static void warmUp(SimulatedCluster member) {
    for (int i = 0; i < 5; i++) {
      member.client().nodes().list();
    }
  }

  /** Closes a used member cluster without waiting: its teardown can stall (see the run loop). */
  static void closeInBackground(SimulatedCluster member) {
    Thread t = new Thread(member::close, "bench-cluster-close");
    t.setDaemon(true);
    t.start();
  }

  /**
   * A pause between runs, for the machine to go quiet: the departed agent's process and the used
   * member cluster's teardown (in the background) still take CPU for a moment.
   */
  static void settle() throws InterruptedException {
    Thread.sleep(3_000);
  }

  /** One untimed launch ({@code agent --help}): the launcher builds the jar and records the class archive if it must. */
  static void prepare(String launcher, Map<String, String> env, Path tmp) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(launcher, "agent", "--help");
    launcherEnvironment(pb, env);
    Process p = pb.redirectErrorStream(true).redirectOutput(tmp.resolve("prepare.log").toFile()).start();
    if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("'" + launcher + " agent --help' failed: " + Files.readString(tmp.resolve("prepare.log")));
    }
  }

  private static final java.util.regex.Pattern SENT =
      java.util.regex.Pattern.compile("first snapshot sent (\\d+) ms after start, (\\d+) ms after the JVM's");

  /**
   * What the agent logged when it sent its first snapshot: ms after {@code ClusterAgent.start()} and
   * after the JVM started (null if it did not log it within 5 s).
   */
  static long[] agentLogged(Path log) throws Exception {
    for (int i = 0; i < 100; i++) {
      var m = SENT.matcher(Files.readString(log));
      if (m.find()) {
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
      }
      Thread.sleep(50);
    }
    return null;
  }

  /** The launcher's variables are the given ones only: none inherited from the shell running the benchmark. */
  static void launcherEnvironment(ProcessBuilder pb, Map<String, String> env) {
    pb.environment().keySet().removeIf(k -> k.startsWith("ARGOSY_"));
    pb.environment().putAll(env);
  }

  static Map<String, String> launcherEnv(String spec) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String kv : spec.split(",")) {
      int eq = kv.indexOf('=');
      if (eq > 0) {
        env.put(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip());
      }
    }
    return env;
  }

  /** Whether the timed runs used the launcher's class archive (it exists and was not switched off). */
  static boolean classArchiveUsed(String launcher, Map<String, String> env) {
    return !"off".equals(env.get("ARGOSY_AGENT_CDS"))
        && Files.isRegularFile(Path.of(launcher).getParent().resolve("core/target/argosy-agent.jsa"));
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
