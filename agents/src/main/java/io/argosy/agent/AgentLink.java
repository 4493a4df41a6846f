package io.argosy.agent;

import io.argosy.api.ApiCodec;
import io.argosy.api.Message;
import io.argosy.api.ProtocolException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The agent's WebSocket to the control plane: connects with the bearer token, reconnects with
 * {@link Backoff} whenever the connection fails or closes, and hands decoded frames to a consumer.
 * Callbacks run on a Vert.x event loop; the agent moves them to its own thread.
 */
final class AgentLink {
  private static final Logger LOG = Logger.getLogger(AgentLink.class.getName());

  interface Events {
    void opened();

    void received(Message m);

    void closed(String reason);
  }

  private final Vertx vertx;
  private final WebSocketClient client;
  private final WebSocketConnectOptions connect;
  private final Backoff backoff;
  private final Events events;
  private final String cluster;
  private volatile WebSocket ws;
  private volatile boolean closed;

  /** Which certificates an https server may present: a PEM bundle (null: the JDK's CAs), and whether its host name is checked. */
  record Trust(java.nio.file.Path pem, boolean verifyHost) {
    static final Trust SYSTEM = new Trust(null, true);
  }

  AgentLink(Vertx vertx, URI server, String token, Trust trust, String cluster, Backoff backoff, Events events) {
    this.vertx = vertx;
    this.cluster = cluster;
    this.backoff = backoff;
    this.events = events;
    WebSocketClientOptions options = new WebSocketClientOptions()
        .setMaxFrameSize(1024 * 1024)
        .setMaxMessageSize(64 * 1024 * 1024)
        .setConnectTimeout(5_000)
        .setTryUsePerMessageCompression(true);
    if ("https".equalsIgnoreCase(server.getScheme())) {
      options.setSsl(true).setVerifyHost(trust.verifyHost());
      if (trust.pem() != null) {
        options.setTrustOptions(new io.vertx.core.net.PemTrustOptions().addCertPath(trust.pem().toString()));
      }
    }
    this.client = vertx.createWebSocketClient(options);
    String base = server.toString().replaceFirst("/+$", "");
    String wsUri = base.replaceFirst("^http", "ws") + "/v1/agents/connect?cluster=" + URLEncoder.encode(cluster, StandardCharsets.UTF_8);
    this.connect = new WebSocketConnectOptions().setAbsoluteURI(wsUri)
        .addHeader(HttpHeaders.AUTHORIZATION.toString(), "Bearer " + token);
  }

  void start() {
    connectNow();
  }

  private void connectNow() {
    if (closed) {
      return;
    }
    client.connect(connect).onSuccess(socket -> {
      if (closed) {
        socket.close();
        return;
      }
      ws = socket;
      backoff.reset();
      socket.textMessageHandler(text -> {
        try {
          events.received(ApiCodec.decode(text));
        } catch (ProtocolException e) {
          LOG.warning(cluster + ": ignoring a frame from the control plane: " + e.getMessage());
        }
      });
      socket.exceptionHandler(e -> LOG.fine(cluster + ": connection error: " + e.getMessage()));
      socket.closeHandler(v -> {
        ws = null;
        events.closed(socket.closeReason() == null ? "closed" : socket.closeReason());
        retryLater();
      });
      events.opened();
    }).onFailure(e -> {
      LOG.fine(cluster + ": cannot connect to the control plane: " + e.getMessage());
      retryLater();
    });
  }

  private void retryLater() {
    if (!closed) {
      vertx.setTimer(backoff.nextDelayMillis(), id -> connectNow());
    }
  }

  boolean connected() {
    WebSocket s = ws;
    return s != null && !s.isClosed();
  }

  /** Writes one message; false when not connected (the snapshot after reconnecting covers it). */
  boolean send(Message m) {
    WebSocket s = ws;
    if (s == null || s.isClosed()) {
      return false;
    }
    s.writeTextMessage(ApiCodec.encode(m));
    return true;
  }

  void close() {
    closed = true;
    WebSocket s = ws;
    if (s != null) {
      s.close();
    }
    client.close();
  }
}
