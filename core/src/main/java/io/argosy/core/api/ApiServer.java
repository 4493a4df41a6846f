package io.argosy.core.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.argosy.agent.gateway.AgentGateway;
import io.argosy.core.control.ConflictException;
import io.argosy.core.control.ControlLoop;
import io.argosy.core.control.JobDirectory;
import io.argosy.core.control.NotFoundException;
import io.argosy.core.control.QuotaAudit;
import io.argosy.core.control.ReadModel;
import io.argosy.core.control.SchedulingPolicy;
import io.argosy.core.json.Json;
import io.argosy.core.metrics.Metrics;
import io.argosy.core.submit.Submissions;
import io.argosy.core.ui.CapacityPage;
import io.argosy.core.view.ApiError;
import io.argosy.core.view.ClusterView;
import io.argosy.core.view.JobView;
import io.argosy.core.view.QueueInfo;
import io.argosy.core.view.AuditView;
import io.argosy.core.view.SubmitResult;
import io.argosy.core.security.Access;
import io.argosy.core.security.Principal;
import io.argosy.core.security.RateLimiter;
import io.argosy.core.security.SecurityConfig;
import io.argosy.core.store.AuditEntry;
import io.argosy.core.store.Store;
import io.argosy.core.store.StoreOp;
import java.time.Instant;
import io.argosy.gpu.InvalidSpecException;
import io.argosy.gpu.Quantities;
import io.argosy.queue.QueueSpec;
import io.argosy.queue.admin.QuotaKind;
import io.argosy.queue.job.JobId;
import io.argosy.queue.priority.PriorityClassSpec;
import io.argosy.queue.priority.PriorityClasses;
import io.argosy.queue.quota.QueueQuota;
import io.argosy.queue.quota.ResourceKeys;
import io.argosy.queue.quota.ResourceVector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The REST API under {@code /v1} (JSON; submissions also YAML), the agent endpoint, health and
 * metrics, on Vert.x. Event loops never block: submissions are parsed on workers, admin changes
 * run on the scheduler thread and answer once durable, and reads answer from the published read
 * model and job directory. Every 4xx/5xx has a JSON {@link ApiError} body. core/README.md lists
 * the endpoints.
 */
public final class ApiServer {
  /** Largest request body accepted (a big multi-document file of jobs fits with room to spare). */
  public static final long MAX_BODY_BYTES = 4L * 1024 * 1024;
  /** Most audit entries one {@code GET /v1/audit} returns. */
  public static final int MAX_AUDIT_PAGE = 10_000;

  /**
   * Submissions accepted for processing at once. At 1,000/s and tens of milliseconds each, a few
   * dozen are in flight; hundreds mean the server is falling behind, and queueing more would only
   * make every answer late (and memory grow) until it collapses. Past this, a submission is
   * refused at once with 503 and {@code Retry-After}, before anything of it is stored.
   */
  public static final int MAX_SUBMITS_IN_FLIGHT = Integer.getInteger("argosy.maxSubmitsInFlight", 256);
  private static final Logger LOG = Logger.getLogger(ApiServer.class.getName());
  private static final Set<String> SUBMIT_TYPES = Set.of("application/json", "application/yaml", "application/x-yaml",
      "text/yaml", "text/x-yaml", "text/plain", "application/octet-stream");

  private final Vertx vertx;
  private final ControlLoop loop;
  private final JobDirectory directory;
  private final Submissions submissions;
  private final Metrics metrics;
  private final AgentGateway gateway;
  private final Store store;
  private final SecurityConfig security;
  private final RateLimiter limiter;
  private final Supplier<Boolean> serving;
  /** Submissions being parsed or waiting for their commit: past {@link #MAX_SUBMITS_IN_FLIGHT}, new ones get 503. */
  private final java.util.concurrent.atomic.AtomicInteger submitting = new java.util.concurrent.atomic.AtomicInteger();

