package io.argosy.agent.sim;

import static io.argosy.agent.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulated Deployment controller and metrics.k8s.io, through the real fabric8 client. */
class SimulatedServicesTest {
  static final String FLEET = """
      clusters:
        - name: svc
          nodes:
            - {namePrefix: gpu, count: 1, cpu: "16", memory: 64Gi, accelerator: {vendor: nvidia, model: A100-80GB, count: 2}}
      """;

  static Deployment deployment(int replicas) {
    return new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
        .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec()
        .addNewContainer().withName("main").withImage("nginx").withNewResources()
        .withRequests(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("1Gi"), "nvidia.com/gpu", new Quantity("1")))
        .withLimits(Map.of("nvidia.com/gpu", new Quantity("1"))).endResources().endContainer()
        .endSpec().endTemplate().endSpec().build();
  }

  static List<Pod> pods(SimulatedCluster c) {
    return c.client().pods().inNamespace("default").withLabel("app", "web").list().getItems();
  }

  @Test
  void deploymentsGetPodsThatFitAndMetricsFollowTheLoadProfile() {
    LoadProfile load = new LoadProfile();
    try (SimulatedCluster c = SimulatedCluster.start(FleetFile.parse(FLEET).clusters().get(0), new SimOptions(0.01, 100, 10), load)) {
      c.client().apps().deployments().inNamespace("default").resource(deployment(3)).create();
      // two GPUs: two pods run, the third stays Pending without a node
      await("two running pods", Duration.ofSeconds(20), () -> pods(c).stream().filter(p -> p.getStatus() != null
          && "Running".equals(p.getStatus().getPhase())).count() == 2);
      assertThat(pods(c)).hasSize(3).filteredOn(p -> p.getSpec().getNodeName() == null).hasSize(1);
      load.setCpu("default", "web", 600);
      try (var client = c.newClient()) {
        List<PodMetrics> m = client.top().pods().inNamespace("default").withLabels(Map.of("app", "web")).metrics().getItems();
        assertThat(m).hasSize(2); // the pending pod has no sample
        assertThat(m).allSatisfy(pm -> {
          assertThat(pm.getContainers().get(0).getUsage().get("cpu")).isEqualTo(new Quantity("300m"));
          assertThat(pm.getContainers().get(0).getUsage().get("memory").getNumericalAmount().longValue()).isEqualTo(512L * 1024 * 1024);
        });
      }
      c.client().apps().deployments().inNamespace("default").withName("web").edit(d -> new DeploymentBuilder(d)
          .editSpec().withReplicas(1).endSpec().build());
      await("one pod left", Duration.ofSeconds(20), () -> pods(c).size() == 1);
      assertThat(pods(c).get(0).getSpec().getNodeName()).as("the pending pod went first").isNotNull();
    }
  }
}
