package io.argosy.bench.agent;

import io.argosy.agent.gateway.AgentGateway;
import io.argosy.agent.gateway.AgentListener;
import io.argosy.agent.gateway.TokenVerifier;
import io.argosy.api.ClusterDelta;
import io.argosy.api.ClusterSnapshot;
import io.argosy.api.Hello;
import io.argosy.api.Message;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** The core's side for benchmarks: the real gateway on a loopback port, noting when snapshots arrive. */
final class BenchControlPlane implements AutoCloseable {
  static final String TOKEN = "bench-token";
  final Vertx vertx = Vertx.vertx();
  final AgentGateway gateway;
  final HttpServer server;
  final AtomicReference<CompletableFuture<ClusterSnapshot>> nextSnapshot = new AtomicReference<>(new CompletableFuture<>());
  final AtomicLong snapshotNanos = new AtomicLong();
  final AtomicLong deltas = new AtomicLong();
  final AtomicLong deltaNodes = new AtomicLong();

  BenchControlPlane() throws Exception {
    gateway = new AgentGateway(vertx, TokenVerifier.shared(TOKEN), new AgentListener() {
      @Override
      public void onConnected(String cluster, Hello hello) {}

      @Override
      public void onMessage(String cluster, Message m) {
        if (m instanceof ClusterSnapshot s) {
          snapshotNanos.set(System.nanoTime());
          nextSnapshot.get().complete(s);
        } else if (m instanceof ClusterDelta d) {
          deltas.incrementAndGet();
          deltaNodes.addAndGet(d.upsertedNodes().size());
        }
      }

      @Override
      public void onDisconnected(String cluster, String reason) {}
    }, Duration.ofSeconds(30));
    server = vertx.createHttpServer(AgentGateway.serverOptions(new HttpServerOptions())).requestHandler(gateway::handle)
        .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  CompletableFuture<ClusterSnapshot> expectSnapshot() {
    CompletableFuture<ClusterSnapshot> f = new CompletableFuture<>();
    nextSnapshot.set(f);
    return f;
  }

  @Override
  public void close() {
    gateway.close();
    vertx.close();
  }
}
