package io.argosy.core.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argosy.agent.ClusterAgent;
import io.argosy.agent.sim.FleetFile;
import io.argosy.agent.sim.SimOptions;
import io.argosy.agent.sim.SimulatedCluster;
import io.argosy.agent.sim.SimulatedFleet;
import io.argosy.api.AgentMode;
import io.argosy.core.testing.Eventually;
import io.argosy.core.testing.Http;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability across a crash: the server runs as its own JVM on a data directory, the member clusters
 * (simulated) and their pull-mode agents run here and outlive it. The server is SIGKILLed while jobs
 * are pending, bound and running, then restarted on the same data directory: every job that was
 * acknowledged is still there and succeeds, and every pod was created exactly once.
 */
class RestartTest {
  static final String FLEET = """
      clusters:
        - name: alpha
          nodes:
            - namePrefix: gpu
              count: 2
              cpu: "32"
              memory: 256Gi
              accelerator: {vendor: nvidia, model: A100-80GB, count: 4, mode: whole}
        - name: beta
          volcano: true
          nodes:
            - namePrefix: gpu
              count: 2
              cpu: "32"
              memory: 256Gi
              accelerator: {vendor: nvidia, model: A100-80GB, count: 4, mode: whole}
      """;
  static final String TOKEN = "restart-test-token";
  static final Duration LIMIT = Duration.ofSeconds(150);

  @TempDir Path dir;

  @Test
  void aKilledServerLosesNoAcceptedJobAndRunsNoPodTwice() throws Exception {
    Path data = dir.resolve("data");
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, TOKEN);
    int port = freePort();
    String url = "http://127.0.0.1:" + port;
    Map<String, AtomicInteger> created = new ConcurrentHashMap<>();
    Map<String, String> uids = new ConcurrentHashMap<>();
    AtomicInteger recreated = new AtomicInteger();
    List<Watch> watches = new ArrayList<>();
    List<ClusterAgent> agents = new ArrayList<>();
    Process server = null;
    try (SimulatedFleet fleet = SimulatedFleet.start(FleetFile.parse(FLEET), SimOptions.DEFAULT.withTimeScale(0.1))) {
      for (SimulatedCluster c : fleet.clusters()) {
        watches.add(c.client().pods().inAnyNamespace().watch(new Watcher<Pod>() {
          @Override
          public void eventReceived(Action action, Pod pod) {
            if (action == Action.ADDED) {
              String key = c.name() + "/" + pod.getMetadata().getName();
              created.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
              String old = uids.putIfAbsent(key, pod.getMetadata().getUid());
              if (old != null && !old.equals(pod.getMetadata().getUid())) {
                recreated.incrementAndGet();
              }
            }
          }

          @Override
          public void onClose(WatcherException cause) {}
        }));
      }
      server = startServer(data, port, tokenFile, dir.resolve("server-1.log"));
      Http http = new Http(url);
      awaitReady(http, server);
      for (SimulatedCluster c : fleet.clusters()) {
        agents.add(ClusterAgent.builder().cluster(c.name()).client(c.newClient()).server(url).token(TOKEN)
            .mode(AgentMode.PULL).reconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(500)).build().start());
      }
      awaitClusters(http, 2);

