package io.argosy.core.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import io.argosy.core.json.Json;
import io.argosy.core.view.ApiError;
import io.argosy.core.view.CapacityReport;
import io.argosy.core.view.ClusterView;
import io.argosy.core.view.JobView;
import io.argosy.core.view.QueueInfo;
import io.argosy.core.view.SubmitResult;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The REST API from another process, on the JDK's {@link HttpClient} (the CLI carries no Vert.x).
 * 4xx/5xx answers become {@link ApiException} with the server's JSON error; an unreachable server
 * becomes {@link UnreachableException}.
 */
public final class ArgosyClient {
  /** The server answered with an error. */
  public static final class ApiException extends RuntimeException {
    private final ApiError error;

    public ApiException(ApiError error) {
      super(error.error());
      this.error = error;
    }

    public ApiError error() {
      return error;
    }

    public int status() {
      return error.status();
    }
  }

  /** No server answered at the URL. */
  public static final class UnreachableException extends RuntimeException {
    public UnreachableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A list answer: {@code {"items": [...]}}. */
  public record Items<T>(List<T> items) {}

  private final URI base;
  private final String token;
  private final HttpClient http;

  public ArgosyClient(String server, String token) {
    this(server, token, null);
  }

  /** @param tls for https with a private CA: an SSLContext trusting it (null: the JDK's CAs) */
  public ArgosyClient(String server, String token, javax.net.ssl.SSLContext tls) {
    String s = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
    this.base = URI.create(s);
    this.token = token == null || token.isBlank() ? null : token.strip();
    HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5));
    if (tls != null) {
      b.sslContext(tls);
    }
    this.http = b.build();
  }

  public URI base() {
    return base;
  }

  // ------------------------------------------------------------------ jobs

  public SubmitResult submit(String manifests) {
    return send("POST", "/v1/jobs", manifests, "application/yaml", SubmitResult.class);
  }

  public List<JobView> jobs(Map<String, String> filters) {
    return items("/v1/jobs" + query(filters), JobView.class);
  }

  public JobView job(String namespace, String name) {
    return send("GET", "/v1/jobs/" + enc(namespace) + "/" + enc(name), null, null, JobView.class);
  }

  public JobView deleteJob(String namespace, String name) {
    return send("DELETE", "/v1/jobs/" + enc(namespace) + "/" + enc(name), null, null, JobView.class);
  }

  public JobView cancelJob(String namespace, String name) {
    return send("POST", "/v1/jobs/" + enc(namespace) + "/" + enc(name) + "/cancel", "", "application/json", JobView.class);
  }

  // ------------------------------------------------------------------ queues, clusters, capacity

  public List<QueueInfo> queues() {
    return items("/v1/queues", QueueInfo.class);
  }

  public QueueInfo queue(String name) {
    return send("GET", "/v1/queues/" + enc(name), null, null, QueueInfo.class);
  }

  /** {@code PATCH /v1/queues/NAME/quota}: body {@code {capability: {k: quantity}, ..., remove: {capability: [k]}}}. */
  public QueueInfo patchQuota(String queue, Map<String, Object> body) {
    return send("PATCH", "/v1/queues/" + enc(queue) + "/quota", Json.write(body), "application/json", QueueInfo.class);
  }

  /** The quota audit log, newest first: of one queue, or of every queue when {@code queue} is null. */
  public List<io.argosy.core.view.QuotaChange> quotaHistory(String queue, int limit) {
    String path = queue == null ? "/v1/quota/history" : "/v1/queues/" + enc(queue) + "/quota/history";
    return items(path + "?limit=" + limit, io.argosy.core.view.QuotaChange.class);
  }

  public List<ClusterView> clusters() {
    return items("/v1/clusters", ClusterView.class);
  }

  public ClusterView cordon(String cluster, boolean on) {
    return send("POST", "/v1/clusters/" + enc(cluster) + (on ? "/cordon" : "/uncordon"), "", "application/json",
        ClusterView.class);
  }

  public ClusterView taints(String cluster, List<String> taints) {
    return send("PUT", "/v1/clusters/" + enc(cluster) + "/taints", Json.write(Map.of("taints", taints)), "application/json",
        ClusterView.class);
  }

  public CapacityReport capacity() {
    return send("GET", "/v1/capacity", null, null, CapacityReport.class);
  }

  /** {@code GET /v1/audit}: the last {@code limit} entries, optionally of one caller, oldest first (admin only). */
  public List<io.argosy.core.view.AuditView> audit(String who, int limit) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("who", who);
    q.put("limit", Integer.toString(limit));
    return items("/v1/audit" + query(q), io.argosy.core.view.AuditView.class);
  }

  /** The raw JSON of any GET endpoint (policy, priority classes). */
  public String getRaw(String path) {
    return send("GET", path, null, null, String.class);
  }

  /** A PUT of a JSON document, answered as raw JSON. */
  public String putRaw(String path, Object body) {
    return send("PUT", path, Json.write(body), "application/json", String.class);
  }

  // ------------------------------------------------------------------ plumbing

  private <T> List<T> items(String path, Class<T> type) {
    JavaType t = Json.mapper().getTypeFactory().constructParametricType(Items.class, type);
    String body = send("GET", path, null, null, String.class);
    try {
      Items<T> items = Json.mapper().readValue(body, t);
      return items.items() == null ? List.of() : items.items();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unexpected answer from " + path + ": " + e.getOriginalMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private <T> T send(String method, String path, String body, String contentType, Class<T> type) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException e) {
      throw new UnreachableException("cannot reach the Argosy server at " + base
          + " (connection refused); start one with './argosy server' or './argosy demo --keep', or pass --server", e);
    } catch (HttpTimeoutException e) {
      throw new UnreachableException("the Argosy server at " + base + " did not answer in time", e);
    } catch (javax.net.ssl.SSLException e) {
      throw new UnreachableException("TLS with " + base + " failed: " + e.getMessage()
          + " (for a private CA or a self-signed certificate pass --ca-cert FILE or set ARGOSY_CA_CERT)", e);
    } catch (IOException e) {
      throw new UnreachableException("cannot reach the Argosy server at " + base + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnreachableException("interrupted", e);
    }
    if (r.statusCode() >= 400) {
      ApiError err;
      try {
        err = Json.read(r.body(), ApiError.class);
      } catch (IllegalArgumentException e) {
        err = ApiError.of(r.statusCode(), "HTTP " + r.statusCode() + ": " + r.body());
      }
      if (err.error() == null) {
        err = ApiError.of(r.statusCode(), "HTTP " + r.statusCode() + ": " + r.body());
      }
      throw new ApiException(err);
    }
    if (type == String.class) {
      return (T) r.body();
    }
    return Json.read(r.body(), type);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String query(Map<String, String> params) {
    Map<String, String> p = new LinkedHashMap<>();
    params.forEach((k, v) -> {
      if (v != null && !v.isEmpty()) {
        p.put(k, v);
      }
    });
    if (p.isEmpty()) {
      return "";
    }
    StringJoiner j = new StringJoiner("&", "?", "");
    p.forEach((k, v) -> j.add(enc(k) + "=" + enc(v)));
    return j.toString();
  }
}
