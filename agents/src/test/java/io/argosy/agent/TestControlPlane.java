package io.argosy.agent;

import io.argosy.agent.gateway.AgentGateway;
import io.argosy.agent.gateway.AgentListener;
import io.argosy.agent.gateway.TokenVerifier;
import io.argosy.api.BindingResult;
import io.argosy.api.ClusterDelta;
import io.argosy.api.ClusterSnapshot;
import io.argosy.api.Hello;
import io.argosy.api.Message;
import io.argosy.api.NodeReport;
import io.argosy.api.PodReport;
import io.argosy.api.ResyncRequest;
import io.argosy.api.StatusEvent;
import io.argosy.api.WithdrawResult;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A small control plane for tests: a real Vert.x HTTP server with the {@link AgentGateway}
 * mounted, and a listener that keeps each cluster's view the way the core will (a snapshot
 * replaces it, consecutive deltas patch it, a gap asks for a resync) and records what arrives.
 */
public final class TestControlPlane implements AutoCloseable {
  public static final String TOKEN = "s3cret";

  /** One cluster's view: replaced by snapshots, patched by deltas. */
  public static final class View {
    public final Map<String, NodeReport> nodes = new ConcurrentHashMap<>();
    public final Map<String, PodReport> pods = new ConcurrentHashMap<>();
    public volatile long sequence = -1;
    public volatile int snapshots;
  }

  private final Vertx vertx;
  private HttpServer server;
  private AgentGateway gateway;
  private int port;
  public final Map<String, View> views = new ConcurrentHashMap<>();
  public final List<Hello> hellos = new CopyOnWriteArrayList<>();
  public final List<StatusEvent> statuses = new CopyOnWriteArrayList<>();
  public final List<BindingResult> bindingResults = new CopyOnWriteArrayList<>();
  public final List<WithdrawResult> withdrawResults = new CopyOnWriteArrayList<>();
  public final List<String> disconnects = new CopyOnWriteArrayList<>();
  public final List<Message> received = new CopyOnWriteArrayList<>();

  public TestControlPlane(Vertx vertx) {
    this.vertx = vertx;
  }

  public TestControlPlane start(int fixedPort) {
    gateway = new AgentGateway(vertx, TokenVerifier.shared(TOKEN), new Listener(), Duration.ofSeconds(5));
    Router router = Router.router(vertx);
    router.route(AgentGateway.PATH).handler(gateway);
    server = vertx.createHttpServer(AgentGateway.serverOptions(new HttpServerOptions().setHost("127.0.0.1")))
        .requestHandler(router);
    try {
      server.listen(fixedPort).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("control plane did not start", e);
    }
    port = server.actualPort();
    return this;
  }

  /** Stops the server as a crash would: connections drop, state is lost. */
  public void stop() {
    gateway.close();
    try {
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    views.clear();
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public AgentGateway gateway() {
    return gateway;
  }

  public View view(String cluster) {
    return views.computeIfAbsent(cluster, k -> new View());
  }

  public boolean send(String cluster, Message m) {
    return gateway.send(cluster, m);
  }

  private final class Listener implements AgentListener {
    @Override
    public void onConnected(String cluster, Hello hello) {
      hellos.add(hello);
    }

    @Override
    public void onMessage(String cluster, Message m) {
      received.add(m);
      View v = view(cluster);
      if (m instanceof ClusterSnapshot s) {
        v.nodes.clear();
        v.pods.clear();
        s.nodes().forEach(n -> v.nodes.put(n.name(), n));
        s.pods().forEach(p -> v.pods.put(p.key(), p));
        v.sequence = s.sequence();
        v.snapshots++;
      } else if (m instanceof ClusterDelta d) {
        if (d.sequence() != v.sequence + 1) {
          gateway.send(cluster, new ResyncRequest(cluster, "expected " + (v.sequence + 1) + ", got " + d.sequence()));
          return;
        }
        d.upsertedNodes().forEach(n -> v.nodes.put(n.name(), n));
        d.deletedNodes().forEach(v.nodes::remove);
        d.upsertedPods().forEach(p -> v.pods.put(p.key(), p));
        d.deletedPods().forEach(v.pods::remove);
        v.sequence = d.sequence();
      } else if (m instanceof StatusEvent e) {
        statuses.add(e);
      } else if (m instanceof BindingResult r) {
        bindingResults.add(r);
      } else if (m instanceof WithdrawResult r) {
        withdrawResults.add(r);
      }
    }

    @Override
    public void onDisconnected(String cluster, String reason) {
      disconnects.add(cluster + ": " + reason);
    }
  }

  @Override
  public void close() {
    stop();
  }
}
