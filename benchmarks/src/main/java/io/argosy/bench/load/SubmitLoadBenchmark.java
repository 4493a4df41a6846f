package io.argosy.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Submission load against a real control plane: the server runs as its own JVM ({@code argosy
 * server --fleet}: simulated member clusters with push agents in that process), this process is the
 * load generator. It submits one job per HTTP request, open loop at a fixed rate (a request is sent
 * on schedule whether or not earlier ones were answered, so a slow server cannot slow the load
 * down), first a warm-up, then a measured window. Submit-to-bind latency is the server's own
 * histogram ({@code argosy_submit_to_bind_seconds}: from a submission's arrival to its binding being
 * durable and sent to the agent); the window's distribution is the difference of the histogram's
 * buckets scraped before and after it, its quantiles interpolated inside buckets as Prometheus'
 * {@code histogram_quantile} does. Client-side submit latency (request to 201) is recorded here
 * with HdrHistogram.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.argosy.bench.load.SubmitLoadBenchmark \
 *   --rate 1000 --warmup 20 --duration 60 --clusters 4 --nodes 250 --out benchmarks/results/submit-load.json
 * </pre>
 */
public final class SubmitLoadBenchmark {
  private static final Pattern BUCKET =
      Pattern.compile("^argosy_submit_to_bind_seconds_bucket\\{le=\"([^\"]+)\"\\} (\\d+)$", Pattern.MULTILINE);

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = parse(args);
    int rate = Integer.parseInt(opts.getOrDefault("rate", "1000"));
    int warmup = Integer.parseInt(opts.getOrDefault("warmup", "20"));
    int duration = Integer.parseInt(opts.getOrDefault("duration", "60"));
    int clusters = Integer.parseInt(opts.getOrDefault("clusters", "4"));
    int nodes = Integer.parseInt(opts.getOrDefault("nodes", "250"));
    String heap = opts.getOrDefault("server-heap", "4g");
    String sync = opts.getOrDefault("sync", "full");
    Path out = Path.of(opts.getOrDefault("out", "benchmarks/results/submit-load.json"));

