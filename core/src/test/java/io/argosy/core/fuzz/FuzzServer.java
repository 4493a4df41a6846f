package io.argosy.core.fuzz;

import io.argosy.core.server.ArgosyServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** A control plane without member clusters for fuzzing the API, and a client with a deadline per request. */
final class FuzzServer implements AutoCloseable {
  /** An answer, or status -1 when none came within the deadline (or the connection broke). */
  record Answer(int status, String body) {}

  private final ArgosyServer server;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  FuzzServer(Path data) throws InterruptedException {
    this.server = ArgosyServer.start(ArgosyServer.Config.defaults(data).withPort(0)
        .withSync(io.argosy.core.store.sqlite.SqliteStore.Sync.NORMAL));
  }

  String url() {
    return server.url();
  }

  Answer send(String method, String path, String contentType, String body, Duration deadline) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(deadline)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body());
    } catch (IOException e) {
      return new Answer(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  Answer submit(String body, Duration deadline) {
    String type = body.stripLeading().startsWith("{") || body.stripLeading().startsWith("[") ? "application/json"
        : "application/yaml";
    return send("POST", "/v1/jobs", type, body, deadline);
  }

  @Override
  public void close() {
    server.close();
  }
}
