package io.argosy.agent;

import static io.argosy.agent.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.agent.inventory.Reports;
import io.argosy.agent.sim.FleetFile;
import io.argosy.agent.sim.SimOptions;
import io.argosy.agent.sim.SimulatedCluster;
import io.argosy.api.AgentMode;
import io.argosy.api.ApiCodec;
import io.argosy.api.Binding;
import io.argosy.api.BindingResult;
import io.argosy.api.ClusterDelta;
import io.argosy.api.Ownership;
import io.argosy.api.PodBinding;
import io.argosy.api.PodNames;
import io.argosy.api.PodPhase;
import io.argosy.api.StatusEvent;
import io.argosy.api.Withdraw;
import io.argosy.api.WithdrawReason;
import io.argosy.gpu.fit.Assignment;
import io.argosy.gpu.fit.ContainerAssignment;
import io.argosy.gpu.fit.DeviceGrant;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClusterAgentTest {
  static final String FLEET = """
      clusters:
        - name: east
          labels: {region: us-east-1}
          nodes:
            - namePrefix: cpu
              count: 2
              cpu: "8"
              memory: 32Gi
            - namePrefix: a100
              count: 2
              cpu: "64"
              memory: 512Gi
              accelerator: {vendor: nvidia, model: A100-80GB, count: 8}
      """;

  Vertx vertx;
  TestControlPlane core;
  SimulatedCluster cluster;
  ClusterAgent agent;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    core = new TestControlPlane(vertx).start(0);
    cluster = SimulatedCluster.start(FleetFile.parse(FLEET).clusters().get(0), new SimOptions(0.01, 50, 10));
    agent = ClusterAgent.builder().cluster("east").client(cluster.newClient()).server(core.url()).token(TestControlPlane.TOKEN)
        .mode(AgentMode.PUSH).vertx(vertx).labels(Map.of("region", "us-east-1"))
        .heartbeatInterval(Duration.ofMillis(500)).deltaInterval(Duration.ofMillis(20))
        .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500)).build().start();
    await("snapshot", () -> core.view("east").snapshots == 1);
  }

  @AfterEach
  void tearDown() {
    agent.close();
    cluster.close();
    core.close();
    vertx.close();
  }

  public static String job(String name, String runtime) {
    return """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: %s
          namespace: default
          annotations: {sim.argosy.io/runtime-seconds: "%s"}
        spec:
          template:
            metadata:
              labels: {app: trainer}
            spec:
              restartPolicy: Never
              containers:
                - name: main
                  image: busybox
                  resources:
                    limits: {nvidia.com/gpu: 2}
        """.formatted(name, runtime);
  }

  static Binding binding(String id, String jobName, String runtime, String... nodes) {
    List<PodBinding> pods = new java.util.ArrayList<>();
    for (int i = 0; i < nodes.length; i++) {
      List<DeviceGrant> gpus = nodes[i].startsWith("cpu") ? List.of() : wholeGpus(nodes[i], 2);
      pods.add(new PodBinding(PodNames.of(jobName, "main", i), "main", i, nodes[i],
          new Assignment(nodes[i], 1000, 1L << 30, List.of(new ContainerAssignment("main", gpus, Map.of())))));
    }
    return new Binding(id, "default/" + jobName, "east", job(jobName, runtime), pods);
  }

  /** Whole GPUs 0..n-1 of a node, as gpu-model names them. */
  public static List<DeviceGrant> wholeGpus(String node, int n) {
    return java.util.stream.IntStream.range(0, n)
        .mapToObj(k -> new DeviceGrant(k, node + "/gpu-" + k, "nvidia.com/gpu", null, 81920, 100, true)).toList();
  }

  List<Pod> managedPods(String bindingId) {
    return cluster.client().pods().inNamespace("default").withLabel(Ownership.BINDING, bindingId).list().getItems();
  }

  @Test
  void helloAndSnapshotDescribeTheSeededCluster() {
    assertThat(core.hellos).singleElement().satisfies(h -> {
      assertThat(h.cluster()).isEqualTo("east");
      assertThat(h.mode()).isEqualTo(AgentMode.PUSH);
      assertThat(h.kubernetesVersion()).isEqualTo("v1.30.4");
      assertThat(h.labels()).containsEntry("region", "us-east-1");
      assertThat(h.capabilities()).doesNotContain("volcano");
    });
    var view = core.view("east");
    List<Node> seeded = cluster.spec().nodes();
    assertThat(view.nodes.keySet()).containsExactlyInAnyOrderElementsOf(seeded.stream().map(n -> n.getMetadata().getName()).toList());
    for (Node n : seeded) {
      assertThat(view.nodes.get(n.getMetadata().getName())).isEqualTo(Reports.node(n));
    }
    assertThat(view.nodes.get("a100-1").inventory().cpuMilli()).isEqualTo(64_000);
    assertThat(view.nodes.get("a100-1").conditions()).containsEntry("Ready", "True");
  }

  @Test
  void aBindingBecomesPodsOnItsNodesWithOwnershipAndDevices() {
    Binding b = binding("b-train-1", "train", "1", "a100-0", "a100-1");
    core.send("east", b);
    await("accepted", () -> core.bindingResults.stream().anyMatch(r -> r.bindingId().equals("b-train-1")));
    BindingResult r = core.bindingResults.get(0);
    assertThat(r.accepted()).as(r.reason()).isTrue();
    assertThat(r.created()).containsExactlyInAnyOrder("Pod/default/train-main-0", "Pod/default/train-main-1");
    Map<String, Pod> pods = managedPods("b-train-1").stream().collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p));
    assertThat(pods).containsOnlyKeys("train-main-0", "train-main-1");
    for (int i = 0; i < 2; i++) {
      Pod p = pods.get("train-main-" + i);
      assertThat(p.getSpec().getNodeName()).isEqualTo("a100-" + i);
      assertThat(p.getMetadata().getLabels()).containsEntry(Ownership.MANAGED_BY, "argosy").containsEntry(Ownership.JOB, "default.train")
          .containsEntry(Ownership.TASK, "main").containsEntry("app", "trainer");
      assertThat(p.getMetadata().getAnnotations()).containsEntry(Ownership.JOB_ID, "default/train");
      assertThat(ApiCodec.fromJson(p.getMetadata().getAnnotations().get(Ownership.DEVICES), Assignment.class))
          .isEqualTo(b.pods().get(i).assignment());
      assertThat(p.getSpec().getContainers().get(0).getResources().getLimits()).containsKey("nvidia.com/gpu");
    }
  }

  @Test
  void statusTransitionsFlowBackInOrder() {
    core.send("east", binding("b-st", "st", "1", "a100-0"));
    await("succeeded", () -> core.statuses.stream().anyMatch(s -> s.phase() == PodPhase.SUCCEEDED));
    List<PodPhase> phases = core.statuses.stream().filter(s -> s.pod().equals("st-main-0")).map(StatusEvent::phase).toList();
    assertThat(phases).containsExactly(PodPhase.PENDING, PodPhase.RUNNING, PodPhase.SUCCEEDED);
    StatusEvent last = core.statuses.get(core.statuses.size() - 1);
    assertThat(last.bindingId()).isEqualTo("b-st");
    assertThat(last.jobId()).isEqualTo("default/st");
    assertThat(last.node()).isEqualTo("a100-0");
    assertThat(core.view("east").pods.get("default/st-main-0").phase()).isEqualTo(PodPhase.SUCCEEDED);
  }

  @Test
  void failuresCarryTheirReason() {
    core.send("east", binding("b-oom", "oom", "1000", "a100-1"));
    await("running", () -> core.statuses.stream().anyMatch(s -> s.phase() == PodPhase.RUNNING));
    cluster.kubelet().failPod("default", "oom-main-0", "OOMKilled");
    await("failed", () -> core.statuses.stream().anyMatch(s -> s.phase() == PodPhase.FAILED));
    assertThat(core.statuses.get(core.statuses.size() - 1).reason()).isEqualTo("OOMKilled");
  }

  @Test
  void applyingTheSameBindingTwiceCreatesNothingNew() {
    Binding b = binding("b-twice", "twice", "1000", "a100-0", "a100-1");
    core.send("east", b);
    await("first", () -> core.bindingResults.size() == 1);
    await("pods seen", () -> core.view("east").pods.containsKey("default/twice-main-1"));
    core.send("east", b);
    await("second", () -> core.bindingResults.size() == 2);
    assertThat(core.bindingResults).allMatch(BindingResult::accepted);
    assertThat(core.bindingResults.get(1).created()).isEmpty();
    assertThat(managedPods("b-twice")).hasSize(2);
  }

  @Test
  void aBindingThatNoLongerFitsIsRejectedWithAReasonAndLeavesNothing() {
    core.send("east", binding("b-gone", "gone", "1", "a100-0", "no-such-node"));
    core.send("east", binding("b-cpu", "cpu", "1", "cpu-0"));
    cluster.kubelet().failNode("a100-1");
    await("node down seen", () -> !core.view("east").nodes.get("a100-1").inventory().ready());
    core.send("east", binding("b-down", "down", "1", "a100-1"));
    await("three results", () -> core.bindingResults.size() == 3);
    Map<String, BindingResult> byId = core.bindingResults.stream().collect(Collectors.toMap(BindingResult::bindingId, r -> r));
    assertThat(byId.get("b-gone").accepted()).isFalse();
    assertThat(byId.get("b-gone").reason()).contains("no-such-node").contains("no longer exists");
    assertThat(byId.get("b-cpu").accepted()).as(byId.get("b-cpu").reason()).isTrue();
    assertThat(byId.get("b-down").reason()).contains("a100-1");
    assertThat(managedPods("b-gone")).isEmpty();
    assertThat(managedPods("b-down")).isEmpty();
    // the cpu node has 8 cores (b-cpu's pod has finished and holds nothing): nine 1-core pods do not fit
    Binding tooBig = new Binding("b-big", "default/big", "east", job("big", "1"), java.util.stream.IntStream.range(0, 9)
        .mapToObj(i -> new PodBinding("big-main-" + i, "main", i, "cpu-0",
            new Assignment("cpu-0", 1000, 1L << 20, List.of()))).toList());
    core.send("east", tooBig);
    await("big", () -> core.bindingResults.size() == 4);
    assertThat(core.bindingResults.get(3).accepted()).isFalse();
    assertThat(core.bindingResults.get(3).reason()).contains("insufficient cpu");
  }

  @Test
  void withdrawDeletesWhatTheAgentCreatedAndNothingElse() {
    core.send("east", binding("b-w", "w", "1000", "a100-0"));
    await("created", () -> core.view("east").pods.containsKey("default/w-main-0"));
    Pod foreign = new PodBuilder().withNewMetadata().withName("w-main-1").withNamespace("default")
        .withLabels(Map.of(Ownership.JOB, "default.w")).endMetadata()
        .withNewSpec().withNodeName("cpu-1").addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build();
    cluster.client().pods().resource(foreign).create();
    core.send("east", new Withdraw("east", "default/w", null, WithdrawReason.PREEMPT));
    await("withdrawn", () -> core.withdrawResults.size() == 1);
    assertThat(core.withdrawResults.get(0).deleted()).containsExactly("Pod/default/w-main-0");
    await("gone from view", () -> !core.view("east").pods.containsKey("default/w-main-0"));
    assertThat(cluster.client().pods().inNamespace("default").withName("w-main-1").get()).isNotNull();
    assertThat(core.statuses).noneMatch(s -> "Deleted".equals(s.reason()));
  }

  @Test
  void aPodDeletedBySomeoneElseIsAFailureWithReasonDeleted() {
    core.send("east", binding("b-del", "del", "1000", "a100-0"));
    await("running", () -> core.statuses.stream().anyMatch(s -> s.phase() == PodPhase.RUNNING));
    cluster.client().pods().inNamespace("default").withName("del-main-0").delete();
    await("deleted reported", () -> core.statuses.stream().anyMatch(s -> "Deleted".equals(s.reason())));
    assertThat(core.statuses.get(core.statuses.size() - 1).phase()).isEqualTo(PodPhase.FAILED);
  }

  @Test
  void aResyncRequestIsAnsweredWithAFreshSnapshot() {
    long seq = core.view("east").sequence;
    core.send("east", new io.argosy.api.ResyncRequest("east", "test"));
    await("second snapshot", () -> core.view("east").snapshots == 2);
    assertThat(core.view("east").sequence).isGreaterThan(seq);
    assertThat(core.view("east").nodes).hasSize(4);
  }

  @Test
  void aDeletedNodeDisappearsFromTheView() {
    cluster.client().nodes().withName("cpu-1").delete();
    await("node gone", () -> !core.view("east").nodes.containsKey("cpu-1"));
    assertThat(core.received).anyMatch(m -> m instanceof ClusterDelta d && d.deletedNodes().contains("cpu-1"));
    assertThat(core.view("east").nodes).containsKey("cpu-0");
  }

  @Test
  void reconnectsAfterTheControlPlaneRestartsAndTheViewConverges() {
    core.send("east", binding("b-r", "r", "1000", "a100-0"));
    await("pod seen", () -> core.view("east").pods.containsKey("default/r-main-0"));
    int port = core.port();
    core.stop();
    // the cluster changes while the control plane is away
    cluster.client().nodes().withName("cpu-0").delete();
    cluster.kubelet().failPod("default", "r-main-0", "Error");
    int before = core.hellos.size();
    core.start(port);
    await("reconnected", Duration.ofSeconds(30), () -> core.hellos.size() == before + 1 && core.view("east").snapshots == 1);
    var view = core.view("east");
    assertThat(view.nodes).doesNotContainKey("cpu-0").containsKeys("cpu-1", "a100-0", "a100-1");
    assertThat(view.pods.get("default/r-main-0").phase()).isEqualTo(PodPhase.FAILED);
    // the transition missed while away is sent once, and nothing is sent twice
    await("failure event", () -> core.statuses.stream().anyMatch(s -> s.phase() == PodPhase.FAILED));
    assertThat(core.statuses.stream().filter(s -> s.pod().equals("r-main-0")).map(StatusEvent::phase))
        .doesNotHaveDuplicates();
    assertThat(core.hellos.get(before).agentId()).isEqualTo(core.hellos.get(0).agentId());
    // deltas continue after the new snapshot
    cluster.client().nodes().withName("cpu-1").delete();
    await("delta after reconnect", () -> !core.view("east").nodes.containsKey("cpu-1"));
  }
}