  /**
   * @param store where the audit log is written and read
   * @param security tokens (or an open API: the default server listens on loopback only), rate limits
   * @param serving whether the HTTP side is up (for {@code /readyz})
   */
  public ApiServer(Vertx vertx, ControlLoop loop, JobDirectory directory, Submissions submissions, Metrics metrics,
      AgentGateway gateway, Store store, SecurityConfig security, Supplier<Boolean> serving) {
    this.vertx = vertx;
    this.loop = loop;
    this.directory = directory;
    this.submissions = submissions;
    this.metrics = metrics;
    this.gateway = gateway;
    this.store = store;
    this.security = security;
    this.limiter = new RateLimiter(security.rateLimit());
    this.serving = serving;
  }

  public Router router() {
    Router r = Router.router(vertx);
    r.route(AgentGateway.PATH).handler(gateway);
    r.get("/healthz").handler(ctx -> json(ctx, 200, Map.of("status", "ok")));
    r.get("/readyz").handler(this::readyz);
    r.get("/metrics").handler(ctx -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4")
        .end(metrics.scrape()));
    // the page holds no data (it fetches /v1/capacity with the caller's token), so it needs none
    r.get(CapacityPage.PATH).handler(ctx -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-cache").end(CapacityPage.live()));
    r.route("/v1/*").handler(this::authenticate);
    r.route("/v1/*").handler(this::rateLimit);
    r.route("/v1/*").handler(this::authorize);
    r.route("/v1/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES).setHandleFileUploads(false));

    r.post("/v1/jobs").handler(this::submit);
    r.post("/v1/manifests").handler(this::submit);
    r.get("/v1/jobs").handler(this::listJobs);
    r.get("/v1/jobs/:namespace/:name").handler(this::getJob);
    r.delete("/v1/jobs/:namespace/:name").handler(ctx -> {
      if (mayChangeJob(ctx)) {
        admin(ctx, 200, a -> a.delete(jobId(ctx)));
      }
    });
    r.post("/v1/jobs/:namespace/:name/cancel").handler(ctx -> {
      if (mayChangeJob(ctx)) {
        admin(ctx, 200, a -> a.cancel(jobId(ctx)));
      }
    });

    r.get("/v1/queues").handler(ctx -> json(ctx, 200, items(loop.readModel().queues())));
    r.get("/v1/queues/:name").handler(ctx -> json(ctx, 200, queue(ctx.pathParam("name"))));
    r.get("/v1/queues/:name/quota").handler(ctx -> json(ctx, 200, queue(ctx.pathParam("name"))));
    r.put("/v1/queues/:name").handler(this::putQueue);
    r.delete("/v1/queues/:name").handler(ctx -> admin(ctx, 200, a -> {
      a.deleteQueue(ctx.pathParam("name"), Principals.who(ctx));
      return Map.of("deleted", ctx.pathParam("name"));
    }));
    r.patch("/v1/queues/:name/quota").handler(this::patchQuota);
    r.get("/v1/queues/:name/quota/history").handler(ctx -> quotaHistory(ctx, ctx.pathParam("name")));
    r.get("/v1/quota/history").handler(ctx -> quotaHistory(ctx, null));

    r.get("/v1/priorityclasses").handler(ctx -> json(ctx, 200, items(loop.readModel().priorityClasses())));
    r.put("/v1/priorityclasses/:name").handler(this::putPriorityClass);
    r.delete("/v1/priorityclasses/:name").handler(ctx -> admin(ctx, 200, a -> {
      if (!a.deletePriorityClass(ctx.pathParam("name"))) {
        throw new NotFoundException("priority class " + ctx.pathParam("name") + " does not exist");
      }
      return Map.of("deleted", ctx.pathParam("name"));
    }));

    r.get("/v1/policy").handler(ctx -> json(ctx, 200, loop.readModel().policy()));
    r.put("/v1/policy").handler(this::putPolicy);

    r.get("/v1/clusters").handler(ctx -> json(ctx, 200, items(loop.readModel().clusters())));
    r.get("/v1/clusters/:name").handler(ctx -> json(ctx, 200, cluster(ctx.pathParam("name"))));
    r.post("/v1/clusters/:name/cordon").handler(ctx -> admin(ctx, 200, a -> a.cordon(ctx.pathParam("name"), true)));
    r.post("/v1/clusters/:name/uncordon").handler(ctx -> admin(ctx, 200, a -> a.cordon(ctx.pathParam("name"), false)));
    r.put("/v1/clusters/:name/taints").handler(this::putTaints);

    r.get("/v1/capacity").handler(ctx -> read(ctx, ControlLoop.Admin::capacity));
    r.get("/v1/audit").handler(this::audit);

    r.post("/v1/services").handler(this::submitServices);
    r.get("/v1/services").handler(ctx -> json(ctx, 200, items(services == null ? List.of() : services.services())));
    r.get("/v1/fhpas").handler(ctx -> json(ctx, 200, items(services == null ? List.of() : services.fhpas())));
    r.get("/v1/fhpas/:namespace/:name").handler(this::getFhpa);
    r.delete("/v1/fhpas/:namespace/:name").handler(this::deleteFhpa);
    r.get("/v1/cronfhpas").handler(ctx -> json(ctx, 200, services == null ? Map.of() : services.cronHistories()));

    r.route().last().handler(ctx -> error(ctx, ApiError.of(404, "no such endpoint: " + ctx.request().method() + " "
        + ctx.request().path())));
    r.route().failureHandler(this::failure);
    return r;
  }

  // ------------------------------------------------------------------ jobs

  private void submit(RoutingContext ctx) {
    long arrived = System.nanoTime();
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (type != null && !SUBMIT_TYPES.contains(type.split(";")[0].strip().toLowerCase(Locale.ROOT))) {
      error(ctx, ApiError.field(415, "Content-Type", "send application/yaml or application/json, not " + type));
      return;
    }
    String body = ctx.body().asString();
    if (body == null || body.isBlank()) {
      error(ctx, ApiError.of(400, "the request body is empty: send one or more YAML or JSON documents"));
      return;
    }
    Principal who = principal(ctx);
    if (services != null && io.argosy.core.service.ServiceController.isServiceRequest(body)) {
      if (!who.isAdmin()) {
        // services are not queued work: a queue submitter cannot place them
        error(ctx, ApiError.of(403, who.name() + " (" + who.role() + ") may not submit Deployments or autoscalers"));
        return;
      }
      submitServices(ctx); // Deployments and autoscalers: the service controller's
      return;
    }
    if (submitting.incrementAndGet() > MAX_SUBMITS_IN_FLIGHT) {
      submitting.decrementAndGet();
      metrics.submission("shed");
      ctx.response().putHeader("Retry-After", "1");
      error(ctx, ApiError.of(503, "the server is overloaded (" + MAX_SUBMITS_IN_FLIGHT
          + " submissions in progress); nothing of this request was stored, retry later"));
      return;
    }
    vertx.<CompletableFuture<Submissions.Outcome>>executeBlocking(() -> submissions.submit(body, arrived, who), false)
        .compose(cf -> Future.fromCompletionStage(cf, vertx.getOrCreateContext()))
        .onComplete(x -> submitting.decrementAndGet())
        .onSuccess(o -> {
          ctx.put(AUDIT_OBJECTS, o.result().objects().stream().map(ApiServer::objectName).toList());
          json(ctx, o.status(), o.result());
        })
        .onFailure(e -> error(ctx, errorOf(e)));
  }

  // ------------------------------------------------------------------ services and FederatedHPAs

  private io.argosy.core.service.ServiceController services;

  /** Set before {@link #router()}: Deployments, FederatedHPAs and CronFederatedHPAs go there. */
  public void services(io.argosy.core.service.ServiceController s) {
    this.services = s;
  }

  private void submitServices(RoutingContext ctx) {
    String body = ctx.body().asString();
    if (body == null || body.isBlank()) {
      error(ctx, ApiError.of(400, "the request body is empty: send one or more YAML or JSON documents"));
      return;
    }
    vertx.<CompletableFuture<io.argosy.core.view.SubmitResult>>executeBlocking(() -> services.submit(body), false)
        .compose(cf -> Future.fromCompletionStage(cf, vertx.getOrCreateContext()))
        .onSuccess(o -> json(ctx, 201, o))
        .onFailure(e -> error(ctx, errorOf(e)));
  }

  private void getFhpa(RoutingContext ctx) {
    String ns = ctx.pathParam("namespace");
    String name = ctx.pathParam("name");
    (services == null ? List.<io.argosy.core.service.FhpaView>of() : services.fhpas()).stream()
        .filter(f -> f.namespace().equals(ns) && f.name().equals(name)).findFirst()
        .ifPresentOrElse(f -> json(ctx, 200, f), () -> error(ctx, ApiError.of(404, "FederatedHPA " + ns + "/" + name + " does not exist")));
  }

  private void deleteFhpa(RoutingContext ctx) {
    String ns = ctx.pathParam("namespace");
    String name = ctx.pathParam("name");
    Future.fromCompletionStage(services.deleteHpa(ns, name), vertx.getOrCreateContext())
        .onSuccess(had -> {
          if (had) {
            json(ctx, 200, Map.of("deleted", ns + "/" + name));
          } else {
            error(ctx, ApiError.of(404, "FederatedHPA " + ns + "/" + name + " does not exist"));
          }
        })
        .onFailure(e -> error(ctx, errorOf(e)));
  }

  private void listJobs(RoutingContext ctx) {
    String ns = ctx.request().getParam("namespace");
    String queue = ctx.request().getParam("queue");
    String state = ctx.request().getParam("state");
    Set<String> states = state == null ? null : Arrays.stream(state.split(",")).map(s -> s.strip().toLowerCase(Locale.ROOT))
        .collect(Collectors.toSet());
    int limit = Integer.MAX_VALUE;
    String l = ctx.request().getParam("limit");
    if (l != null) {
      try {
        limit = Integer.parseInt(l);
      } catch (NumberFormatException e) {
        error(ctx, ApiError.field(400, "limit", "must be a number, got '" + l + "'"));
        return;
      }
    }
    Principal who = principal(ctx);
    List<JobView> jobs = directory.list(v -> who.seesQueue(v.queue()) && (ns == null || ns.equals(v.namespace())) && (queue == null || queue.equals(v.queue()))
        && (states == null || states.contains(v.state().toLowerCase(Locale.ROOT))), limit);
    json(ctx, 200, items(jobs));
  }

  private void getJob(RoutingContext ctx) {
    JobId id = jobId(ctx);
    Principal who = principal(ctx);
    directory.get(id).filter(v -> who.seesQueue(v.queue())).ifPresentOrElse(v -> json(ctx, 200, v),
        () -> error(ctx, ApiError.of(404, "job " + id + " does not exist")));
  }

  /**
   * A submitter may cancel or delete only the jobs of its queues; the others do not exist for it
   * (404, as on reads). Answers and returns false when refused.
   */
  private boolean mayChangeJob(RoutingContext ctx) {
    Principal who = principal(ctx);
    if (who.isAdmin()) {
      return true;
    }
    JobId id = jobId(ctx);
    var view = directory.get(id).filter(v -> who.seesQueue(v.queue()));
    if (view.isEmpty()) {
      error(ctx, ApiError.of(404, "job " + id + " does not exist"));
      return false;
    }
    if (!who.mayChangeJobsOf(view.get().queue())) {
      error(ctx, ApiError.of(403, "the token may not change jobs of queue " + view.get().queue()));
      return false;
    }
    return true;
  }

  private static String objectName(SubmitResult.ObjectResult o) {
    return o.kind() + " " + (o.namespace() == null ? "" : o.namespace() + "/") + o.name();
  }

  private static JobId jobId(RoutingContext ctx) {
    return new JobId(ctx.pathParam("namespace"), ctx.pathParam("name"));
  }

  // ------------------------------------------------------------------ queues and quota

  private QueueInfo queue(String name) {
    return loop.readModel().queues().stream().filter(q -> q.name().equals(name)).findFirst()
        .orElseThrow(() -> new NotFoundException("queue " + name + " does not exist"));
  }

  private ClusterView cluster(String name) {
    return loop.readModel().clusters().stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new NotFoundException("cluster " + name + " is not known"));
  }

  private void putQueue(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    Map<String, Object> body = bodyMap(ctx);
    QueueSpec spec = new QueueSpec(name, string(body, "parent"), integer(body, "weight", 1), integer(body, "priority", 0),
        bool(body, "reclaimable", true), bool(body, "open", true),
        new QueueQuota(vector(body.get("capability"), "capability"), vector(body.get("guarantee"), "guarantee"),
            vector(body.get("deserved"), "deserved")));
    String who = Principals.who(ctx);
    admin(ctx, 200, a -> {
      String result = a.applyQueues(List.of(spec), who).get(0);
      return Map.of("name", name, "result", result);
    });
  }

  private void patchQuota(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    Map<String, Object> body = bodyMap(ctx);
    Map<QuotaKind, Map<String, Long>> set = new EnumMap<>(QuotaKind.class);
    Map<QuotaKind, List<String>> remove = new EnumMap<>(QuotaKind.class);
    for (QuotaKind k : QuotaKind.values()) {
      String field = k.name().toLowerCase(Locale.ROOT);
      ResourceVector v = vector(body.get(field), field);
      if (!v.isEmpty()) {
        set.put(k, v.toMap());
      }
    }
    Object rm = body.get("remove");
    if (rm instanceof Map<?, ?> m) {
      for (QuotaKind k : QuotaKind.values()) {
        Object keys = m.get(k.name().toLowerCase(Locale.ROOT));
        if (keys instanceof List<?> list) {
          remove.put(k, list.stream().map(String::valueOf).toList());
        }
      }
    } else if (rm != null) {
      throw new InvalidSpecException("remove", "must be an object of key lists, e.g. {\"capability\": [\"cpu\"]}");
    }
    String who = Principals.who(ctx);
    admin(ctx, 200, a -> a.setQuota(name, set, remove, who));
  }

  /** The quota audit log, newest first ({@code ?limit=N}, default 100): read from the store on a worker. */
  private void quotaHistory(RoutingContext ctx, String queue) {
    int limit = 100;
    String l = ctx.request().getParam("limit");
    if (l != null) {
      try {
        limit = Integer.parseInt(l);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1) {
        error(ctx, ApiError.field(400, "limit", "must be a positive number, got '" + l + "'"));
        return;
      }
    }
    int max = limit;
    vertx.executeBlocking(() -> loop.quotaHistory(queue, max).stream().map(QuotaAudit::view).toList(), false)
        .onSuccess(items -> json(ctx, 200, items(items)))
        .onFailure(e -> error(ctx, errorOf(e)));
  }

  /** A resource map in Kubernetes quantities ({@code "64"}, {@code "256Gi"}, {@code 8}) in gpu-model's units. */
  static ResourceVector vector(Object value, String field) {
    if (value == null) {
      return ResourceVector.EMPTY;
    }
    if (!(value instanceof Map<?, ?> m)) {
      throw new InvalidSpecException(field, "must be an object of resource: quantity");
    }
    ResourceVector.Builder b = ResourceVector.builder();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      String key = String.valueOf(e.getKey());
      String f = field + "[" + key + "]";
      String base;
      try {
        base = ResourceKeys.parse(key).base();
      } catch (IllegalArgumentException bad) {
        throw new InvalidSpecException(f, bad.getMessage());
      }
      var q = Quantities.parse(String.valueOf(e.getValue()), f);
      long amount;
      if (base.equals("cpu")) {
        amount = Quantities.cpuMilli(q, f);
      } else if (base.equals("memory") || base.equals("ephemeral-storage") || base.startsWith("hugepages-")) {
        amount = Quantities.bytes(q, f);
      } else {
        amount = Quantities.wholeCount(q, f, "a " + base + " amount");
      }
      if (amount < 0) {
        throw new InvalidSpecException(f, "must not be negative");
      }
      b.put(key, amount);
    }
    return b.build();
  }

