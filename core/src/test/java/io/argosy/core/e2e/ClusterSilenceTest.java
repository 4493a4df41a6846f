package io.argosy.core.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argosy.agent.ClusterAgent;
import io.argosy.agent.sim.FleetFile;
import io.argosy.agent.sim.SimOptions;
import io.argosy.agent.sim.SimulatedCluster;
import io.argosy.agent.sim.SimulatedFleet;
import io.argosy.api.AgentMode;
import io.argosy.core.control.ControlLoop;
import io.argosy.core.server.ArgosyServer;
import io.argosy.core.testing.Eventually;
import io.argosy.core.testing.Http;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Heartbeats drive health: an agent that stays connected but sends nothing for the monitor grace
 * period makes its cluster Unknown (tainted unreachable NoSchedule); its next message makes it Ready.
 */
class ClusterSilenceTest {
  static final Duration LIMIT = Duration.ofSeconds(90);

  @TempDir Path dir;

  @Test
  void aSilentAgentMakesItsClusterUnknownUntilItSpeaksAgain() throws Exception {
    var cfg = ArgosyServer.Config.defaults(dir.resolve("data")).withPort(0).withTokens(null, "silence")
        .withLoop(ControlLoop.Options.DEFAULT.withMonitorGrace(Duration.ofSeconds(2)).withClusterGrace(Duration.ofMinutes(10)));
    try (ArgosyServer server = ArgosyServer.start(cfg);
        SimulatedFleet fleet = SimulatedFleet.start(FleetFile.parse(RestartTest.FLEET), SimOptions.DEFAULT)) {
      Http http = new Http(server.url());
      SimulatedCluster alpha = fleet.cluster("alpha");
      SimulatedCluster beta = fleet.cluster("beta");
      try (ClusterAgent quiet = ClusterAgent.builder().cluster("alpha").client(alpha.newClient()).server(server.url())
              .token("silence").mode(AgentMode.PULL).heartbeatInterval(Duration.ofHours(1)).build().start();
          ClusterAgent chatty = ClusterAgent.builder().cluster("beta").client(beta.newClient()).server(server.url())
              .token("silence").mode(AgentMode.PULL).heartbeatInterval(Duration.ofMillis(300)).build().start()) {
        JsonNode silent = Eventually.await("alpha unknown", LIMIT, () -> http.get("/v1/clusters/alpha").json(),
            c -> c.path("health").asText().equals("Unknown"));
        assertThat(silent.path("condition").asText()).isEqualTo("AgentSilent");
        assertThat(silent.path("connected").asBoolean()).isTrue();
        assertThat(silent.path("ready").asBoolean()).isFalse();
        assertThat(silent.path("taints").toString()).contains("cluster.karmada.io/unreachable:NoSchedule")
            .doesNotContain("NoExecute");
        JsonNode other = http.get("/v1/clusters/beta").json();
        assertThat(other.path("health").asText()).as("heartbeats keep beta ready").isEqualTo("Ready");
        assertThat(other.path("taints")).isEmpty();

        // something changes in alpha: its agent reports, and the cluster is Ready again
        alpha.client().nodes().withName(alpha.client().nodes().list().getItems().get(0).getMetadata().getName())
            .edit(n -> {
              n.getMetadata().getLabels().put("touched", "yes");
              return n;
            });
        JsonNode back = Eventually.await("alpha ready again", LIMIT, () -> http.get("/v1/clusters/alpha").json(),
            c -> c.path("health").asText().equals("Ready"));
        assertThat(back.path("taints")).isEmpty();
        assertThat(back.path("ready").asBoolean()).isTrue();
      }
    }
  }
}
