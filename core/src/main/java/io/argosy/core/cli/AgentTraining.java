package io.argosy.core.cli;

import io.argosy.agent.gateway.AgentGateway;
import io.argosy.agent.gateway.AgentListener;
import io.argosy.agent.gateway.TokenVerifier;
import io.argosy.agent.sim.FleetFile;
import io.argosy.agent.sim.SimOptions;
import io.argosy.agent.sim.SimulatedCluster;
import io.argosy.api.ClusterDelta;
import io.argosy.api.ClusterSnapshot;
import io.argosy.api.Hello;
import io.argosy.api.Message;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * The training run behind the launcher's class archive for {@code argosy agent} (AppCDS, see
 * agents/README.md): the real agent command runs in this JVM against a small simulated member
 * cluster (every vendor, some pods, Volcano) and a loopback gateway, until its snapshot and a delta
 * have arrived, so that a JVM started with {@code -XX:ArchiveClassesAtExit} has loaded and linked what
 * an agent needs to start. Takes a few seconds; not a user verb.
 */
public final class AgentTraining {
  private static final String TOKEN = "training";
  private static final String FLEET = """
      clusters:
        - name: training
          volcano: true
          nodes:
            - {namePrefix: a100, count: 40, cpu: "96", memory: 1024Gi, accelerator: {vendor: nvidia, model: A100-80GB, count: 8}}
            - {namePrefix: mig, count: 4, cpu: "96", memory: 1024Gi, accelerator: {vendor: nvidia, model: A100-80GB, count: 8, mode: mig-mixed, migConfig: all-balanced}}
            - {namePrefix: l40s, count: 20, cpu: "48", memory: 384Gi, accelerator: {vendor: nvidia, model: L40S, count: 4, mode: vgpu}}
            - {namePrefix: ascend, count: 10, cpu: "192", memory: 1536Gi, accelerator: {vendor: huawei, model: Ascend910, count: 8}}
            - {namePrefix: vnpu, count: 4, cpu: "64", memory: 256Gi, accelerator: {vendor: huawei, model: Ascend310P, count: 4, mode: vnpu, migConfig: all-2c}}
            - {namePrefix: metax, count: 4, cpu: "64", memory: 512Gi, accelerator: {vendor: metax, model: C500, count: 8}}
            - {namePrefix: mlu, count: 4, cpu: "64", memory: 512Gi, accelerator: {vendor: cambricon, model: MLU370-X8, count: 8}}
            - {namePrefix: cpu, count: 14, cpu: "64", memory: 256Gi}
      """;

  private AgentTraining() {}

  public static void main(String[] args) throws Exception {
    System.exit(run());
  }

  static int run() throws Exception {
    Path dir = Files.createTempDirectory("argosy-agent-training");
    Vertx vertx = Vertx.vertx();
    CompletableFuture<ClusterSnapshot> snapshot = new CompletableFuture<>();
    CompletableFuture<ClusterDelta> delta = new CompletableFuture<>();
    AgentGateway gateway = new AgentGateway(vertx, TokenVerifier.shared(TOKEN), new AgentListener() {
      @Override
      public void onConnected(String cluster, Hello hello) {}

      @Override
      public void onMessage(String cluster, Message m) {
        if (m instanceof ClusterSnapshot s) {
          snapshot.complete(s);
        } else if (m instanceof ClusterDelta d) {
          delta.complete(d);
        }
      }

      @Override
      public void onDisconnected(String cluster, String reason) {}
    }, Duration.ofSeconds(30));
    HttpServer server = vertx.createHttpServer(AgentGateway.serverOptions(new HttpServerOptions())).requestHandler(gateway::handle)
        .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    try (SimulatedCluster cluster = SimulatedCluster.start(FleetFile.parse(FLEET).clusters().get(0), SimOptions.DEFAULT)) {
      for (int i = 0; i < 4; i++) {
        cluster.client().pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("training-" + i)
            .endMetadata().withNewSpec().withNodeName("a100-" + i).addNewContainer().withName("main").withImage("busybox")
            .withNewResources().withLimits(Map.of("nvidia.com/gpu", new Quantity("1"))).endResources().endContainer().endSpec()
            .build()).create();
      }
      Path kubeconfig = cluster.writeKubeconfig(dir.resolve("kubeconfig"));
      Path token = Files.writeString(dir.resolve("token"), TOKEN);
      AgentCommand agent = new AgentCommand();
      CommandLine cl = AgentMain.commandLine(agent);
      int[] exit = {-1};
      Thread t = new Thread(() -> exit[0] = cl.execute("--cluster", "training", "--kubeconfig", kubeconfig.toString(),
          "--server", "http://127.0.0.1:" + server.actualPort(), "--token-file", token.toString(), "--label", "region=training"));
      t.start();
      snapshot.get(120, TimeUnit.SECONDS);
      cluster.client().nodes().withName("cpu-0").edit(n -> {
        n.getMetadata().getLabels().put("training", "delta");
        return n;
      });
      delta.get(30, TimeUnit.SECONDS);
      agent.stop.countDown();
      t.join(30_000);
      return exit[0];
    } finally {
      server.close();
      vertx.close();
      try (var files = Files.list(dir)) {
        files.forEach(f -> f.toFile().delete());
      }
      Files.deleteIfExists(dir);
    }
  }
}