      // 16 gangs of 4 GPUs (2 pods x 2): two fit per node pair at a time, so they queue in waves
      List<String> accepted = new ArrayList<>();
      for (int wave = 0; wave < 4; wave++) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 4; i++) {
          String name = "job-" + wave + "-" + i;
          body.append(wave % 2 == 0 ? batch(name) : volcano(name)).append("---\n");
        }
        Http.Response r = http.submit(body.toString());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        r.json().path("objects").forEach(o -> accepted.add(o.path("name").asText()));
      }
      assertThat(accepted).hasSize(16);
      Eventually.await("some jobs done and some running", LIMIT, () -> states(http),
          s -> count(s, "Succeeded") >= 2 && count(s, "Running") + count(s, "Bound") >= 1);

      server.destroyForcibly(); // SIGKILL on Unix
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(server.exitValue()).isEqualTo(137);

      server = startServer(data, port, tokenFile, dir.resolve("server-2.log"));
      awaitReady(http, server);
      Map<String, String> done = Eventually.await("every job succeeded", LIMIT, () -> states(http),
          s -> s.size() == 16 && count(s, "Succeeded") == 16);
      assertThat(done.keySet()).containsExactlyInAnyOrderElementsOf(accepted);

      JsonNode items = http.get("/v1/jobs").json().path("items");
      Set<String> jobUids = new HashSet<>();
      items.forEach(j -> jobUids.add(j.path("uid").asText()));
      assertThat(jobUids).hasSize(16);
      int pods = 0;
      for (JsonNode j : items) {
        JsonNode detail = http.get("/v1/jobs/default/" + j.path("name").asText()).json();
        assertThat(detail.path("placement")).hasSize(2);
        for (JsonNode p : detail.path("placement")) {
          pods++;
          String key = p.path("cluster").asText() + "/" + p.path("name").asText();
          assertThat(created.get(key)).as("pod %s created once", key).isNotNull();
          assertThat(created.get(key).get()).as("pod %s created once", key).isEqualTo(1);
        }
      }
      assertThat(pods).isEqualTo(32);
      assertThat(created.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(32);
      assertThat(recreated.get()).isZero();
    } finally {
      agents.forEach(ClusterAgent::close);
      watches.forEach(Watch::close);
      if (server != null) {
        server.destroyForcibly();
        server.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  static String batch(String name) {
    return """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: %s
          annotations: {sim.argosy.io/runtime-seconds: "20"}
        spec:
          parallelism: 2
          completions: 2
          template:
            spec:
              restartPolicy: Never
              containers:
                - name: main
                  image: busybox
                  resources: {limits: {nvidia.com/gpu: 2, cpu: "4", memory: 16Gi}}
        """.formatted(name);
  }

  static String volcano(String name) {
    return """
        apiVersion: batch.volcano.sh/v1alpha1
        kind: Job
        metadata:
          name: %s
          annotations: {sim.argosy.io/runtime-seconds: "20"}
        spec:
          minAvailable: 2
          tasks:
            - replicas: 2
              name: worker
              template:
                spec:
                  restartPolicy: Never
                  containers:
                    - name: main
                      image: busybox
                      resources: {limits: {nvidia.com/gpu: 2, cpu: "4", memory: 16Gi}}
        """.formatted(name);
  }

  static Map<String, String> states(Http http) {
    Map<String, String> out = new java.util.TreeMap<>();
    try {
      http.get("/v1/jobs").json().path("items").forEach(j -> out.put(j.path("name").asText(), j.path("state").asText()));
    } catch (AssertionError e) {
      // the server is restarting
    }
    return out;
  }

  static long count(Map<String, String> states, String state) {
    return states.values().stream().filter(state::equals).count();
  }

  static void awaitReady(Http http, Process server) {
    Eventually.await("the server to be ready", LIMIT, () -> {
      if (!server.isAlive()) {
        throw new AssertionError("the server exited with " + server.exitValue());
      }
      try {
        return http.get("/readyz").status();
      } catch (AssertionError e) {
        return -1;
      }
    }, s -> s == 200);
  }

  static void awaitClusters(Http http, int n) {
    http.awaitReadyClusters(n, LIMIT);
  }

  static Process startServer(Path data, int port, Path token, Path log) throws IOException {
    return startServer(data, port, token, log, List.of(), Map.of());
  }

  /** Starts {@code argosy server} in its own JVM with extra options and environment variables. */
  static Process startServer(Path data, int port, Path token, Path log, List<String> extra, Map<String, String> env)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", cp));
    String logging = System.getProperty("java.util.logging.config.file");
    if (logging != null) {
      cmd.add("-Djava.util.logging.config.file=" + logging);
    }
    cmd.addAll(List.of("io.argosy.core.cli.Main", "server", "--data", data.toString(), "--port", String.valueOf(port),
        "--agent-token-file", token.toString()));
    cmd.addAll(extra);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().remove("ARGOSY_TOKEN");
    pb.environment().putAll(env);
    return pb.start();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
