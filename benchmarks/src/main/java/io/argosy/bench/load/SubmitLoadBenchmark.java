package io.argosy.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Submissions over HTTP against a real control plane, three processes: the control plane
 * ({@code argosy server}, its own JVM), the simulated fleet ({@link FleetProcess}: member clusters
 * as fabric8 mock API servers with simulated kubelets and one pull agent each, its own JVM), and
 * this process, the load generator. One batch/v1 Job of one pod per request, open loop at a fixed
 * rate: each request has a scheduled send time and is sent then whether or not earlier ones were
 * answered; client latency is measured from that scheduled time (no coordinated omission). The
 * client keeps a bounded pool of HTTP/1.1 keep-alive connections; requests beyond it wait in the
 * client's queue (bounded too) and count against latency.
 *
 * <p>Submit-to-bind and submit-to-running are the server's histograms
 * ({@code argosy_submit_to_bind_seconds}, {@code argosy_submit_to_running_seconds}; definitions in
 * benchmarks/README.md): the measured window's distribution is the difference of their buckets
 * scraped before and after it, quantiles interpolated inside buckets as Prometheus'
 * {@code histogram_quantile} does. Each run also checks that nothing accepted was lost: every job
 * the server acknowledged must end Succeeded.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.argosy.bench.load.SubmitLoadBenchmark \
 *   --rate 1000 --warmup 20 --duration 60 --clusters 4 --nodes 250 --runs 3 --out benchmarks/results/submit-load.json
 * </pre>
 */
public final class SubmitLoadBenchmark {
  private static final Pattern BUCKET = Pattern.compile("^(argosy_submit_to_(?:bind|running)_seconds)_bucket\\{le=\"([^\"]+)\"\\} (\\d+)$",
      Pattern.MULTILINE);

