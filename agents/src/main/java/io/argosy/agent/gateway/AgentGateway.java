package io.argosy.agent.gateway;

import io.argosy.api.ApiCodec;
import io.argosy.api.Hello;
import io.argosy.api.Message;
import io.argosy.api.ProtocolException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The control plane's end of the agent protocol: a Vert.x handler for {@value #PATH}. It checks
 * {@code Authorization: Bearer <token>} for the cluster named by the {@code cluster} query
 * parameter, upgrades to a WebSocket, requires {@link Hello} first, decodes every JSON text frame
 * and hands it to the {@link AgentListener} on the connection's event loop. One connection per
 * cluster: a newer one replaces the older. A connection silent for longer than the heartbeat
 * timeout is closed. {@link #send(String, Message)} writes to a cluster's agent.
 *
 * <p>Mount it with {@code router.route(AgentGateway.PATH).handler(gateway)} or, without
 * vertx-web, call {@link #handle(HttpServerRequest)} for that path; create the server with
 * {@link #serverOptions(HttpServerOptions)} so that snapshots of large clusters fit in one message.
 */
public final class AgentGateway implements Handler<RoutingContext>, AutoCloseable {
  public static final String PATH = "/v1/agents/connect";
  /** Largest message accepted: a 5,000-node snapshot is tens of MB of JSON. */
  public static final int MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
  public static final int MAX_FRAME_BYTES = 1024 * 1024;

  static final short CLOSE_REPLACED = 4000;
  static final short CLOSE_PROTOCOL = 4002;
  static final short CLOSE_TIMEOUT = 4008;

  private static final Logger LOG = Logger.getLogger(AgentGateway.class.getName());

  private final Vertx vertx;
  private final TokenVerifier verifier;
  private final AgentListener listener;
  private final Duration heartbeatTimeout;
  private final Map<String, Connection> connections = new ConcurrentHashMap<>();
  private final long watchdog;

  /** One open WebSocket; {@code state} is null until Hello arrives. */
  private static final class Connection {
    final String cluster;
    final ServerWebSocket ws;
    volatile ConnectionState state;
    volatile long lastSeenNanos = System.nanoTime();

    Connection(String cluster, ServerWebSocket ws) {
      this.cluster = cluster;
      this.ws = ws;
    }
  }

  public AgentGateway(Vertx vertx, TokenVerifier verifier, AgentListener listener, Duration heartbeatTimeout) {
    this.vertx = Objects.requireNonNull(vertx);
    this.verifier = Objects.requireNonNull(verifier);
    this.listener = Objects.requireNonNull(listener);
    this.heartbeatTimeout = heartbeatTimeout;
    long period = Math.max(100, heartbeatTimeout.toMillis() / 4);
    this.watchdog = vertx.setPeriodic(period, id -> closeSilent());
  }

  /** Server options large enough for snapshots; apply to the HTTP server the gateway is mounted on. */
  public static HttpServerOptions serverOptions(HttpServerOptions options) {
    return options.setMaxWebSocketMessageSize(MAX_MESSAGE_BYTES).setMaxWebSocketFrameSize(MAX_FRAME_BYTES)
        .setPerMessageWebSocketCompressionSupported(true);
  }

  @Override
  public void handle(RoutingContext ctx) {
    handle(ctx.request());
  }

  /** Authenticates and upgrades one request to {@value #PATH}. */
  public void handle(HttpServerRequest req) {
    String cluster = req.getParam("cluster");
    if (cluster == null || cluster.isBlank()) {
      reject(req, 400, "query parameter 'cluster' is required");
      return;
    }
    String auth = req.getHeader(HttpHeaders.AUTHORIZATION);
    String token = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).strip() : null;
    if (token == null) {
      reject(req, 401, "Authorization: Bearer <token> is required");
      return;
    }
    if (!verifier.verify(cluster, token)) {
      reject(req, 403, "the token is not valid for cluster '" + cluster + "'");
      return;
    }
    req.toWebSocket().onSuccess(ws -> attach(cluster, ws)).onFailure(e -> LOG.warning("agent upgrade for " + cluster + " failed: " + e.getMessage()));
  }

  private static void reject(HttpServerRequest req, int status, String message) {
    req.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(ApiCodec.toJson(Map.of("error", message)));
  }

  private void attach(String cluster, ServerWebSocket ws) {
    Connection conn = new Connection(cluster, ws);
    ws.textMessageHandler(text -> onText(conn, text));
    ws.binaryMessageHandler(buf -> close(conn, CLOSE_PROTOCOL, "binary frames are not part of the protocol"));
    ws.closeHandler(v -> onClosed(conn, ws.closeReason() == null ? "closed by agent" : ws.closeReason()));
    ws.exceptionHandler(e -> LOG.fine("agent connection " + cluster + ": " + e.getMessage()));
    // an agent that never says Hello is not tracked by the watchdog: give it one timeout to do so
    vertx.setTimer(heartbeatTimeout.toMillis(), id -> {
      if (conn.state == null && !ws.isClosed()) {
        ws.close(CLOSE_PROTOCOL, "no Hello within " + heartbeatTimeout.toMillis() + " ms");
      }
    });
  }

  private void onText(Connection conn, String text) {
    conn.lastSeenNanos = System.nanoTime();
    Message m;
    try {
      m = ApiCodec.decode(text);
    } catch (ProtocolException e) {
      close(conn, CLOSE_PROTOCOL, e.getMessage());
      return;
    }
    if (!conn.cluster.equals(m.cluster())) {
      close(conn, CLOSE_PROTOCOL, "message for cluster '" + m.cluster() + "' on the connection of '" + conn.cluster + "'");
      return;
    }
    ConnectionState state = conn.state;
    if (state == null) {
      if (!(m instanceof Hello hello)) {
        close(conn, CLOSE_PROTOCOL, "the first message must be Hello, got " + m.getClass().getSimpleName());
        return;
      }
      if (hello.protocol() != Hello.PROTOCOL) {
        close(conn, CLOSE_PROTOCOL, "protocol " + hello.protocol() + " is not supported; this control plane speaks " + Hello.PROTOCOL);
        return;
      }
      Instant now = Instant.now();
      conn.state = new ConnectionState(conn.cluster, hello, now, now, String.valueOf(conn.ws.remoteAddress()));
      Connection previous = connections.put(conn.cluster, conn);
      if (previous != null && previous != conn) {
        close(previous, CLOSE_REPLACED, "replaced by a newer connection");
        listener.onDisconnected(conn.cluster, "replaced by a newer connection");
      }
      listener.onConnected(conn.cluster, hello);
      return;
    }
    if (connections.get(conn.cluster) != conn) {
      return; // a replaced connection's late frames
    }
    conn.state = new ConnectionState(state.cluster(), state.hello(), state.connectedAt(), Instant.now(), state.remoteAddress());
    listener.onMessage(conn.cluster, m);
  }

  private void onClosed(Connection conn, String reason) {
    if (connections.remove(conn.cluster, conn)) {
      listener.onDisconnected(conn.cluster, reason);
    }
  }

  private void close(Connection conn, short code, String reason) {
    LOG.fine("closing agent connection " + conn.cluster + ": " + reason);
    if (connections.remove(conn.cluster, conn)) {
      listener.onDisconnected(conn.cluster, reason);
    }
    if (!conn.ws.isClosed()) {
      conn.ws.close(code, truncate(reason));
    }
  }

  /** Close reasons must fit a control frame (123 bytes). */
  static String truncate(String s) {
    return s.length() <= 120 ? s : s.substring(0, 117) + "...";
  }

  private void closeSilent() {
    long limit = heartbeatTimeout.toNanos();
    long now = System.nanoTime();
    for (Connection c : connections.values()) {
      if (now - c.lastSeenNanos > limit) {
        close(c, CLOSE_TIMEOUT, "no message for " + heartbeatTimeout.toMillis() + " ms");
      }
    }
  }

  /** Sends a message to a cluster's agent; false when the cluster has no connection now. */
  public boolean send(String cluster, Message message) {
    Connection c = connections.get(cluster);
    if (c == null || c.ws.isClosed()) {
      return false;
    }
    c.ws.writeTextMessage(ApiCodec.encode(message));
    return true;
  }

  public boolean isConnected(String cluster) {
    return connections.containsKey(cluster);
  }

  /** The clusters connected now and their state. */
  public Map<String, ConnectionState> connections() {
    Map<String, ConnectionState> out = new java.util.TreeMap<>();
    connections.forEach((k, v) -> out.put(k, v.state));
    return out;
  }

  /** Closes a cluster's connection (the agent reconnects with backoff). */
  public void disconnect(String cluster, String reason) {
    Connection c = connections.get(cluster);
    if (c != null) {
      close(c, (short) 1001, reason);
    }
  }

  @Override
  public void close() {
    vertx.cancelTimer(watchdog);
    for (Connection c : connections.values()) {
      close(c, (short) 1001, "control plane shutting down");
    }
  }
}