  // ------------------------------------------------------------------ priority classes, policy, clusters

  private void putPriorityClass(RoutingContext ctx) {
    Map<String, Object> body = bodyMap(ctx);
    if (!body.containsKey("value")) {
      throw new InvalidSpecException("value", "Required value");
    }
    PriorityClassSpec spec = new PriorityClassSpec(ctx.pathParam("name"), integer(body, "value", 0),
        bool(body, "globalDefault", false), string(body, "preemptionPolicy"), string(body, "description"));
    PriorityClasses.validate(spec);
    admin(ctx, 200, a -> Map.of("name", spec.name(), "result", a.putPriorityClass(spec)));
  }

  private void putPolicy(RoutingContext ctx) {
    Map<String, Object> body = bodyMap(ctx);
    SchedulingPolicy current = loop.readModel().policy();
    Map<String, Object> merged = new LinkedHashMap<>(Json.mapper().convertValue(current, MAP));
    for (Map.Entry<String, Object> e : body.entrySet()) {
      if (!merged.containsKey(e.getKey())) {
        throw new InvalidSpecException(e.getKey(), "unknown field; the policy has " + merged.keySet());
      }
      if (e.getKey().equals("weights") && e.getValue() instanceof Map<?, ?> w) {
        @SuppressWarnings("unchecked")
        Map<String, Object> weights = new LinkedHashMap<>((Map<String, Object>) merged.get("weights"));
        for (Map.Entry<?, ?> we : w.entrySet()) {
          if (!weights.containsKey(String.valueOf(we.getKey()))) {
            throw new InvalidSpecException("weights." + we.getKey(), "unknown weight; weights are " + weights.keySet());
          }
          weights.put(String.valueOf(we.getKey()), we.getValue());
        }
        merged.put("weights", weights);
      } else {
        merged.put(e.getKey(), e.getValue());
      }
    }
    SchedulingPolicy p;
    try {
      p = Json.mapper().convertValue(merged, SchedulingPolicy.class);
    } catch (IllegalArgumentException e) {
      throw new InvalidSpecException("", "not a scheduling policy: " + e.getMessage());
    }
    p.validated();
    admin(ctx, 200, a -> a.setPolicy(p));
  }