  record Settings(int rate, int warmup, int duration, int clusters, int nodes, int runtime, int connections,
      String heap, String sync, String jfr, int drainSeconds, String format, int fleetNice) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = parse(args);
    Settings s = new Settings(Integer.parseInt(opts.getOrDefault("rate", "1000")),
        Integer.parseInt(opts.getOrDefault("warmup", "20")), Integer.parseInt(opts.getOrDefault("duration", "60")),
        Integer.parseInt(opts.getOrDefault("clusters", "4")), Integer.parseInt(opts.getOrDefault("nodes", "250")),
        Integer.parseInt(opts.getOrDefault("runtime", "1")), Integer.parseInt(opts.getOrDefault("connections", "384")),
        opts.getOrDefault("server-heap", "2g"), opts.getOrDefault("sync", "full"), opts.get("jfr"),
        Integer.parseInt(opts.getOrDefault("drain", "60")), opts.getOrDefault("format", "json"),
        Integer.parseInt(opts.getOrDefault("fleet-nice", "0")));
    if (!s.format().equals("json") && !s.format().equals("yaml")) {
      throw new IllegalArgumentException("--format: expected json or yaml, got " + s.format());
    }
    int runs = Integer.parseInt(opts.getOrDefault("runs", "3"));
    Path out = Path.of(opts.getOrDefault("out", "benchmarks/results/submit-load.json"));
    List<Map<String, Object>> results = new ArrayList<>();
    for (int i = 1; i <= runs; i++) {
      log("run " + i + " of " + runs);
      results.add(runOnce(s, i));
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("benchmark", "submit-load");
    doc.put("at", Instant.now().toString());
    doc.put("command", "java -cp benchmarks/target/benchmarks.jar io.argosy.bench.load.SubmitLoadBenchmark "
        + String.join(" ", args));
    doc.put("settings", s);
    doc.put("fleet", Map.of("clusters", s.clusters(), "nodesPerCluster", s.nodes(), "kinds",
        "1/2 8xA100 whole, 1/4 4xL40S HAMi vGPU, 1/8 8xAscend910, 1/8 CPU"));
    doc.put("jobs", "one batch/v1 Job of one pod per request (1 in 10 asks for nvidia.com/gpu: 1, the rest 250m CPU),"
        + " pods start 0.5 s after creation and run " + s.runtime() + " s; ttlSecondsAfterFinished: 0, so the agent"
        + " deletes a finished job's pod once the outcome is durable");
    doc.put("machine", machine());
    doc.put("medians", medians(results));
    doc.put("runs", results);
    String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, json + "\n");
    System.out.println(json);
    System.exit(0);
  }

  static Map<String, Object> runOnce(Settings s, int index) throws Exception {
    Path work = Files.createTempDirectory("argosy-load-");
    Path fleet = work.resolve("fleet.yaml");
    Files.writeString(fleet, fleet(s.clusters(), s.nodes()));
    Path tokenFile = work.resolve("token");
    Files.writeString(tokenFile, "bench-" + Long.toHexString(System.nanoTime()));
    int port = freePort();
    String url = "http://127.0.0.1:" + port;
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path");
    List<String> serverCmd = new ArrayList<>(List.of(javaBin, "-Xmx" + s.heap(), "-XX:+UseG1GC"));
    if (s.jfr() != null) {
      serverCmd.add("-XX:StartFlightRecording=filename=" + s.jfr() + "-" + index + ".jfr,settings=profile");
    }
    serverCmd.addAll(List.of("-cp", cp, "io.argosy.core.cli.Main", "server", "--port", String.valueOf(port),
        "--data", work.resolve("data").toString(), "--sync", s.sync(), "--agent-token-file", tokenFile.toString()));
    Process server = new ProcessBuilder(serverCmd).redirectErrorStream(true)
        .redirectOutput(work.resolve("server.log").toFile()).start();
    // --fleet-nice N: the simulated member clusters stand in for other machines; on a small box they
    // can be given less CPU priority than the control plane being measured (their lag then shows in
    // submit-to-running and the drain)
    List<String> fleetCmd = new ArrayList<>(s.fleetNice() == 0 ? List.of() : List.of("nice", "-n", String.valueOf(s.fleetNice())));
    fleetCmd.addAll(List.of(javaBin, "-Xmx2g", "-XX:+UseG1GC"));
    if (s.jfr() != null) {
      fleetCmd.add("-XX:StartFlightRecording=filename=" + s.jfr() + "-fleet-" + index + ".jfr,settings=profile");
    }
    fleetCmd.addAll(List.of("-cp", cp, FleetProcess.class.getName(), fleet.toString(), url, tokenFile.toString()));
    Process fleetProc = new ProcessBuilder(fleetCmd).redirectErrorStream(true).redirectOutput(work.resolve("fleet.log").toFile()).start();
    java.net.http.HttpClient probe = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    Vertx vertx = Vertx.vertx();
    HttpClient http = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_1_1).setKeepAlive(true)
        .setDefaultHost("127.0.0.1").setDefaultPort(port).setConnectTimeout(5_000),
        new PoolOptions().setHttp1MaxSize(s.connections()).setMaxWaitQueueSize(50_000));
    try {
      log("server and fleet starting (" + s.clusters() + " clusters x " + s.nodes() + " nodes), logs in " + work);
      awaitReady(probe, url, s.clusters(), server, fleetProc);
      log("fleet ready; warm-up " + s.warmup() + " s at " + s.rate() + "/s");
      Phase w = run(http, s.rate(), s.warmup(), s.runtime(), s.format(), "warm-" + index, 0);
      log("warm-up: " + w.summary() + (w.samples.isEmpty() ? "" : " " + w.samples));
      Thread.sleep(3000); // the warm-up's last jobs bind and start before the window opens
      String m0 = scrape(probe, url);
      Cpu cpu0 = Cpu.of(server, fleetProc);
      long cpuWall0 = System.nanoTime();
      double[] load0 = loadAverage();
      log("measuring " + s.duration() + " s at " + s.rate() + "/s");
      Phase m = run(http, s.rate(), s.duration(), s.runtime(), s.format(), "run-" + index, 0);
      Cpu cpu1 = Cpu.of(server, fleetProc);
      // CPU per wall second between the two readings: run() also waits for late answers after the window
      double cpuWall = (System.nanoTime() - cpuWall0) / 1e9;
      double[] load1 = loadAverage();
      log("window: " + m.summary());
      // the window's jobs run for s.runtime: wait until they have all been reported running
      Thread.sleep((long) (1000 * (s.runtime() + 3)));
      String m1 = scrape(probe, url);
      long expectSucceeded = counter(m1, "argosy_submissions_total{result=\"created\"}");
      long succeeded = drain(probe, url, expectSucceeded, s.drainSeconds());
      String m2 = scrape(probe, url);

      Map<String, Object> r = new LinkedHashMap<>();
      r.put("run", index);
      r.put("rateTarget", s.rate());
      r.put("submitted", m.sent);
      r.put("accepted", m.ok.get());
      r.put("acceptedPerSecond", round(m.ok.get() / m.seconds));
      r.put("sendRateAchieved", round(m.sent / m.seconds));
      r.put("errors", m.errors.get());
      r.put("errorKinds", new TreeMap<>(m.errorKinds));
      r.put("errorSamples", new TreeMap<>(m.samples));
      r.put("warmup", w.summary());
      r.put("bindingsInWindow", counter(m1, "argosy_placements_total") - counter(m0, "argosy_placements_total"));
      r.put("submitToBind", quantiles(buckets(m0, "argosy_submit_to_bind_seconds"), buckets(m1, "argosy_submit_to_bind_seconds")));
      r.put("submitToRunning",
          quantiles(buckets(m0, "argosy_submit_to_running_seconds"), buckets(m1, "argosy_submit_to_running_seconds")));
      Histogram c = m.latency;
      r.put("clientSubmitLatencyMs", Map.of("p50", round(c.getValueAtPercentile(50) / 1e6), "p99",
          round(c.getValueAtPercentile(99) / 1e6), "max", round(c.getMaxValue() / 1e6)));
      r.put("acceptedSinceStart", expectSucceeded);
      r.put("succeededSinceStart", succeeded);
      // nothing accepted lost: every acknowledged job ran and succeeded (within the drain time; a
      // saturated fleet may simply not have finished them yet, which the figures then show)
      r.put("allAcceptedSucceeded", succeeded == expectSucceeded && counter(m2, "argosy_jobs_finished_total{state=\"Failed\"}") == 0);
      r.put("failedJobs", counter(m2, "argosy_jobs_finished_total{state=\"Failed\"}"));
      r.put("storeCommitsInWindow", counter(m1, "argosy_store_commits") - counter(m0, "argosy_store_commits"));
      r.put("cpuSecondsInWindow", Map.of("controlPlane", round(cpu1.server - cpu0.server), "fleet",
          round(cpu1.fleet - cpu0.fleet), "loadGenerator", round(cpu1.self - cpu0.self)));
      r.put("cpuCoresInWindow", Map.of("controlPlane", round((cpu1.server - cpu0.server) / cpuWall), "fleet",
          round((cpu1.fleet - cpu0.fleet) / cpuWall), "loadGenerator", round((cpu1.self - cpu0.self) / cpuWall)));
      r.put("cpuMillisPerAcceptedJob", Map.of("controlPlane", round((cpu1.server - cpu0.server) * 1000 / Math.max(1, m.ok.get())),
          "fleet", round((cpu1.fleet - cpu0.fleet) * 1000 / Math.max(1, m.ok.get()))));
      r.put("loadAverage1m", Map.of("windowStart", load0[0], "windowEnd", load1[0]));
      r.put("workDir", work.toString());
      log("run " + index + ": " + r);
      return r;
    } finally {
      http.close();
      vertx.close();
      fleetProc.destroy();
      server.destroy();
      for (Process p : List.of(fleetProc, server)) {
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
  }

  /** One phase's client-side record. */
  static final class Phase {
    long sent;
    double seconds;
    final AtomicLong ok = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final Map<String, AtomicLong> errorKinds = new ConcurrentHashMap<>();
    /** The first response body of each failing status. */
    final Map<String, String> samples = new ConcurrentHashMap<>();
    Histogram latency;

    String summary() {
      return sent + " sent in " + round(seconds) + " s, " + ok.get() + " accepted, " + errors.get() + " errors " + errorKinds
          + ", client p50 " + round(latency.getValueAtPercentile(50) / 1e6) + " ms, p99 "
          + round(latency.getValueAtPercentile(99) / 1e6) + " ms";
    }

    void error(String kind) {
      errors.incrementAndGet();
      errorKinds.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    }
  }

  /** Open loop: a pacing thread sends each request at its scheduled time; latency counts from that time. */
  static Phase run(HttpClient http, int rate, int seconds, int runtime, String format, String prefix, long offset) throws Exception {
    Phase p = new Phase();
    Recorder rec = new Recorder(3);
    long total = (long) rate * seconds;
    AtomicLong inflight = new AtomicLong();
    long start = System.nanoTime();
    RequestOptions ro = new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/jobs")
        .putHeader("Content-Type", "json".equals(format) ? "application/json" : "application/yaml").setIdleTimeout(30_000);
    for (long i = 0; i < total; i++) {
      long due = start + i * 1_000_000_000L / rate;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      String name = prefix + "-" + (offset + i);
      Buffer body = Buffer.buffer("json".equals(format) ? jobJson(name, i, runtime) : job(name, i, runtime));
      inflight.incrementAndGet();
      http.request(ro).compose(req -> req.send(body).compose(resp -> resp.body().map(b -> {
            if (resp.statusCode() != 201) {
              p.samples.putIfAbsent("HTTP " + resp.statusCode(), b.toString().length() > 300 ? b.toString().substring(0, 300) : b.toString());
            }
            return resp.statusCode();
          })))
          .onComplete(ar -> {
            rec.recordValue(Math.max(0, System.nanoTime() - due));
            if (ar.succeeded() && ar.result() == 201) {
              p.ok.incrementAndGet();
            } else if (ar.succeeded()) {
              p.error("HTTP " + ar.result());
            } else {
              String kind = ar.cause().getClass().getSimpleName() + ": " + String.valueOf(ar.cause().getMessage());
              p.error(kind.length() > 100 ? kind.substring(0, 100) : kind);
            }
            inflight.decrementAndGet();
          });
    }
    p.sent = total;
    p.seconds = (System.nanoTime() - start) / 1e9;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
    while (inflight.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    if (inflight.get() > 0) {
      p.errorKinds.put("unanswered after 40 s", new AtomicLong(inflight.get()));
    }
    p.latency = rec.getIntervalHistogram();
    return p;
  }

  static String job(String name, long i, int runtime) {
    String limits = i % 10 == 0 ? "{nvidia.com/gpu: 1, cpu: 500m, memory: 1Gi}" : "{cpu: 250m, memory: 256Mi}";
    return """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: %s, annotations: {sim.argosy.io/runtime-seconds: "%s"}}
        spec:
          ttlSecondsAfterFinished: 0
          template:
            spec:
              restartPolicy: Never
              containers:
                - {name: main, image: busybox, resources: {limits: %s}}
        """.formatted(name, runtime, limits);
  }

  /** The same Job as {@link #job}, as JSON: what kubectl and the Kubernetes client libraries send. */
  static String jobJson(String name, long i, int runtime) {
    String limits = i % 10 == 0 ? "{\"nvidia.com/gpu\":1,\"cpu\":\"500m\",\"memory\":\"1Gi\"}" : "{\"cpu\":\"250m\",\"memory\":\"256Mi\"}";
    return "{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"metadata\":{\"name\":\"" + name
        + "\",\"annotations\":{\"sim.argosy.io/runtime-seconds\":\"" + runtime + "\"}},"
        + "\"spec\":{\"ttlSecondsAfterFinished\":0,\"template\":{\"spec\":{\"restartPolicy\":\"Never\","
        + "\"containers\":[{\"name\":\"main\",\"image\":\"busybox\",\"resources\":{\"limits\":" + limits + "}}]}}}}";
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

  /** Waits until every job accepted so far has succeeded; returns how many have. */
  static long drain(java.net.http.HttpClient http, String url, long expect, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long done = 0;
    while (System.nanoTime() < deadline) {
      done = counter(scrape(http, url), "argosy_jobs_finished_total{state=\"Succeeded\"}");
      if (done >= expect) {
        return done;
      }
      Thread.sleep(500);
    }
    log("drain: " + done + " of " + expect + " accepted jobs succeeded within " + seconds + " s");
    return done;
  }

  static Map<String, Object> quantiles(Map<Double, Long> before, Map<Double, Long> after) {
    Map<Double, Long> window = new TreeMap<>();
    after.forEach((le, n) -> window.put(le, n - before.getOrDefault(le, 0L)));
    long total = window.getOrDefault(Double.POSITIVE_INFINITY, 0L);
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("count", total);
    q.put("p50Ms", round(quantile(window, 0.50) * 1000));
    q.put("p90Ms", round(quantile(window, 0.90) * 1000));
    q.put("p99Ms", round(quantile(window, 0.99) * 1000));
    q.put("p999Ms", round(quantile(window, 0.999) * 1000));
    q.put("fractionWithin50Ms", total == 0 ? 0 : round4(window.getOrDefault(0.05, 0L) / (double) total));
    return q;
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

  static String scrape(java.net.http.HttpClient http, String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  static Map<Double, Long> buckets(String metrics, String name) {
    Map<Double, Long> out = new TreeMap<>();
    Matcher x = BUCKET.matcher(metrics);
    while (x.find()) {
      if (x.group(1).equals(name)) {
        double le = x.group(2).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(x.group(2));
        out.put(le, Long.parseLong(x.group(3)));
      }
    }
    return out;
  }

  /** Sum of the samples of a family, or of one exact series when {@code name} includes labels. */
  static long counter(String metrics, String name) {
    long sum = 0;
    for (String line : metrics.split("\n")) {
      boolean match = name.contains("{") ? line.startsWith(name + " ") : line.startsWith(name + "{") || line.startsWith(name + " ");
      if (match) {
        sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /** CPU seconds used so far by the server, the fleet and this process. */
  record Cpu(double server, double fleet, double self) {
    static Cpu of(Process server, Process fleet) {
      return new Cpu(cpu(server.toHandle()), cpu(fleet.toHandle()), cpu(ProcessHandle.current()));
    }

    static double cpu(ProcessHandle p) {
      return p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }
  }

  static double[] loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split("\\s+");
      return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
    } catch (IOException | RuntimeException e) {
      double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      return new double[] {l, l, l};
    }
  }

  static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          m.put("cpu", line.substring(line.indexOf(':') + 1).strip());
          break;
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return m;
  }

  /** Medians over the runs of the headline figures. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> medians(List<Map<String, Object>> runs) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("runs", runs.size());
    m.put("acceptedPerSecond", median(runs, r -> ((Number) r.get("acceptedPerSecond")).doubleValue()));
    m.put("errors", median(runs, r -> ((Number) r.get("errors")).doubleValue()));
    for (String h : List.of("submitToBind", "submitToRunning")) {
      Map<String, Object> q = new LinkedHashMap<>();
      for (String k : List.of("p50Ms", "p90Ms", "p99Ms", "p999Ms")) {
        q.put(k, median(runs, r -> ((Number) ((Map<String, Object>) r.get(h)).get(k)).doubleValue()));
      }
      m.put(h, q);
    }
    for (String who : List.of("controlPlane", "fleet", "loadGenerator")) {
      m.put("cpuCores." + who, median(runs, r -> ((Number) ((Map<String, Object>) r.get("cpuCoresInWindow")).get(who)).doubleValue()));
    }
    m.put("loadAverage1mAtWindowEnd",
        median(runs, r -> ((Number) ((Map<String, Object>) r.get("loadAverage1m")).get("windowEnd")).doubleValue()));
    m.put("allAcceptedSucceededInEveryRun", runs.stream().allMatch(r -> Boolean.TRUE.equals(r.get("allAcceptedSucceeded"))));
    return m;
  }

  static double median(List<Map<String, Object>> runs, java.util.function.ToDoubleFunction<Map<String, Object>> f) {
    double[] v = runs.stream().mapToDouble(f).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return round(v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2);
  }

  static void awaitReady(java.net.http.HttpClient http, String url, int clusters, Process server, Process fleet) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new IllegalStateException("the server exited with " + server.exitValue());
      }
      if (!fleet.isAlive()) {
        throw new IllegalStateException("the fleet process exited with " + fleet.exitValue());
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

  static double round4(double v) {
    return Math.round(v * 10000) / 10000.0;
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
