package io.argosy.core.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argosy.agent.ClusterAgent;
import io.argosy.agent.sim.SimOptions;
import io.argosy.core.control.ControlLoop;
import io.argosy.core.server.ArgosyServer;
import io.argosy.core.testing.Cli;
import io.argosy.core.testing.Eventually;
import io.argosy.core.testing.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Karmada-style failover: a lost cluster is tainted unreachable NoSchedule, then NoExecute after the
 * eviction timeout; a gang without a toleration moves at once, one tolerating the taint for a few
 * seconds moves after them, one tolerating it without limit stays.
 */
class ClusterTaintTest {
  static final Duration LIMIT = Duration.ofSeconds(90);
  static final String UNREACHABLE = "cluster.karmada.io/unreachable";

  @TempDir Path dir;

  @Test
  void noExecuteEvictsGangsThatDoNotTolerateItAndHonoursTolerationSeconds() throws Exception {
    Path fleet = dir.resolve("fleet.yaml");
    Files.writeString(fleet, """
        clusters:
          - name: left
            nodes:
              - {namePrefix: gpu, count: 1, cpu: "32", memory: 128Gi, accelerator: {vendor: nvidia, model: A100-80GB, count: 8, mode: whole}}
          - name: right
            nodes:
              - {namePrefix: gpu, count: 1, cpu: "32", memory: 128Gi, accelerator: {vendor: nvidia, model: A100-80GB, count: 8, mode: whole}}
        """);
    var cfg = ArgosyServer.Config.defaults(dir.resolve("data")).withPort(0)
        .withFleet(fleet, SimOptions.DEFAULT.withTimeScale(0.05))
        .withLoop(ControlLoop.Options.DEFAULT.withClusterGrace(Duration.ofSeconds(1)));
    try (ArgosyServer server = ArgosyServer.start(cfg)) {
      Http http = new Http(server.url());
      http.awaitReadyClusters(2, LIMIT);
      assertThat(http.get("/v1/clusters/left").json().path("health").asText()).isEqualTo("Ready");
      assertThat(http.post("/v1/clusters/right/cordon", "application/json", "").status()).isEqualTo(200);
      Http.Response r = http.submit(policy("patient", "tolerationSeconds: 6") + "---\n" + policy("stubborn", "")
          + "---\n" + job("plain") + "---\n" + job("patient") + "---\n" + job("stubborn"));
      assertThat(r.status()).as(r.body()).isEqualTo(201);
      for (String j : new String[] {"plain", "patient", "stubborn"}) {
        Eventually.await(j + " running on left", LIMIT, () -> http.get("/v1/jobs/default/" + j).json(),
            v -> v.path("state").asText().equals("Running") && v.path("clusters").toString().contains("left"));
      }
      assertThat(http.post("/v1/clusters/right/uncordon", "application/json", "").status()).isEqualTo(200);

      ClusterAgent agent = server.agents().agents().stream().filter(a -> a.cluster().equals("left")).findFirst().orElseThrow();
      agent.close();
      JsonNode lost = Eventually.await("left unreachable", LIMIT, () -> http.get("/v1/clusters/left").json(),
          c -> c.path("health").asText().equals("Unknown"));
      assertThat(lost.path("taints").toString()).contains(UNREACHABLE + ":NoSchedule");
      Eventually.await("NoExecute on left", LIMIT, () -> http.get("/v1/clusters/left").json(),
          c -> c.path("taints").toString().contains(UNREACHABLE + ":NoExecute"));
      String table = Cli.run("get", "clusters", "--server", server.url()).out();
      assertThat(table).contains("STATUS", "TAINTS", "Unknown", "cluster.karmada.io/unrea");

      JsonNode plain = Eventually.await("plain moved to right", LIMIT, () -> http.get("/v1/jobs/default/plain").json(),
          v -> v.path("clusters").toString().contains("right") && v.path("state").asText().equals("Running"));
      assertThat(plain.path("history").toString()).contains("cluster left not ready for more than 1s (" + UNREACHABLE + ":NoExecute)");
      assertThat(http.get("/v1/jobs/default/patient").json().path("clusters").toString())
          .as("patient tolerates the taint for 6 s").contains("left");
      Eventually.await("patient moved to right", LIMIT, () -> http.get("/v1/jobs/default/patient").json(),
          v -> v.path("clusters").toString().contains("right") && v.path("state").asText().equals("Running"));
      Thread.sleep(1500);
      JsonNode stubborn = http.get("/v1/jobs/default/stubborn").json();
      assertThat(stubborn.path("clusters").toString()).as("tolerates the taint without limit").contains("left");
      assertThat(stubborn.path("history").toString()).doesNotContain("not ready for more than");
    }
  }

  static String policy(String name, String seconds) {
    return """
        apiVersion: policy.karmada.io/v1alpha1
        kind: PropagationPolicy
        metadata: {name: %s, namespace: default}
        spec:
          resourceSelectors:
            - apiVersion: batch/v1
              kind: Job
              labelSelector: {matchLabels: {tolerance: %s}}
          placement:
            clusterTolerations:
              - {key: cluster.karmada.io/unreachable, operator: Exists, effect: NoExecute%s}
        """.formatted(name, name, seconds.isEmpty() ? "" : ", " + seconds);
  }

  static String job(String name) {
    return """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: %s
          labels: {tolerance: %s}
          annotations: {sim.argosy.io/runtime-seconds: "36000"}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
                - {name: main, image: busybox, resources: {limits: {nvidia.com/gpu: 2, cpu: "2", memory: 4Gi}}}
        """.formatted(name, name);
  }
}
