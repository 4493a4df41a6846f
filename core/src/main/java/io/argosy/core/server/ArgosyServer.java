package io.argosy.core.server;

import io.argosy.agent.EmbeddedAgents;
import io.argosy.agent.gateway.AgentGateway;
import io.argosy.agent.gateway.AgentListener;
import io.argosy.agent.gateway.TokenVerifier;
import io.argosy.agent.sim.SimOptions;
import io.argosy.agent.sim.SimulatedFleet;
import io.argosy.core.api.ApiServer;
import io.argosy.core.control.ControlLoop;
import io.argosy.core.control.JobDirectory;
import io.argosy.core.metrics.Metrics;
import io.argosy.core.security.Authenticator;
import io.argosy.core.security.SecurityConfig;
import io.argosy.core.store.Store;
import io.argosy.core.store.sqlite.SqliteStore;
import io.argosy.core.submit.Submissions;
import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.demand.DemandParser;
import io.argosy.queue.manifest.ManifestParser;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The control plane in one process: the store, the scheduler thread, the Vert.x HTTP server with the
 * REST API and the agent gateway, and, with a fleet file, simulated member clusters with one push
 * agent each (the embedded default). {@code argosy server}, {@code argosy demo} and the tests start
 * it through {@link #start(Config)}.
 */
public final class ArgosyServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ArgosyServer.class.getName());
  /** fabric8 warns once per process that Volcano's API versions are not v1; simulated Volcano clusters need no such warning. */
  private static final Logger FABRIC8_VERSIONS = Logger.getLogger("io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils");

  /**
   * How to run.
   *
   * @param data the data directory (the SQLite file lives there)
   * @param host the address to listen on ({@code 127.0.0.1} by default: the API is open without a token)
   * @param port 0 for a free port
   * @param apiToken bearer token for the REST API, or null for none
   * @param agentToken the token agents present; null to generate one (embedded agents get it)
   * @param fleet a fleet file to simulate in this process (push-mode agents), or null
   * @param sim how simulated clusters behave
   * @param sync the store's durability setting
   * @param loop the scheduler loop's timing
   * @param security tokens file, rate limits and TLS; with a tokens file {@code apiToken} is ignored
   */
  public record Config(Path data, String host, int port, String apiToken, String agentToken, Path fleet, SimOptions sim,
      SqliteStore.Sync sync, ControlLoop.Options loop, SecurityConfig security) {

    public Config(Path data, String host, int port, String apiToken, String agentToken, Path fleet, SimOptions sim,
        SqliteStore.Sync sync, ControlLoop.Options loop) {
      this(data, host, port, apiToken, agentToken, fleet, sim, sync, loop, SecurityConfig.OPEN);
    }

    public static Config defaults(Path data) {
      return new Config(data, "127.0.0.1", 8080, null, null, null, SimOptions.DEFAULT, SqliteStore.Sync.FULL,
          ControlLoop.Options.DEFAULT);
    }

    public Config withSecurity(SecurityConfig s) {
      return new Config(data, host, port, apiToken, agentToken, fleet, sim, sync, loop, s);
    }

    /**
     * What the API enforces: the tokens file if given, else the single {@code apiToken} as an admin
     * token, else nothing (open).
     */
    public SecurityConfig effectiveSecurity() {
      if (security.authenticator() != null || apiToken == null || apiToken.isEmpty()) {
        return security;
      }
      return new SecurityConfig(Authenticator.singleAdmin(apiToken), security.rateLimit(), security.tls());
    }

    public Config withPort(int p) {
      return new Config(data, host, p, apiToken, agentToken, fleet, sim, sync, loop, security);
    }

    public Config withFleet(Path f, SimOptions s) {
      return new Config(data, host, port, apiToken, agentToken, f, s, sync, loop, security);
    }

    public Config withTokens(String api, String agent) {
      return new Config(data, host, port, api, agent, fleet, sim, sync, loop, security);
    }

    public Config withHost(String h) {
      return new Config(data, h, port, apiToken, agentToken, fleet, sim, sync, loop, security);
    }

    public Config withSync(SqliteStore.Sync s) {
      return new Config(data, host, port, apiToken, agentToken, fleet, sim, s, loop, security);
    }

    public Config withLoop(ControlLoop.Options o) {
      return new Config(data, host, port, apiToken, agentToken, fleet, sim, sync, o, security);
    }
  }

  private final Config config;
  private final Vertx vertx;
  private final Store store;
  private final Metrics metrics;
  private final JobDirectory directory;
  private final ControlLoop loop;
  private final AgentGateway gateway;
  private final HttpServer http;
  private final String agentToken;
  private final SimulatedFleet fleet;
  private final EmbeddedAgents agents;

  private ArgosyServer(Config config, Vertx vertx, Store store, Metrics metrics, JobDirectory directory, ControlLoop loop,
      AgentGateway gateway, HttpServer http, String agentToken, SimulatedFleet fleet, EmbeddedAgents agents) {
    this.config = config;
    this.vertx = vertx;
    this.store = store;
    this.metrics = metrics;
    this.directory = directory;
    this.loop = loop;
    this.gateway = gateway;
    this.http = http;
    this.agentToken = agentToken;
    this.fleet = fleet;
    this.agents = agents;
  }

  /** Opens the store, recovers, listens, and starts the simulated fleet and its agents when configured. */
  public static ArgosyServer start(Config config) throws InterruptedException {
    return start(config, SqliteStore.open(config.data(), config.sync()));
  }

  /**
   * Starts on a store already opened (and so already led by this process: a PostgreSQL store, or
   * the one a standby obtained, see {@link Standby}). The server owns it from here and closes it.
   */
  public static ArgosyServer start(Config config, Store store) throws InterruptedException {
    Vertx vertx = null;
    ControlLoop loop = null;
    SimulatedFleet fleet = null;
    io.argosy.core.service.ServiceController services = null;
    try {
      Metrics metrics = new Metrics();
      JobDirectory directory = new JobDirectory();
      ManifestParser parser = new ManifestParser(new DemandParser(Catalog.builtin()));
      loop = new ControlLoop(store, metrics, directory, parser, Clock.systemUTC(), config.loop());
      loop.useSecrets(io.argosy.core.deps.SecretBox.open(config.data()));
      registerGauges(metrics, loop, store);
      vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(Math.max(4, Runtime.getRuntime().availableProcessors() * 2))
          .setBlockedThreadCheckInterval(10_000));
      String agentToken = config.agentToken() != null ? config.agentToken() : randomToken();
      SecurityConfig security = config.effectiveSecurity();
      TokenVerifier verifier = config.security().authenticator() != null
          ? config.security().authenticator().agentVerifier(agentToken) : TokenVerifier.shared(agentToken);
      AgentGateway[] gatewayRef = new AgentGateway[1];
      services = new io.argosy.core.service.ServiceController(store, loop, parser,
          (c, m) -> gatewayRef[0] != null && gatewayRef[0].send(c, m), Clock.systemUTC(),
          new io.argosy.core.service.ServiceController.Options(
              Duration.ofMillis(Long.getLong("argosy.fhpa.syncMillis", 15_000))));
      AgentGateway gateway = new AgentGateway(vertx, verifier, withServices(loop.agentListener(), services),
          Duration.ofSeconds(20));
      gatewayRef[0] = gateway;
      loop.attach(vertx, gateway);
      loop.start();
      loop.awaitReady(Duration.ofMinutes(5));
      Submissions submissions = new Submissions(parser, directory, loop, store, metrics, Clock.systemUTC(),
          loop.restoredSequence());
      services.start();
      boolean[] listening = new boolean[1];
      ApiServer api = new ApiServer(vertx, loop, directory, submissions, metrics, gateway, store, security,
          () -> listening[0]);
      api.services(services);
      HttpServerOptions options = AgentGateway.serverOptions(new HttpServerOptions()
          .setHost(config.host()).setPort(config.port()).setCompressionSupported(true));
      if (security.tls() != null) {
        options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
            .setCertPath(security.tls().certificate().toString()).setKeyPath(security.tls().key().toString()));
      }
      HttpServer http = vertx.createHttpServer(options).requestHandler(api.router());
      try {
        http.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port() + ": "
            + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()), e);
      }
      listening[0] = true;
      String url = scheme(config) + "://" + (config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host()) + ":" + http.actualPort();
      EmbeddedAgents agents = null;
      if (config.fleet() != null) {
        FABRIC8_VERSIONS.setLevel(java.util.logging.Level.SEVERE);
        fleet = SimulatedFleet.start(config.fleet(), config.sim());
        agents = EmbeddedAgents.start(fleet, vertx, url, agentToken,
            security.tls() == null ? null : security.tls().certificate());
      }
      LOG.info("argosy control plane listening on " + url + " (data " + config.data() + ")");
      LOG.info(describe(security));
      ArgosyServer server = new ArgosyServer(config, vertx, store, metrics, directory, loop, gateway, http, agentToken, fleet, agents);
      server.services = services;
      return server;
    } catch (RuntimeException | InterruptedException e) {
      if (services != null) {
        services.close();
      }
      if (fleet != null) {
        fleet.close();
      }
      if (loop != null) {
        loop.close();
      }
      if (vertx != null) {
        vertx.close();
      }
      store.close();
      throw e;
    }
  }

  /** Agent events go to the control loop; service messages and connections also to the service controller. */
  private static AgentListener withServices(AgentListener loop, io.argosy.core.service.ServiceController services) {
    return new AgentListener() {
      @Override
      public void onConnected(String cluster, io.argosy.api.Hello hello) {
        loop.onConnected(cluster, hello);
        services.onConnected(cluster);
      }

      @Override
      public void onMessage(String cluster, io.argosy.api.Message message) {
        if (message instanceof io.argosy.api.MetricsReport || message instanceof io.argosy.api.ServiceApplyResult) {
          services.onMessage(cluster, message);
        } else {
          loop.onMessage(cluster, message);
        }
      }

      @Override
      public void onDisconnected(String cluster, String reason) {
        loop.onDisconnected(cluster, reason);
      }
    };
  }

  /** The service workloads and their autoscalers. */
  public io.argosy.core.service.ServiceController services() {
    return services;
  }

  private io.argosy.core.service.ServiceController services;

  private static void registerGauges(Metrics metrics, ControlLoop loop, Store store) {
    metrics.gauge("argosy_queue_pending_jobs", "Jobs waiting in each leaf queue (queue depth).", () -> {
      Map<Map<String, String>, Double> out = new java.util.LinkedHashMap<>();
      loop.readModel().pendingByQueue().forEach((q, n) -> out.put(Map.of("queue", q), (double) n));
      return out;
    });
    metrics.gauge("argosy_jobs", "Jobs known to the control plane, by state.", () -> {
      Map<Map<String, String>, Double> out = new java.util.LinkedHashMap<>();
      loop.readModel().jobsByState().forEach((s, n) -> out.put(Map.of("state", s), (double) n));
      return out;
    });
    metrics.gauge("argosy_clusters", "Member clusters, by readiness.", () -> {
      Map<String, Double> byReady = new TreeMap<>(Map.of("true", 0.0, "false", 0.0));
      loop.readModel().clusters().forEach(c -> byReady.merge(String.valueOf(c.ready()), 1.0, Double::sum));
      Map<Map<String, String>, Double> out = new java.util.LinkedHashMap<>();
      byReady.forEach((k, v) -> out.put(Map.of("ready", k), v));
      return out;
    });
    metrics.gauge("argosy_store_commits", "Store transactions committed since start (group commits).",
        () -> Map.of(Map.of(), (double) store.stats().commits()));
    metrics.gauge("argosy_store_writes", "Write groups committed since start (one per acknowledged change set).",
        () -> Map.of(Map.of(), (double) store.stats().groups()));
  }

  private static String scheme(Config config) {
    return config.effectiveSecurity().tls() != null ? "https" : "http";
  }

  /** The start-up line about protection; never a token. */
  static String describe(SecurityConfig s) {
    String auth = s.open() ? "OPEN API: no tokens configured, every caller is admin (start with --tokens FILE to"
        + " require bearer tokens)" : s.authenticator().size() + " token(s) loaded, bearer token required";
    String limit = s.rateLimit().enabled() ? s.rateLimit().perSecond() + " requests/s per caller (burst "
        + s.rateLimit().burst() + ")" : "no rate limit";
    return "security: " + auth + "; " + (s.tls() != null ? "TLS on" : "plain HTTP (no TLS)") + "; " + limit;
  }

  private static String randomToken() {
    byte[] b = new byte[24];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** One line on how the API is protected (tokens, TLS, rate limits); never a token. */
  public String securitySummary() {
    return describe(config.effectiveSecurity());
  }

  public int port() {
    return http.actualPort();
  }

  public String url() {
    return scheme(config) + "://" + (config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host()) + ":" + port();
  }

  public ControlLoop loop() {
    return loop;
  }

  public JobDirectory jobs() {
    return directory;
  }

  public Metrics metrics() {
    return metrics;
  }

  public Store store() {
    return store;
  }

  public String agentToken() {
    return agentToken;
  }

  /** The simulated member clusters, or null without a fleet file. */
  public SimulatedFleet fleet() {
    return fleet;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The push agents of the simulated clusters, or null without a fleet file. */
  public EmbeddedAgents agents() {
    return agents;
  }

  @Override
  public void close() {
    if (agents != null) {
      agents.close();
    }
    if (services != null) {
      services.close();
    }
    gateway.close();
    try {
      http.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.fine("closing the HTTP server: " + e.getMessage());
    }
    loop.close();
    store.close();
    if (fleet != null) {
      fleet.close();
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.fine("closing Vert.x: " + e.getMessage());
    }
  }
}
