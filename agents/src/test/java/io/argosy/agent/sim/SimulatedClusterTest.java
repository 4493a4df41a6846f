package io.argosy.agent.sim;

import static io.argosy.agent.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argosy.api.Ownership;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.volcano.api.model.batch.v1alpha1.Job;
import io.fabric8.volcano.api.model.batch.v1alpha1.JobBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimulatedClusterTest {
  static final String FLEET = """
      clusters:
        - name: sim-a
          volcano: true
          nodes:
            - namePrefix: gpu
              count: 3
              cpu: "16"
              memory: 64Gi
              accelerator: {vendor: nvidia, model: A100-80GB, count: 4}
      """;
  static SimulatedCluster cluster;

  @BeforeAll
  static void start() {
    cluster = SimulatedCluster.start(FleetFile.parse(FLEET).clusters().get(0), new SimOptions(0.01, 100, 10));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static Pod pod(String name, String node, String runtime) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("default")
        .withAnnotations(Map.of(SimulatedKubelet.RUNTIME_ANNOTATION, runtime)).endMetadata()
        .withNewSpec().withNodeName(node).addNewContainer().withName("main").withImage("busybox").endContainer().endSpec()
        .build();
  }

  static String phase(String name) {
    Pod p = cluster.client().pods().inNamespace("default").withName(name).get();
    return p == null || p.getStatus() == null ? null : p.getStatus().getPhase();
  }

  @Test
  void servesTheSeededNodesOverHttp() {
    assertThat(cluster.url()).startsWith("http://127.0.0.1:");
    try (var c = cluster.newClient()) {
      assertThat(c.nodes().list().getItems()).extracting(n -> n.getMetadata().getName())
          .containsExactlyInAnyOrder("gpu-0", "gpu-1", "gpu-2");
      assertThat(c.nodes().withName("gpu-1").get().getStatus().getAllocatable().get("nvidia.com/gpu").getAmount()).isEqualTo("4");
    }
  }

  @Test
  void kubeletRunsABoundPodThenSucceedsAfterItsRuntime() {
    cluster.client().pods().resource(pod("ok", "gpu-0", "2")).create();
    await("ok running", () -> "Running".equals(phase("ok")) || "Succeeded".equals(phase("ok")));
    await("ok succeeded", () -> "Succeeded".equals(phase("ok")));
    Pod p = cluster.client().pods().inNamespace("default").withName("ok").get();
    assertThat(p.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode()).isZero();
  }

  @Test
  void aPodNotYetStartedWhoseNodeIsDeletedStaysPendingUnschedulableAndAgentsReportIt() {
    var extra = new io.fabric8.kubernetes.api.model.NodeBuilder(cluster.client().nodes().withName("gpu-0").get())
        .editMetadata().withName("extra").withResourceVersion(null).withUid(null).endMetadata().build();
    cluster.client().nodes().resource(extra).create();
    Pod p = new PodBuilder(pod("orphan", "extra", "5")).editMetadata()
        .addToAnnotations(SimulatedKubelet.START_ANNOTATION, "100").endMetadata().build(); // starts after 1 s here
    cluster.client().pods().inNamespace("default").resource(p).create();
    cluster.client().nodes().withName("extra").delete();
    await("unschedulable", () -> {
      Pod now = cluster.client().pods().inNamespace("default").withName("orphan").get();
      return now.getStatus() != null && now.getStatus().getConditions() != null && now.getStatus().getConditions().stream()
          .anyMatch(c -> "PodScheduled".equals(c.getType()) && "Unschedulable".equals(c.getReason()));
    });
    Pod now = cluster.client().pods().inNamespace("default").withName("orphan").get();
    assertThat(now.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(io.argosy.agent.inventory.Reports.pod(now, null).reason()).isEqualTo("Unschedulable");
    cluster.client().pods().inNamespace("default").withName("orphan").delete();
  }

  @Test
  void unboundPodsStayPending() throws InterruptedException {
    cluster.client().pods().resource(pod("unbound", null, "1")).create();
    Thread.sleep(300);
    assertThat(phase("unbound")).isNull();
  }

  @Test
  void failPodOnRequest() {
    cluster.client().pods().resource(pod("doomed", "gpu-1", "1000")).create();
    await("doomed running", () -> "Running".equals(phase("doomed")));
    cluster.kubelet().failPod("default", "doomed", "OOMKilled");
    await("doomed failed", () -> "Failed".equals(phase("doomed")));
    assertThat(cluster.client().pods().inNamespace("default").withName("doomed").get().getStatus().getReason()).isEqualTo("OOMKilled");
  }

  @Test
  void failedNodeLosesItsPodsAndRejectsNewOnes() {
    cluster.client().pods().resource(pod("on-2", "gpu-2", "1000")).create();
    await("on-2 running", () -> "Running".equals(phase("on-2")));
    cluster.kubelet().failNode("gpu-2");
    await("on-2 lost", () -> "Failed".equals(phase("on-2")));
    cluster.client().pods().resource(pod("late", "gpu-2", "1")).create();
    await("late lost", () -> "Failed".equals(phase("late")));
    assertThat(cluster.client().nodes().withName("gpu-2").get().getSpec().getTaints())
        .anyMatch(t -> t.getKey().equals("node.kubernetes.io/unreachable"));
    cluster.kubelet().recoverNode("gpu-2");
    cluster.client().pods().resource(pod("after", "gpu-2", "1")).create();
    await("after succeeded", () -> "Succeeded".equals(phase("after")));
  }

  @Test
  void volcanoJobsBecomePinnedPodsAndGoAwayWithTheJob() {
    assertThat(cluster.client().supports(Job.class)).isTrue();
    Job job = new JobBuilder().withNewMetadata().withName("vj").withNamespace("default")
        .withAnnotations(Map.of(Ownership.PLACEMENT, "{\"vj-worker-0\":\"gpu-0\",\"vj-worker-1\":\"gpu-1\"}")).endMetadata()
        .withNewSpec().withMinAvailable(2).withSchedulerName("volcano")
        .addNewTask().withName("worker").withReplicas(2)
        .withNewTemplate().withNewMetadata().withAnnotations(Map.of(SimulatedKubelet.RUNTIME_ANNOTATION, "1")).endMetadata()
        .withNewSpec().addNewContainer().withName("main").withImage("busybox").endContainer().endSpec().endTemplate()
        .endTask().endSpec().build();
    cluster.client().resources(Job.class).inNamespace("default").resource(job).create();
    await("volcano pods", () -> phase("vj-worker-1") != null);
    assertThat(cluster.client().pods().inNamespace("default").withName("vj-worker-0").get().getSpec().getNodeName()).isEqualTo("gpu-0");
    assertThat(cluster.client().pods().inNamespace("default").withName("vj-worker-1").get().getSpec().getNodeName()).isEqualTo("gpu-1");
    await("job completed", () -> {
      Job j = cluster.client().resources(Job.class).inNamespace("default").withName("vj").get();
      return j.getStatus() != null && j.getStatus().getState() != null && "Completed".equals(j.getStatus().getState().getPhase());
    });
    cluster.client().resources(Job.class).inNamespace("default").withName("vj").delete();
    await("pods collected", () -> cluster.client().pods().inNamespace("default").withLabel(SimulatedVolcano.JOB_NAME, "vj").list().getItems().isEmpty());
  }

  @Test
  void injectsApiErrorsAndDelays() {
    cluster.faults().failRequests("GET", "/api/v1/nodes/gpu-0", 503, 1);
    try (var c = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
        .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(cluster.config()).withRequestRetryBackoffLimit(0).build()).build()) {
      assertThatThrownBy(() -> c.nodes().withName("gpu-0").get())
          .isInstanceOf(KubernetesClientException.class)
          .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(503));
      assertThat(c.nodes().withName("gpu-0").get()).isNotNull();
      cluster.faults().delayRequests("GET", "/api/v1/nodes/gpu-1", Duration.ofMillis(300));
      long t0 = System.nanoTime();
      c.nodes().withName("gpu-1").get();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    } finally {
      cluster.faults().clear();
    }
  }
}
