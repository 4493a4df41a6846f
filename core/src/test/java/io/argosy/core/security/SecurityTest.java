package io.argosy.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.argosy.core.json.Json;
import io.argosy.core.server.ArgosyServer;
import io.argosy.core.testing.Cli;
import io.argosy.core.testing.Eventually;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens and roles against a real server (real HTTP): who may do what, what each sees, the agent
 * endpoint's per-cluster tokens, the audit log, and that no token reaches a log or the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityTest {
  static final String ADMIN = Tokens.generate();
  static final String SUBMITTER = Tokens.generate();
  static final String VIEWER = Tokens.generate();
  static final String AGENT = Tokens.generate();
  static final String WRONG = Tokens.generate();
  static final Duration LIMIT = Duration.ofSeconds(30);

  Path dir;
  ArgosyServer server;
  final List<LogRecord> logs = Collections.synchronizedList(new ArrayList<>());
  final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord r) {
      logs.add(r);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  final Map<String, Level> savedLevels = new java.util.HashMap<>();
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    dir = tmp;
    for (String name : List.of("", "io.argosy", "io.vertx", "io.netty")) {
      Logger l = Logger.getLogger(name);
      savedLevels.put(name, l.getLevel());
      l.setLevel(Level.ALL);
    }
    Logger.getLogger("").addHandler(capture);
    Path tokens = dir.resolve("tokens.yaml");
    Files.writeString(tokens, "tokens:\n"
        + TokensFile.entryYaml(new TokenEntry("ops", Role.ADMIN, List.of(), null, Tokens.sha256Hex(ADMIN)))
        + TokensFile.entryYaml(new TokenEntry("team-a-ci", Role.SUBMITTER, List.of("team-a"), null, Tokens.sha256Hex(SUBMITTER)))
        + TokensFile.entryYaml(new TokenEntry("dashboards", Role.VIEWER, List.of(), null, Tokens.sha256Hex(VIEWER)))
        + TokensFile.entryYaml(new TokenEntry("agent-gpu-a", Role.AGENT, List.of(), "gpu-a", Tokens.sha256Hex(AGENT))));
    server = ArgosyServer.start(ArgosyServer.Config.defaults(dir.resolve("data")).withPort(0)
        .withSecurity(new SecurityConfig(new Authenticator(TokensFile.read(tokens)), RateLimiter.Limit.OFF, null)));
    for (String q : List.of("team-a", "team-b")) {
      assertThat(call(ADMIN, "PUT", "/v1/queues/" + q, "{\"weight\": 1}").statusCode()).isEqualTo(200);
    }
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    Logger.getLogger("").removeHandler(capture);
    savedLevels.forEach((n, l) -> Logger.getLogger(n).setLevel(l));
  }

  static String job(String name, String queue) {
    return """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: %s
          labels: {kueue.x-k8s.io/queue-name: %s}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers: [{name: c, image: busybox, resources: {requests: {cpu: "1"}}}]
        """.formatted(name, queue);
  }

  HttpResponse<String> call(String token, String method, String path, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", body.startsWith("{") ? "application/json" : "application/yaml");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  static JsonNode json(HttpResponse<String> r) {
    try {
      return Json.mapper().readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + r.body(), e);
    }
  }

  @Test
  void withoutAValidTokenOnlyHealthAndMetricsAnswer() {
    HttpResponse<String> none = call(null, "GET", "/v1/jobs", null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(json(none).path("field").asText()).isEqualTo("Authorization");
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    HttpResponse<String> wrong = call(WRONG, "POST", "/v1/jobs", job("x", "team-a"));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).doesNotContain(WRONG);
    assertThat(call(null, "GET", "/healthz", null).statusCode()).isEqualTo(200);
    assertThat(call(null, "GET", "/metrics", null).statusCode()).isEqualTo(200);
  }

  @Test
  void submittersWorkOnlyInTheirQueues() {
    HttpResponse<String> own = call(SUBMITTER, "POST", "/v1/jobs", job("sub-a", "team-a"));
    assertThat(own.statusCode()).as(own.body()).isEqualTo(201);
    HttpResponse<String> other = call(SUBMITTER, "POST", "/v1/jobs", job("sub-b", "team-b"));
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(json(other).path("field").asText()).contains("queue");
    assertThat(json(other).path("error").asText()).contains("team-b");
    HttpResponse<String> queue = call(SUBMITTER, "POST", "/v1/jobs", """
        apiVersion: scheduling.volcano.sh/v1beta1
        kind: Queue
        metadata: {name: mine}
        spec: {weight: 1}
        """);
    assertThat(queue.statusCode()).isEqualTo(403);
    assertThat(json(queue).path("field").asText()).isEqualTo("kind");
    assertThat(call(SUBMITTER, "PUT", "/v1/queues/team-a", "{\"weight\": 5}").statusCode()).isEqualTo(403);
    assertThat(call(ADMIN, "POST", "/v1/jobs", job("admin-b", "team-b")).statusCode()).isEqualTo(201);

    List<String> seen = names(call(SUBMITTER, "GET", "/v1/jobs", null));
    assertThat(seen).contains("sub-a").doesNotContain("admin-b");
    assertThat(call(SUBMITTER, "GET", "/v1/jobs/default/admin-b", null).statusCode()).isEqualTo(404);
    assertThat(call(SUBMITTER, "POST", "/v1/jobs/default/admin-b/cancel", "{}").statusCode()).isEqualTo(404);
    assertThat(call(SUBMITTER, "DELETE", "/v1/jobs/default/admin-b", null).statusCode()).isEqualTo(404);
    assertThat(call(ADMIN, "GET", "/v1/jobs/default/admin-b", null).statusCode()).as("still there").isEqualTo(200);
    HttpResponse<String> cancel = call(SUBMITTER, "POST", "/v1/jobs/default/sub-a/cancel", "{}");
    assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
  }

  @Test
  void viewersReadEverythingAndChangeNothing() {
    assertThat(call(ADMIN, "POST", "/v1/jobs", job("view-me", "team-b")).statusCode()).isEqualTo(201);
    assertThat(names(call(VIEWER, "GET", "/v1/jobs", null))).contains("view-me");
    assertThat(call(VIEWER, "GET", "/v1/capacity", null).statusCode()).isEqualTo(200);
    HttpResponse<String> submit = call(VIEWER, "POST", "/v1/jobs", job("viewer-job", "team-a"));
    assertThat(submit.statusCode()).isEqualTo(403);
    assertThat(json(submit).path("error").asText()).contains("viewer");
    assertThat(call(VIEWER, "POST", "/v1/jobs/default/view-me/cancel", "{}").statusCode()).isEqualTo(403);
    assertThat(call(VIEWER, "GET", "/v1/audit", null).statusCode()).isEqualTo(403);
    assertThat(call(ADMIN, "GET", "/v1/jobs/default/view-me", null).body()).contains("\"Pending\"");
  }

  @Test
  void agentTokensOpenOnlyTheirClustersAgentEndpoint() {
    assertThat(call(AGENT, "GET", "/v1/jobs", null).statusCode()).isEqualTo(403);
    assertThat(upgrade("gpu-b", AGENT)).isEqualTo(403);
    assertThat(upgrade("gpu-a", ADMIN)).as("an admin token is not an agent token").isEqualTo(403);
    assertThat(upgrade("gpu-a", null)).isEqualTo(401);
    assertThat(upgrade("gpu-a", AGENT)).isEqualTo(101);
  }

  /** The status of a WebSocket upgrade to the agent endpoint (101 when it opened). */
  int upgrade(String cluster, String token) {
    WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    URI uri = URI.create(server.url().replaceFirst("^http", "ws") + "/v1/agents/connect?cluster=" + cluster);
    try {
      WebSocket ws = b.buildAsync(uri, new WebSocket.Listener() {}).get(10, TimeUnit.SECONDS);
      ws.abort();
      return 101;
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException h) {
        return h.getResponse().statusCode();
      }
      throw new AssertionError(e);
    } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void everyMutatingCallIsAuditedWithWhoWhatAndTheAnswer() {
    assertThat(call(SUBMITTER, "POST", "/v1/jobs", job("audited", "team-a")).statusCode()).isEqualTo(201);
    assertThat(call(SUBMITTER, "POST", "/v1/jobs", job("refused", "team-b")).statusCode()).isEqualTo(403);
    assertThat(call(null, "DELETE", "/v1/queues/team-a", null).statusCode()).isEqualTo(401);
    assertThat(call(ADMIN, "POST", "/v1/jobs/default/audited/cancel", "{}").statusCode()).isEqualTo(200);
    JsonNode all = Eventually.await("audit entries", LIMIT, () -> json(call(ADMIN, "GET", "/v1/audit?limit=1000", null)),
        j -> entries(j).stream().anyMatch(e -> e.path("path").asText().equals("/v1/jobs/default/audited/cancel")));
    List<JsonNode> es = entries(all);
    assertThat(es).anySatisfy(e -> {
      assertThat(e.path("who").asText()).isEqualTo("team-a-ci");
      assertThat(e.path("role").asText()).isEqualTo("submitter");
      assertThat(e.path("method").asText()).isEqualTo("POST");
      assertThat(e.path("status").asInt()).isEqualTo(201);
      assertThat(e.path("objects").toString()).contains("Job default/audited");
      assertThat(e.path("at").asText()).isNotEmpty();
    });
    assertThat(es).anySatisfy(e -> {
      assertThat(e.path("who").asText()).isEqualTo("team-a-ci");
      assertThat(e.path("status").asInt()).isEqualTo(403);
    });
    assertThat(es).anySatisfy(e -> {
      assertThat(e.path("who").asText()).isEqualTo("-");
      assertThat(e.path("method").asText()).isEqualTo("DELETE");
      assertThat(e.path("status").asInt()).isEqualTo(401);
    });
    assertThat(es).anySatisfy(e -> {
      assertThat(e.path("who").asText()).isEqualTo("ops");
      assertThat(e.path("objects").toString()).contains("default/audited");
      assertThat(e.path("status").asInt()).isEqualTo(200);
    });
    assertThat(es).noneMatch(e -> e.path("method").asText().equals("GET"));
    List<JsonNode> mine = entries(json(call(ADMIN, "GET", "/v1/audit?who=team-a-ci", null)));
    assertThat(mine).isNotEmpty().allMatch(e -> e.path("who").asText().equals("team-a-ci"));
    assertThat(call(ADMIN, "GET", "/v1/audit?limit=0", null).statusCode()).isEqualTo(400);
  }

  @Test
  void tokensReachNeitherLogsNorTheStore() throws Exception {
    call(WRONG, "POST", "/v1/jobs", job("leak", "team-a"));
    call(SUBMITTER, "POST", "/v1/jobs", job("leak", "team-a"));
    call(SUBMITTER, "POST", "/v1/jobs", "{\"not\": \"a job\"}");
    call(AGENT, "PUT", "/v1/policy", "{}");
    upgrade("gpu-b", AGENT);
    Eventually.await("audit written", LIMIT, () -> entries(json(call(ADMIN, "GET", "/v1/audit?who=agent-gpu-a", null))),
        l -> !l.isEmpty());
    assertThat(logs).as("something was logged at all").isNotEmpty();
    for (LogRecord r : List.copyOf(logs)) {
      String text = r.getMessage() + " " + java.util.Arrays.toString(r.getParameters())
          + (r.getThrown() == null ? "" : " " + r.getThrown());
      for (String t : List.of(ADMIN, SUBMITTER, VIEWER, AGENT, WRONG)) {
        assertThat(text).as("log record of %s", r.getLoggerName()).doesNotContain(t);
      }
    }
    try (var files = Files.walk(dir.resolve("data"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        for (String t : List.of(ADMIN, SUBMITTER, VIEWER, AGENT, WRONG)) {
          assertThat(bytes).as("store file %s", f.getFileName()).doesNotContain(t);
        }
      }
    }
  }

  static List<JsonNode> entries(JsonNode j) {
    return StreamSupport.stream(j.path("items").spliterator(), false).toList();
  }

  static List<String> names(HttpResponse<String> r) {
    assertThat(r.statusCode()).isEqualTo(200);
    return entries(json(r)).stream().map(e -> e.path("name").asText()).toList();
  }

  /** An open server (no tokens file) with a rate limit per client address, and the CLI's audit verb. */
  @Test
  void openServerRateLimitsAnswer429WithRetryAfter(@TempDir Path other) throws Exception {
    try (ArgosyServer open = ArgosyServer.start(ArgosyServer.Config.defaults(other).withPort(0)
        .withSecurity(new SecurityConfig(null, new RateLimiter.Limit(1, 3), null)))) {
      assertThat(open.securitySummary()).contains("OPEN API").contains("1.0 requests/s");
      assertThat(server.securitySummary()).contains("4 token(s)").doesNotContain(ADMIN);
      HttpClient c = HttpClient.newHttpClient();
      assertThat(c.send(HttpRequest.newBuilder(URI.create(open.url() + "/v1/queues/q")).header("Content-Type",
          "application/json").PUT(HttpRequest.BodyPublishers.ofString("{}")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      Cli.Run audit = Cli.run("audit", "--server", open.url(), "-o", "json");
      assertThat(audit.exit()).as(audit.err()).isZero();
      assertThat(audit.out()).contains("\"who\" : \"anonymous\"").contains("/v1/queues/q");
      HttpResponse<String> limited = null;
      for (int i = 0; i < 20 && limited == null; i++) {
        HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(open.url() + "/v1/jobs")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 429) {
          limited = r;
        }
      }
      assertThat(limited).as("a 429 within 20 quick requests at 1/s, burst 3").isNotNull();
      assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
      assertThat(json(limited).path("status").asInt()).isEqualTo(429);
      assertThat(json(limited).path("error").asText()).contains("rate limit");
      assertThat(c.send(HttpRequest.newBuilder(URI.create(open.url() + "/healthz")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).as("health is never limited").isEqualTo(200);
    }
  }

  @Test
  void cliTokenCreatePrintsATokenAndAnEntryTheServerAccepts() {
    Cli.Run r = Cli.run("token", "create", "--name", "team-b-ci", "--role", "submitter", "--queue", "team-b");
    assertThat(r.exit()).as(r.err()).isZero();
    String token = r.out().lines().filter(l -> l.startsWith("token: ")).findFirst().orElseThrow().substring(7);
    String entries = r.out().lines().filter(l -> l.startsWith("  ")).reduce("tokens:", (a, b) -> a + "\n" + b);
    List<TokenEntry> parsed = TokensFile.parse(entries);
    assertThat(parsed).singleElement().satisfies(e -> {
      assertThat(e.sha256()).isEqualTo(Tokens.sha256Hex(token));
      assertThat(e.queues()).containsExactly("team-b");
    });
    assertThat(entries).doesNotContain(token);
    Cli.Run bad = Cli.run("token", "create", "--name", "x", "--role", "agent");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("cluster");
    assertThatThrownBy(() -> TokensFile.parse("tokens: [{name: x, role: agent, sha256: 00}]")).hasMessageContaining("sha256");
  }
}
