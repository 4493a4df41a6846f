package io.argosy.agent;

import static io.argosy.agent.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.agent.sim.SimOptions;
import io.argosy.agent.sim.SimulatedFleet;
import io.argosy.api.AgentMode;
import io.argosy.api.Hello;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EmbeddedAgentsTest {
  @Test
  void theSampleFleetReportsEveryClusterWithItsLabelsAndTaints() {
    Vertx vertx = Vertx.vertx();
    try (TestControlPlane core = new TestControlPlane(vertx).start(0);
        SimulatedFleet fleet = SimulatedFleet.start(Path.of(System.getProperty("argosy.root"), "examples", "fleet.yaml"), SimOptions.DEFAULT);
        EmbeddedAgents agents = EmbeddedAgents.start(fleet, vertx, core.url(), TestControlPlane.TOKEN)) {
      await("all snapshots", () -> fleet.clusters().stream().allMatch(c -> core.view(c.name()).snapshots == 1));
      Map<String, Hello> hellos = core.hellos.stream().collect(Collectors.toMap(Hello::cluster, h -> h));
      assertThat(hellos).containsOnlyKeys("aws-us-east", "gcp-eu-west", "idc-cn-north");
      assertThat(hellos.values()).allMatch(h -> h.mode() == AgentMode.PUSH);
      assertThat(hellos.get("idc-cn-north").taints()).containsExactly("argosy.io/dedicated=domestic-ai:NoSchedule");
      assertThat(hellos.get("gcp-eu-west").labels()).containsEntry("provider", "gcp");
      assertThat(hellos.get("aws-us-east").capabilities()).contains(Hello.VOLCANO);
      for (var c : fleet.clusters()) {
        assertThat(core.view(c.name()).nodes).hasSize(c.spec().nodes().size());
      }
      assertThat(agents.agents()).hasSize(3);
    } finally {
      vertx.close();
    }
  }
}
