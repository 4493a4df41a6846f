package io.argosy.agent.gateway;

import static io.argosy.agent.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.api.AgentMode;
import io.argosy.api.ApiCodec;
import io.argosy.api.Heartbeat;
import io.argosy.api.Hello;
import io.argosy.api.Message;
import io.argosy.api.ResyncRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway against raw WebSocket clients: authentication, Hello first, one connection per cluster, liveness. */
class AgentGatewayTest {
  Vertx vertx;
  HttpServer server;
  AgentGateway gateway;
  WebSocketClient client;
  final List<String> events = new CopyOnWriteArrayList<>();
  final List<Message> messages = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    gateway = new AgentGateway(vertx, TokenVerifier.perCluster(Map.of("a", "token-a", "b", "token-b")), new AgentListener() {
      @Override
      public void onConnected(String cluster, Hello hello) {
        events.add("connected " + cluster + " " + hello.agentId());
      }

      @Override
      public void onMessage(String cluster, Message message) {
        messages.add(message);
      }

      @Override
      public void onDisconnected(String cluster, String reason) {
        events.add("disconnected " + cluster + ": " + reason);
      }
    }, Duration.ofMillis(2000)); // long enough that a loaded CI machine does not time out a test between connect and Hello
    Router router = Router.router(vertx);
    router.route(AgentGateway.PATH).handler(gateway);
    server = vertx.createHttpServer(AgentGateway.serverOptions(new HttpServerOptions())).requestHandler(router)
        .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    client = vertx.createWebSocketClient();
  }

  @AfterEach
  void stop() {
    gateway.close();
    vertx.close();
  }

  Future<WebSocket> connect(String cluster, String token) {
    WebSocketConnectOptions o = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(server.actualPort())
        .setURI(AgentGateway.PATH + (cluster == null ? "" : "?cluster=" + cluster));
    if (token != null) {
      o.addHeader("Authorization", "Bearer " + token);
    }
    return client.connect(o);
  }

  static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static int rejection(Future<WebSocket> f) {
    try {
      get(f);
      return 101;
    } catch (Exception e) {
      return e.getCause() instanceof UpgradeRejectedException u ? u.getStatus() : -1;
    }
  }

  static Hello hello(String cluster, String id) {
    return new Hello(Hello.PROTOCOL, cluster, id, AgentMode.PULL, "v1.30.0", List.of(), Map.of(), List.of());
  }

  @Test
  void rejectsMissingClusterMissingTokenAndAnotherClustersToken() {
    assertThat(rejection(connect(null, "token-a"))).isEqualTo(400);
    assertThat(rejection(connect("a", null))).isEqualTo(401);
    assertThat(rejection(connect("a", "token-b"))).isEqualTo(403);
    assertThat(rejection(connect("c", "token-a"))).isEqualTo(403);
    assertThat(events).isEmpty();
  }

  @Test
  void helloFirstThenMessagesThenSendReachesTheAgent() throws Exception {
    WebSocket ws = get(connect("a", "token-a"));
    List<Message> toAgent = new CopyOnWriteArrayList<>();
    ws.textMessageHandler(t -> toAgent.add(ApiCodec.decode(t)));
    assertThat(gateway.send("a", new ResyncRequest("a", "x"))).isFalse(); // not connected until Hello
    ws.writeTextMessage(ApiCodec.encode(hello("a", "agent-1")));
    ws.writeTextMessage(ApiCodec.encode(new Heartbeat("a", 3, 1)));
    await("heartbeat", () -> messages.size() == 1);
    assertThat(events).containsExactly("connected a agent-1");
    assertThat(gateway.connections().get("a").hello().agentId()).isEqualTo("agent-1");
    assertThat(gateway.send("a", new ResyncRequest("a", "gap"))).isTrue();
    await("to agent", () -> toAgent.size() == 1);
    assertThat(toAgent.get(0)).isEqualTo(new ResyncRequest("a", "gap"));
  }

  @Test
  void closesConnectionsThatBreakTheProtocol() throws Exception {
    WebSocket notHello = get(connect("a", "token-a"));
    notHello.writeTextMessage(ApiCodec.encode(new Heartbeat("a", 1, 1)));
    await("closed", notHello::isClosed);
    assertThat(notHello.closeStatusCode()).isEqualTo((short) 4002);
    WebSocket wrongCluster = get(connect("a", "token-a"));
    wrongCluster.writeTextMessage(ApiCodec.encode(hello("b", "x")));
    await("closed", wrongCluster::isClosed);
    assertThat(wrongCluster.closeReason()).contains("'b'");
    WebSocket garbage = get(connect("a", "token-a"));
    garbage.writeTextMessage("{not json");
    await("closed", garbage::isClosed);
    assertThat(events).isEmpty();
    assertThat(messages).isEmpty();
  }

  @Test
  void aNewerConnectionReplacesTheOlderAndSilenceTimesOut() throws Exception {
    WebSocket first = get(connect("a", "token-a"));
    first.writeTextMessage(ApiCodec.encode(hello("a", "one")));
    await("first", () -> gateway.isConnected("a"));
    WebSocket second = get(connect("a", "token-a"));
    second.writeTextMessage(ApiCodec.encode(hello("a", "two")));
    await("first closed", first::isClosed);
    assertThat(first.closeStatusCode()).isEqualTo((short) 4000);
    assertThat(gateway.connections().get("a").hello().agentId()).isEqualTo("two");
    // the second stays silent: the watchdog closes it after the 2 s heartbeat timeout
    await("timed out", Duration.ofSeconds(10), second::isClosed);
    assertThat(second.closeStatusCode()).isEqualTo((short) 4008);
    assertThat(gateway.isConnected("a")).isFalse();
    assertThat(events).containsExactly("connected a one", "disconnected a: replaced by a newer connection",
        "connected a two", "disconnected a: no message for 2000 ms");
  }
}
