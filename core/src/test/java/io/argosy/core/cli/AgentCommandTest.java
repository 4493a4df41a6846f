package io.argosy.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.agent.gateway.AgentGateway;
import io.argosy.agent.gateway.AgentListener;
import io.argosy.agent.gateway.TokenVerifier;
import io.argosy.agent.sim.FleetFile;
import io.argosy.agent.sim.SimOptions;
import io.argosy.agent.sim.SimulatedCluster;
import io.argosy.api.AgentMode;
import io.argosy.api.ClusterSnapshot;
import io.argosy.api.Hello;
import io.argosy.api.Message;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AgentCommandTest {
  @TempDir Path dir;

  @Test
  void runsAnAgentAgainstAKubeconfigAndReportsTheCluster() throws Exception {
    Vertx vertx = Vertx.vertx();
    List<Message> got = new CopyOnWriteArrayList<>();
    AgentGateway gw = new AgentGateway(vertx, TokenVerifier.perCluster(java.util.Map.of("edge", "t0k")), new AgentListener() {
      @Override
      public void onConnected(String cluster, Hello hello) {
        got.add(hello);
      }

      @Override
      public void onMessage(String cluster, Message message) {
        got.add(message);
      }

      @Override
      public void onDisconnected(String cluster, String reason) {}
    }, Duration.ofSeconds(10));
    HttpServer server = vertx.createHttpServer(AgentGateway.serverOptions(new HttpServerOptions()))
        .requestHandler(gw::handle).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    var spec = FleetFile.parse("""
        clusters:
          - name: edge
            nodes:
              - {namePrefix: n, count: 3, cpu: "4", memory: 8Gi}
        """).clusters().get(0);
    try (SimulatedCluster cluster = SimulatedCluster.start(spec, SimOptions.DEFAULT)) {
      Path kubeconfig = cluster.writeKubeconfig(dir.resolve("kubeconfig"));
      Path token = Files.writeString(dir.resolve("token"), "t0k\n");
      CommandLine cl = Main.commandLine();
      AgentCommand cmd = cl.getSubcommands().get("agent").getCommand();
      Thread t = new Thread(() -> cl.execute("agent", "--cluster", "edge", "--kubeconfig", kubeconfig.toString(),
          "--server", "http://127.0.0.1:" + server.actualPort(), "--token-file", token.toString(), "--label", "region=eu"));
      t.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (got.stream().noneMatch(m -> m instanceof ClusterSnapshot) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      cmd.stop.countDown();
      t.join(10_000);
      assertThat(t.isAlive()).isFalse();
      Hello hello = (Hello) got.get(0);
      assertThat(hello.mode()).isEqualTo(AgentMode.PULL);
      assertThat(hello.labels()).containsEntry("region", "eu");
      ClusterSnapshot snap = (ClusterSnapshot) got.stream().filter(m -> m instanceof ClusterSnapshot).findFirst().orElseThrow();
      assertThat(snap.nodes()).hasSize(3);
    } finally {
      server.close();
      vertx.close();
    }
  }

  @Test
  void theLeanCommandLineOfALaunchedAgentHasTheVerbsOptionsAndErrors() {
    CommandLine lean = AgentMain.commandLine(new AgentCommand());
    CommandLine verb = Main.commandLine().getSubcommands().get("agent");
    assertThat(lean.getCommandSpec().optionsMap().keySet()).isEqualTo(verb.getCommandSpec().optionsMap().keySet());
    StringWriter err = new StringWriter();
    lean.setErr(new PrintWriter(err));
    int code = lean.execute("--cluster", "c", "--server", "ftp://x", "--token-file", dir.resolve("missing").toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip()).startsWith("agent: --token-file: cannot read").doesNotContain("\n");
    StringWriter out = new StringWriter();
    lean.setOut(new PrintWriter(out));
    assertThat(lean.execute("--help")).isZero();
    assertThat(out.toString()).startsWith("Usage: argosy agent ");
  }

  @Test
  void badInputIsOneLineAndExitCodeTwo() {
    CommandLine cl = Main.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("agent", "--cluster", "c", "--server", "http://x", "--token-file", dir.resolve("missing").toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip()).startsWith("agent: --token-file: cannot read").doesNotContain("\n");
    err.getBuffer().setLength(0);
    code = cl.execute("agent", "--cluster", "c", "--server", "x");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--token-file");
  }
}
