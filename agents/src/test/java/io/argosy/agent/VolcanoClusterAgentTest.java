package io.argosy.agent;

import static io.argosy.agent.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.agent.sim.FleetFile;
import io.argosy.agent.sim.SimOptions;
import io.argosy.agent.sim.SimulatedCluster;
import io.argosy.api.ApiCodec;
import io.argosy.api.Binding;
import io.argosy.api.ClusterDelta;
import io.argosy.api.Hello;
import io.argosy.api.Ownership;
import io.argosy.api.PodBinding;
import io.argosy.api.PodPhase;
import io.argosy.api.Withdraw;
import io.argosy.api.WithdrawReason;
import io.argosy.gpu.fit.Assignment;
import io.argosy.gpu.fit.ContainerAssignment;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.volcano.api.model.batch.v1alpha1.Job;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VolcanoClusterAgentTest {
  static final String FLEET = """
      clusters:
        - name: vc
          volcano: true
          nodes:
            - namePrefix: gpu
              count: 3
              cpu: "32"
              memory: 256Gi
              accelerator: {vendor: nvidia, model: A100-80GB, count: 8}
      """;
  static final String VCJOB = """
      apiVersion: batch.volcano.sh/v1alpha1
      kind: Job
      metadata:
        name: dist
        namespace: default
        labels: {team: vision}
        annotations: {sim.argosy.io/runtime-seconds: "1"}
      spec:
        minAvailable: 3
        schedulerName: volcano
        queue: default
        policies:
          - {event: PodEvicted, action: RestartJob}
        tasks:
          - name: master
            replicas: 1
            template:
              spec:
                restartPolicy: OnFailure
                containers:
                  - {name: main, image: trainer, resources: {limits: {nvidia.com/gpu: 1}}}
          - name: worker
            replicas: 2
            template:
              spec:
                restartPolicy: OnFailure
                containers:
                  - {name: main, image: trainer, resources: {limits: {nvidia.com/gpu: 4}}}
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
    agent = ClusterAgent.builder().cluster("vc").client(cluster.newClient()).server(core.url()).token(TestControlPlane.TOKEN)
        .vertx(vertx).deltaInterval(Duration.ofMillis(20)).build().start();
    await("snapshot", () -> core.view("vc").snapshots == 1);
  }

  @AfterEach
  void tearDown() {
    long t0 = System.nanoTime();
    agent.close();
    long t1 = System.nanoTime();
    cluster.close();
    long t2 = System.nanoTime();
    core.close();
    vertx.close();
    System.err.printf("teardown agent %d cluster %d rest %d%n", (t1 - t0) / 1000000, (t2 - t1) / 1000000, (System.nanoTime() - t2) / 1000000);
  }

  static PodBinding pod(String task, int i, String node, long gpus) {
    return new PodBinding("dist-" + task + "-" + i, task, i, node,
        new Assignment(node, 500, 1L << 30, List.of(new ContainerAssignment("main", ClusterAgentTest.wholeGpus(node, (int) gpus), Map.of()))));
  }

  @Test
  void aVolcanoJobIsCreatedAsAVolcanoJobWithEachTaskPinnedToItsNodes() {
    assertThat(core.hellos.get(0).capabilities()).contains(Hello.VOLCANO);
    Binding b = new Binding("b-dist", "default/dist", "vc", VCJOB,
        List.of(pod("master", 0, "gpu-0", 1), pod("worker", 0, "gpu-1", 4), pod("worker", 1, "gpu-2", 4)));
    core.send("vc", b);
    await("accepted", () -> !core.bindingResults.isEmpty());
    assertThat(core.bindingResults.get(0).accepted()).as(core.bindingResults.get(0).reason()).isTrue();
    assertThat(core.bindingResults.get(0).created()).containsExactly("Job.batch.volcano.sh/default/dist");

    Job job = cluster.client().resources(Job.class).inNamespace("default").withName("dist").get();
    assertThat(job.getMetadata().getLabels()).containsEntry(Ownership.BINDING, "b-dist").containsEntry("team", "vision");
    assertThat(job.getSpec().getPolicies()).hasSize(1);
    var worker = job.getSpec().getTasks().stream().filter(t -> t.getName().equals("worker")).findFirst().orElseThrow();
    var expr = worker.getTemplate().getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
        .getNodeSelectorTerms().get(0).getMatchExpressions().get(0);
    assertThat(expr.getKey()).isEqualTo("kubernetes.io/hostname");
    assertThat(expr.getValues()).containsExactly("gpu-1", "gpu-2");
    assertThat(worker.getTemplate().getMetadata().getLabels()).containsEntry(Ownership.TASK, "worker");

    await("pods", () -> cluster.client().pods().inNamespace("default").withLabel(Ownership.BINDING, "b-dist").list().getItems().size() == 3);
    for (PodBinding pb : b.pods()) {
      Pod p = cluster.client().pods().inNamespace("default").withName(pb.name()).get();
      assertThat(p.getSpec().getNodeName()).isEqualTo(pb.node());
      assertThat(ApiCodec.fromJson(p.getMetadata().getAnnotations().get(Ownership.DEVICES), Assignment.class)).isEqualTo(pb.assignment());
    }
    await("all succeeded", () -> core.statuses.stream().filter(s -> s.phase() == PodPhase.SUCCEEDED).count() == 3);
    assertThat(core.statuses).allMatch(s -> "b-dist".equals(s.bindingId()) && "default/dist".equals(s.jobId()));
    await("job completed reported", () -> core.received.stream().anyMatch(m -> m instanceof ClusterDelta d
        && d.upsertedWorkloads().stream().anyMatch(w -> w.name().equals("dist") && "Completed".equals(w.phase()))));

    core.send("vc", b);
    await("redelivery answered", () -> core.bindingResults.size() == 2);
    assertThat(core.bindingResults.get(1).accepted()).isTrue();
    assertThat(core.bindingResults.get(1).created()).isEmpty();

    core.send("vc", new Withdraw("vc", "default/dist", null, WithdrawReason.CANCEL));
    await("withdrawn", () -> core.withdrawResults.size() == 1);
    assertThat(core.withdrawResults.get(0).deleted()).contains("Job.batch.volcano.sh/default/dist");
    await("pods collected", () -> cluster.client().pods().inNamespace("default").list().getItems().isEmpty());
    await("view empty", () -> core.view("vc").pods.isEmpty());
  }

  @Test
  void aBatchJobOnAVolcanoClusterIsStillPlainPods() {
    String job = ClusterAgentTest.job("plain", "1");
    core.send("vc", new Binding("b-plain", "default/plain", "vc", job, List.of(
        new PodBinding("plain-main-0", "main", 0, "gpu-0", new Assignment("gpu-0", 100, 1L << 20, List.of())))));
    await("accepted", () -> !core.bindingResults.isEmpty());
    assertThat(core.bindingResults.get(0).created()).containsExactly("Pod/default/plain-main-0");
    assertThat(cluster.client().resources(Job.class).inNamespace("default").list().getItems()).isEmpty();
  }
}