  private void putTaints(RoutingContext ctx) {
    Map<String, Object> body = bodyMap(ctx);
    Object t = body.get("taints");
    if (!(t instanceof List<?> list)) {
      throw new InvalidSpecException("taints", "must be a list of key[=value]:Effect strings");
    }
    List<String> taints = list.stream().map(String::valueOf).toList();
    admin(ctx, 200, a -> a.setTaints(ctx.pathParam("name"), taints));
  }

  // ------------------------------------------------------------------ plumbing

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private static Map<String, Object> bodyMap(RoutingContext ctx) {
    String body = ctx.body().asString();
    if (body == null || body.isBlank()) {
      return Map.of();
    }
    try {
      Object v = Json.mapper().readValue(body, Object.class);
      if (!(v instanceof Map)) {
        throw new BadRequest("the body must be a JSON object");
      }
      return Json.mapper().convertValue(v, MAP);
    } catch (JsonProcessingException e) {
      throw new BadRequest("the body is not JSON: " + e.getOriginalMessage());
    }
  }

  private static String string(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v == null ? null : String.valueOf(v);
  }

  private static int integer(Map<String, Object> m, String key, int dflt) {
    Object v = m.get(key);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Number n && n.doubleValue() == n.intValue()) {
      return n.intValue();
    }
    throw new InvalidSpecException(key, "must be an integer, got " + Json.write(v));
  }

  private static boolean bool(Map<String, Object> m, String key, boolean dflt) {
    Object v = m.get(key);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    throw new InvalidSpecException(key, "must be true or false, got " + Json.write(v));
  }

  private static Map<String, Object> items(List<?> list) {
    return Map.of("items", list);
  }

  /** Runs an admin function on the scheduler thread and answers once its changes are durable. */
  private <R> void admin(RoutingContext ctx, int status, Function<ControlLoop.Admin, R> fn) {
    Future.fromCompletionStage(loop.call(fn), vertx.getOrCreateContext())
        .onSuccess(v -> json(ctx, status, v))
        .onFailure(e -> error(ctx, errorOf(e)));
  }

  /** Runs a read on the scheduler thread (state too large to publish at every step). */
  private <R> void read(RoutingContext ctx, Function<ControlLoop.Admin, R> fn) {
    Future.fromCompletionStage(loop.call(fn), vertx.getOrCreateContext())
        .onSuccess(v -> json(ctx, 200, v))
        .onFailure(e -> error(ctx, errorOf(e)));
  }

  private static final String PRINCIPAL = "argosy.principal";
  private static final String AUDIT_OBJECTS = "argosy.audit.objects";

  static Principal principal(RoutingContext ctx) {
    Principal p = ctx.get(PRINCIPAL);
    return p == null ? Principal.OPEN : p;
  }

  /**
   * Resolves the bearer token to a principal (401 without a valid one when tokens are configured)
   * and arranges for a mutating call to be audited once answered. Tokens are hashed, never logged.
   */
  private void authenticate(RoutingContext ctx) {
    if (ctx.request().path().startsWith(AgentGateway.PATH)) {
      ctx.next();
      return;
    }
    if (Access.mutating(ctx.request().method().name())) {
      ctx.addEndHandler(v -> recordAudit(ctx));
    }
    if (security.open()) {
      ctx.put(PRINCIPAL, Principal.OPEN);
      ctx.next();
      return;
    }
    String auth = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    String given = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).strip() : null;
    var p = security.authenticator().authenticate(given);
    if (p.isEmpty()) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"argosy\"");
      error(ctx, ApiError.field(401, "Authorization", given == null
          ? "a bearer token is required (set ARGOSY_TOKEN)" : "the bearer token is not valid"));
      return;
    }
    ctx.put(PRINCIPAL, p.get());
    ctx.next();
  }

  /** Per caller token bucket: 429 with Retry-After (seconds) and a JSON body when empty. */
  private void rateLimit(RoutingContext ctx) {
    if (ctx.request().path().startsWith(AgentGateway.PATH)) {
      ctx.next();
      return;
    }
    String caller = security.open() ? "address " + ctx.request().remoteAddress().hostAddress() : principal(ctx).name();
    long waitMillis = limiter.acquire(caller);
    if (waitMillis > 0) {
      long seconds = Math.max(1, (waitMillis + 999) / 1000);
      ctx.response().putHeader("Retry-After", Long.toString(seconds));
      error(ctx, new ApiError(429, "rate limit exceeded: " + security.rateLimit().perSecond() + " requests/s (burst "
          + security.rateLimit().burst() + ") per token; retry after " + seconds + " s", null, null, null, null, null));
      return;
    }
    ctx.next();
  }

  private void authorize(RoutingContext ctx) {
    if (ctx.request().path().startsWith(AgentGateway.PATH)) {
      ctx.next();
      return;
    }
    String refusal = Access.refusal(principal(ctx), ctx.request().method().name(), ctx.request().path());
    if (refusal != null) {
      error(ctx, ApiError.of(403, refusal));
      return;
    }
    ctx.next();
  }

  /** Appends the answered mutating call to the audit log (after the answer: it records the status). */
  private void recordAudit(RoutingContext ctx) {
    Principal p = ctx.get(PRINCIPAL);
    List<String> objects = ctx.get(AUDIT_OBJECTS);
    if (objects == null) {
      String ns = ctx.pathParam("namespace");
      String name = ctx.pathParam("name");
      objects = name == null ? List.of() : List.of(ns == null ? name : ns + "/" + name);
    }
    AuditEntry e = new AuditEntry(0, Instant.now(), p == null ? "-" : p.name(), p == null ? null : p.role().wire(),
        ctx.request().method().name(), ctx.request().path(), ctx.response().getStatusCode(), objects);
    store.write(List.of(new StoreOp.AuditRecorded(e))).whenComplete((v, err) -> {
      if (err != null) {
        LOG.warning("audit entry for " + e.method() + " " + e.path() + " by " + e.who() + " not stored: " + err.getMessage());
      }
    });
  }

  /** {@code GET /v1/audit?who=NAME&after=ID&limit=N}: the last N entries (default 100), oldest first. */
  private void audit(RoutingContext ctx) {
    String who = ctx.request().getParam("who");
    long after;
    int limit;
    try {
      after = Long.parseLong(ctx.request().getParam("after", "0"));
    } catch (NumberFormatException e) {
      error(ctx, ApiError.field(400, "after", "must be an audit entry id (a number)"));
      return;
    }
    try {
      limit = Integer.parseInt(ctx.request().getParam("limit", "100"));
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > MAX_AUDIT_PAGE) {
      error(ctx, ApiError.field(400, "limit", "must be between 1 and " + MAX_AUDIT_PAGE));
      return;
    }
    int n = limit;
    vertx.executeBlocking(() -> store.audit(who, after, n), false)
        .onSuccess(list -> json(ctx, 200, items(list.stream().map(AuditView::of).toList())))
        .onFailure(e -> error(ctx, errorOf(e)));
  }

  private void readyz(RoutingContext ctx) {
    boolean ready = loop.ready() && serving.get();
    ReadModel rm = loop.readModel();
    json(ctx, ready ? 200 : 503, Map.of("status", ready ? "ready" : "not ready", "clusters", rm.clusters().size(),
        "readyClusters", rm.clusters().stream().filter(ClusterView::ready).count()));
  }

  private void failure(RoutingContext ctx) {
    Throwable f = ctx.failure();
    if (f == null) {
      int status = ctx.statusCode() < 0 ? 500 : ctx.statusCode();
      String msg = status == 413 ? "the request body is larger than " + MAX_BODY_BYTES / (1024 * 1024) + " MiB"
          : "request failed with status " + status;
      error(ctx, ApiError.of(status, msg));
      return;
    }
    error(ctx, errorOf(f));
  }

  /** The JSON error for a failure; unexpected ones are 500 and logged. */
  static ApiError errorOf(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof Submissions.Rejected r) {
      return r.error();
    }
    if (t instanceof BadRequest) {
      return ApiError.of(400, t.getMessage());
    }
    if (t instanceof NotFoundException) {
      return ApiError.of(404, t.getMessage());
    }
    if (t instanceof ConflictException) {
      return ApiError.of(409, t.getMessage());
    }
    if (t instanceof InvalidSpecException e) {
      return ApiError.field(422, e.field(), e.reason());
    }
    if (t instanceof IllegalArgumentException) {
      return ApiError.of(422, t.getMessage());
    }
    LOG.log(Level.WARNING, "request failed", t);
    return ApiError.of(500, "internal error: " + t);
  }

  private static void json(RoutingContext ctx, int status, Object body) {
    if (ctx.response().ended()) {
      return;
    }
    String text;
    try {
      text = Json.write(body);
    } catch (RuntimeException e) {
      // an answer that cannot be written must still end the request, or the client hangs
      LOG.log(Level.WARNING, "cannot write the answer to " + ctx.request().method() + " " + ctx.request().path(), e);
      status = 500;
      text = Json.write(ApiError.of(500, "internal error: the answer could not be written"));
    }
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(text);
  }

  private static void error(RoutingContext ctx, ApiError e) {
    json(ctx, e.status(), e);
  }

  /** A body that is not what the endpoint reads. */
  static final class BadRequest extends RuntimeException {
    BadRequest(String message) {
      super(message);
    }
  }
}