    Path work = Files.createTempDirectory("argosy-load-");
    Path fleet = work.resolve("fleet.yaml");
    Files.writeString(fleet, fleet(clusters, nodes));
    int port = freePort();
    String url = "http://127.0.0.1:" + port;
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap, "-cp", System.getProperty("java.class.path"), "io.argosy.core.cli.Main", "server",
        "--fleet", fleet.toString(), "--port", String.valueOf(port), "--data", work.resolve("data").toString(),
        "--sync", sync));
    Process server = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(work.resolve("server.log").toFile())
        .start();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    try {
      log("server starting (" + clusters + " clusters x " + nodes + " nodes), log " + work.resolve("server.log"));
      awaitReady(http, url, clusters, server);
      log("fleet ready; warm-up " + warmup + " s at " + rate + "/s");
      Phase w = run(http, url, rate, warmup, "warm", 0);
      log("warm-up: " + w.summary());
      Thread.sleep(2000); // let the warm-up's last bindings go out before the window opens
      Map<Double, Long> before = buckets(http, url);
      long placedBefore = counter(http, url, "argosy_placements_total");
      log("measuring " + duration + " s at " + rate + "/s");
      Phase m = run(http, url, rate, duration, "run", w.sent);
      Thread.sleep(2000);
      Map<Double, Long> after = buckets(http, url);
      long placedAfter = counter(http, url, "argosy_placements_total");
      Map<Double, Long> window = new TreeMap<>();
      after.forEach((le, n) -> window.put(le, n - before.getOrDefault(le, 0L)));
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("benchmark", "submit-load");
      result.put("at", Instant.now().toString());
      result.put("fleet", Map.of("clusters", clusters, "nodesPerCluster", nodes, "kinds",
          "1/2 8xA100 whole, 1/4 4xL40S HAMi vGPU, 1/8 8xAscend910, 1/8 CPU"));
      result.put("jobs", "one batch/v1 Job of one pod per request: 1 in 10 asks for nvidia.com/gpu: 1, the rest 250m CPU;"
          + " pods run for an hour, so nothing completes during the run");
      result.put("rateTarget", rate);
      result.put("warmupSeconds", warmup);
      result.put("durationSeconds", duration);
      result.put("storeSync", sync);
      result.put("submitted", m.sent);
      result.put("accepted", m.ok.get());
      result.put("errors", m.errors.get());
      result.put("errorKinds", m.errorKinds);
      result.put("warmup", w.summary());
      result.put("acceptedPerSecond", round(m.ok.get() / (double) duration));
      result.put("bindingsInWindow", placedAfter - placedBefore);
      result.put("bindingsPerSecond", round((placedAfter - placedBefore) / (double) duration));
      long total = window.getOrDefault(Double.POSITIVE_INFINITY, 0L);
      Map<String, Object> bind = new LinkedHashMap<>();
      bind.put("count", total);
      bind.put("p50Ms", round(quantile(window, 0.50) * 1000));
      bind.put("p90Ms", round(quantile(window, 0.90) * 1000));
      bind.put("p99Ms", round(quantile(window, 0.99) * 1000));
      bind.put("p999Ms", round(quantile(window, 0.999) * 1000));
      bind.put("fractionWithin50Ms", round(window.getOrDefault(0.05, 0L) / (double) Math.max(1, total)));
      result.put("submitToBind", bind);
      Histogram c = m.latency;
      result.put("clientSubmitLatencyMs", Map.of("p50", round(c.getValueAtPercentile(50) / 1e6),
          "p99", round(c.getValueAtPercentile(99) / 1e6), "max", round(c.getMaxValue() / 1e6)));
      result.put("loadAverage", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      result.put("cores", Runtime.getRuntime().availableProcessors());
      String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result);
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, json + "\n");
      System.out.println(json);
    } finally {
      server.destroy();
      if (!server.waitFor(20, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  /** One phase's client-side record. */
  static final class Phase {
    long sent;
    final AtomicLong ok = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final Map<String, AtomicLong> errorKinds = new java.util.concurrent.ConcurrentHashMap<>();
    Histogram latency;

    String summary() {
      return sent + " sent, " + ok.get() + " accepted, " + errors.get() + " errors " + errorKinds + ", client p99 "
          + round(latency.getValueAtPercentile(99) / 1e6) + " ms";
    }
  }

  /** Open loop: every millisecond tick sends what the rate owes by then. */
  static Phase run(HttpClient http, String url, int rate, int seconds, String prefix, long offset) throws Exception {
    Phase p = new Phase();
    Recorder rec = new Recorder(3);
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    long start = System.nanoTime();
    long total = (long) rate * seconds;
    AtomicLong next = new AtomicLong();
    AtomicLong inflight = new AtomicLong();
    ticker.scheduleAtFixedRate(() -> {
      long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L);
      for (long i = next.get(); i < due; i = next.incrementAndGet()) {
        String body = job(prefix + "-" + (offset + i), i);
        long t0 = System.nanoTime();
        inflight.incrementAndGet();
        http.sendAsync(HttpRequest.newBuilder(URI.create(url + "/v1/jobs")).header("Content-Type", "application/yaml")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
              rec.recordValue(System.nanoTime() - t0);
              if (e == null && r.statusCode() == 201) {
                p.ok.incrementAndGet();
              } else {
                p.errors.incrementAndGet();
                String kind = e != null ? String.valueOf(e.getCause() != null ? e.getCause() : e) : "HTTP " + r.statusCode();
                p.errorKinds.computeIfAbsent(kind.length() > 80 ? kind.substring(0, 80) : kind, k -> new AtomicLong())
                    .incrementAndGet();
              }
              inflight.decrementAndGet();
            });
      }
    }, 0, 1, TimeUnit.MILLISECONDS);
    while (next.get() < total) {
      Thread.sleep(50);
    }
    ticker.shutdown();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (inflight.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    p.sent = total;
    p.latency = rec.getIntervalHistogram();
    return p;
  }

  static String job(String name, long i) {
    String limits = i % 10 == 0 ? "{nvidia.com/gpu: 1, cpu: 500m, memory: 1Gi}" : "{cpu: 250m, memory: 256Mi}";
    return """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: %s, annotations: {sim.argosy.io/runtime-seconds: "3600"}}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
                - {name: main, image: busybox, resources: {limits: %s}}
        """.formatted(name, limits);
  }

  static String fleet(int clusters, int nodes) {
    StringBuilder b = new StringBuilder("clusters:\n");
    for (int c = 0; c < clusters; c++) {
      int half = nodes / 2;
      int quarter = nodes / 4;
      int eighth = (nodes - half - quarter) / 2;
      int cpu = nodes - half - quarter - eighth;
      b.append("""
            - name: bench-%d
              labels: {region: bench-%d}
              nodes:
                - {namePrefix: a100, count: %d, cpu: "96", memory: 1024Gi, pods: 250, accelerator: {vendor: nvidia, model: A100-80GB, count: 8}}
                - {namePrefix: l40s, count: %d, cpu: "48", memory: 384Gi, pods: 250, accelerator: {vendor: nvidia, model: L40S, count: 4, mode: vgpu}}
                - {namePrefix: ascend, count: %d, cpu: "192", memory: 1536Gi, pods: 250, accelerator: {vendor: huawei, model: Ascend910, count: 8}}
                - {namePrefix: cpu, count: %d, cpu: "64", memory: 256Gi, pods: 250}
          """.formatted(c, c, half, quarter, eighth, cpu));
    }
    return b.toString();
  }

  /** Prometheus' histogram_quantile: linear interpolation inside the bucket that holds the rank. */
  static double quantile(Map<Double, Long> cumulative, double q) {
    long total = cumulative.getOrDefault(Double.POSITIVE_INFINITY, 0L);
    if (total == 0) {
      return Double.NaN;
    }
    double rank = q * total;
    double prevLe = 0;
    long prevCount = 0;
    for (Map.Entry<Double, Long> e : cumulative.entrySet()) {
      if (e.getValue() >= rank) {
        if (e.getKey().isInfinite()) {
          return prevLe;
        }
        long inBucket = e.getValue() - prevCount;
        return prevLe + (e.getKey() - prevLe) * (inBucket == 0 ? 0 : (rank - prevCount) / inBucket);
      }
      prevLe = e.getKey();
      prevCount = e.getValue();
    }
    return prevLe;
  }

  static Map<Double, Long> buckets(HttpClient http, String url) throws Exception {
    String m = http.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).build(), HttpResponse.BodyHandlers.ofString())
        .body();
    Map<Double, Long> out = new TreeMap<>();
    Matcher x = BUCKET.matcher(m);
    while (x.find()) {
      double le = x.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(x.group(1));
      out.put(le, Long.parseLong(x.group(2)));
    }
    return out;
  }

  static long counter(HttpClient http, String url, String name) throws Exception {
    String m = http.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).build(), HttpResponse.BodyHandlers.ofString())
        .body();
    long sum = 0;
    for (String line : m.split("\n")) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  static void awaitReady(HttpClient http, String url, int clusters, Process server) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new IllegalStateException("the server exited with " + server.exitValue());
      }
      try {
        String body = http.send(HttpRequest.newBuilder(URI.create(url + "/readyz")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        if (body.contains("\"readyClusters\":" + clusters)) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("the fleet did not become ready");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  static void log(String s) {
    System.err.println("[" + Instant.now() + "] " + s);
  }

  static Map<String, String> parse(String[] args) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got " + String.join(" ", args));
      }
      m.put(args[i].substring(2), args[++i]);
    }
    return m;
  }
}
