package io.argosy.core.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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

/**
 * A gang made unschedulable after binding (its node deleted before its pods started) is withdrawn
 * whole by the descheduler once the timeout passes, and placed in another cluster.
 */
class DeschedulerTest {
  static final Duration LIMIT = Duration.ofSeconds(90);

  @TempDir Path dir;

  @Test
  void aGangWhoseNodeIsDeletedAfterBindingIsWithdrawnWholeAndPlacedElsewhere() throws Exception {
    Path fleet = dir.resolve("fleet.yaml");
    Files.writeString(fleet, """
        clusters:
          - name: left
            nodes: [{namePrefix: cpu, count: 1, cpu: "16", memory: 64Gi}]
          - name: right
            nodes: [{namePrefix: cpu, count: 1, cpu: "16", memory: 64Gi}]
        """);
    var cfg = ArgosyServer.Config.defaults(dir.resolve("data")).withPort(0)
        .withFleet(fleet, SimOptions.DEFAULT.withTimeScale(0.05))
        .withLoop(ControlLoop.Options.DEFAULT.withUnschedulableTimeout(Duration.ofSeconds(1)));
    try (ArgosyServer server = ArgosyServer.start(cfg)) {
      Http http = new Http(server.url());
      http.awaitReadyClusters(2, LIMIT);
      // the pods take 600 simulated seconds (30 s here) to start: time to delete their node first
      Http.Response r = http.submit("""
          apiVersion: batch/v1
          kind: Job
          metadata: {name: gang, annotations: {sim.argosy.io/runtime-seconds: "3600"}}
          spec:
            parallelism: 3
            completions: 3
            template:
              metadata: {annotations: {sim.argosy.io/start-seconds: "600"}}
              spec:
                restartPolicy: Never
                containers:
                  - {name: main, image: busybox, resources: {limits: {cpu: "4", memory: 8Gi}}}
          """);
      assertThat(r.status()).as(r.body()).isEqualTo(201);
      JsonNode bound = Eventually.await("bound with its pods created", LIMIT, () -> http.get("/v1/jobs/default/gang").json(),
          j -> j.path("state").asText().equals("Bound") && j.path("clusters").size() == 1);
      String first = bound.path("clusters").get(0).asText();
      String other = first.equals("left") ? "right" : "left";
      var firstClient = server.fleet().cluster(first).client();
      Eventually.await("three pods in " + first, LIMIT,
          () -> firstClient.pods().inNamespace("default").withLabel("argosy.io/job").list().getItems().size(), n -> n == 3);

      firstClient.nodes().withName("cpu-0").delete();

      JsonNode moved = Eventually.await("bound in " + other, LIMIT, () -> http.get("/v1/jobs/default/gang").json(),
          j -> j.path("state").asText().equals("Bound") && j.path("clusters").toString().equals("[\"" + other + "\"]"));
      assertThat(moved.path("history").toString())
          .contains("descheduled: pod gang-gang-")
          .contains("which no longer exists in cluster " + first + " for more than 1s");
      assertThat(moved.path("placement")).hasSize(3).allSatisfy(p -> assertThat(p.path("cluster").asText()).isEqualTo(other));
      Eventually.await("no pod of the gang left in " + first, LIMIT,
          () -> firstClient.pods().inNamespace("default").withLabel("argosy.io/job").list().getItems().size(), n -> n == 0);
      var otherClient = server.fleet().cluster(other).client();
      // Bound comes before the agent has created every pod: wait for them
      Eventually.await("three pods in " + other, LIMIT,
          () -> otherClient.pods().inNamespace("default").withLabel("argosy.io/job").list().getItems().size(), n -> n == 3);
      assertThat(http.get("/metrics").body()).contains("argosy_requeues_total{cause=\"descheduled\"} 1");
      assertThat(http.delete("/v1/jobs/default/gang").status()).isEqualTo(200);
    }
  }
}
