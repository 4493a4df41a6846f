package io.argosy.core.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argosy.agent.ClusterAgent;
import io.argosy.agent.sim.SimOptions;
import io.argosy.core.control.ControlLoop;
import io.argosy.core.server.ArgosyServer;
import io.argosy.core.testing.Eventually;
import io.argosy.core.testing.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cluster that stays not ready past the grace period loses its jobs to the other clusters. */
class ClusterLossTest {
  static final Duration LIMIT = Duration.ofSeconds(90);

  @TempDir Path dir;

  @Test
  void jobsOfAClusterNotReadyPastTheGracePeriodAreRequeuedElsewhere() throws Exception {
    Path fleet = dir.resolve("fleet.yaml");
    Files.writeString(fleet, """
        clusters:
          - name: left
            nodes:
              - {namePrefix: gpu, count: 1, cpu: "32", memory: 128Gi, accelerator: {vendor: nvidia, model: A100-80GB, count: 4, mode: whole}}
          - name: right
            nodes:
              - {namePrefix: gpu, count: 1, cpu: "32", memory: 128Gi, accelerator: {vendor: nvidia, model: A100-80GB, count: 4, mode: whole}}
        """);
    var cfg = ArgosyServer.Config.defaults(dir.resolve("data")).withPort(0)
        .withFleet(fleet, SimOptions.DEFAULT.withTimeScale(0.05))
        .withLoop(ControlLoop.Options.DEFAULT.withClusterGrace(Duration.ofSeconds(1)));
    try (ArgosyServer server = ArgosyServer.start(cfg)) {
      Http http = new Http(server.url());
      http.awaitReadyClusters(2, LIMIT);
      Http.Response r = http.submit("""
          apiVersion: batch/v1
          kind: Job
          metadata: {name: long-train, annotations: {sim.argosy.io/runtime-seconds: "3600"}}
          spec:
            template:
              spec:
                restartPolicy: Never
                containers:
                  - {name: main, image: busybox, resources: {limits: {nvidia.com/gpu: 4, cpu: "4", memory: 8Gi}}}
          """);
      assertThat(r.status()).as(r.body()).isEqualTo(201);
      JsonNode running = Eventually.await("running", LIMIT, () -> http.get("/v1/jobs/default/long-train").json(),
          j -> j.path("state").asText().equals("Running"));
      String lost = running.path("clusters").get(0).asText();
      String other = lost.equals("left") ? "right" : "left";

      ClusterAgent agent = server.agents().agents().stream().filter(a -> a.cluster().equals(lost)).findFirst().orElseThrow();
      agent.close();

      JsonNode moved = Eventually.await("running on " + other, LIMIT, () -> http.get("/v1/jobs/default/long-train").json(),
          j -> j.path("state").asText().equals("Running") && j.path("clusters").toString().contains(other));
      assertThat(moved.path("history").toString()).contains("cluster " + lost + " not ready for more than 1s");
      JsonNode cluster = http.get("/v1/clusters/" + lost).json();
      assertThat(cluster.path("ready").asBoolean()).isFalse();
      assertThat(cluster.path("condition").asText()).isEqualTo("AgentDisconnected");
      String pod = moved.path("placement").get(0).path("name").asText();
      assertThat(server.fleet().cluster(other).client().pods().inNamespace("default").withName(pod).get()).isNotNull();
      assertThat(http.get("/metrics").body()).contains("argosy_requeues_total{cause=\"cluster-not-ready\"} 1");
      assertThat(http.delete("/v1/jobs/default/long-train").status()).isEqualTo(200);
    }
  }
}
