package io.argosy.core.cli;

import io.argosy.agent.sim.SimOptions;
import io.argosy.core.control.ControlLoop;
import io.argosy.core.server.ArgosyServer;
import io.argosy.core.server.Standby;
import io.argosy.core.store.Store;
import io.argosy.core.store.postgres.PostgresStore;
import io.argosy.core.store.sqlite.SqliteStore;
import io.argosy.core.security.Authenticator;
import io.argosy.core.security.RateLimiter;
import io.argosy.core.security.SecurityConfig;
import io.argosy.core.security.TokensFile;
import io.argosy.gpu.InvalidSpecException;
import java.io.IOException;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code argosy server}: the control plane. With {@code --fleet} it also simulates the fleet file's
 * member clusters in this process, each with a push agent. Runs until SIGINT/SIGTERM.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
    description = "Run the control plane (REST API, agent endpoint, scheduler, store).")
public final class ServerCommand implements Callable<Integer> {
  /** The store URL when {@code --store} is not given (keeps the password off the command line). */
  public static final String STORE_ENV = "ARGOSY_STORE_URL";

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", defaultValue = ".argosy", description = "Data directory (default ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--port", defaultValue = "8080", description = "HTTP port; 0 picks a free one (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--fleet", description = "Fleet file to simulate in-process (push-mode agents), e.g. examples/fleet.yaml.")
  Path fleet;

  @Option(names = "--time-scale", defaultValue = "1.0",
      description = "Simulated clusters only: multiplies pod runtimes and start delays (default ${DEFAULT-VALUE}).")
  double timeScale;

  @Option(names = "--agent-token-file", description = "File with the token agents must present (default: $ARGOSY_TOKEN,"
      + " else a random one for the embedded agents).")
  Path agentTokenFile;

  @Option(names = "--sync", defaultValue = "full", description = "Store durability: full (fsync every commit) or normal"
      + " (survives a killed process, not a machine crash). Default ${DEFAULT-VALUE}.")
  String sync;

  @Option(names = {"--cluster-grace", "--eviction-timeout"}, defaultValue = "30s",
      description = "How long a cluster may be unhealthy before it is tainted NoExecute and its gangs that do not tolerate"
          + " it are requeued (Karmada's failover eviction timeout; default ${DEFAULT-VALUE}).")
  String clusterGrace;

  @Option(names = "--unschedulable-timeout", defaultValue = "5m",
      description = "How long a bound gang's pods may stay unschedulable in their member cluster (Pending, PodScheduled=False,"
          + " or on a deleted node) before the gang is withdrawn whole and requeued (default: ${DEFAULT-VALUE}).")
  String unschedulableTimeout;

  @Option(names = "--retry-backoff", defaultValue = "10s",
      description = "Wait before a failed job's first retry (within its maxRetry/backoffLimit); doubles per retry up to 6m,"
          + " as Kubernetes' Job back-off; 0s retries at once (default: ${DEFAULT-VALUE}).")
  String retryBackoff;

  @Option(names = "--tokens", description = "Tokens file (YAML/JSON: name, role, queues|cluster, sha256 of each token;"
      + " see 'argosy token create'). Without it the API is open to every caller that can reach it.")
  Path tokens;

  @Option(names = "--tls-cert", description = "PEM certificate (chain) to serve HTTPS with; needs --tls-key.")
  Path tlsCert;

  @Option(names = "--tls-key", description = "PEM private key of --tls-cert (PKCS#8 or PKCS#1, unencrypted).")
  Path tlsKey;

  @Option(names = "--rate-limit", description = "Requests per second per token (per client address without --tokens);"
      + " 0 turns limiting off. Default 200 with --tokens, else off.")
  Double rateLimit;

  @Option(names = "--rate-burst", description = "Requests a caller may send at once before --rate-limit applies"
      + " (default: twice the rate).")
  Integer rateBurst;

  @Option(names = "--cluster-monitor-grace", defaultValue = "40s",
      description = "How long a connected agent may stay silent before its cluster's health is Unknown (default ${DEFAULT-VALUE}).")
  String monitorGrace;

  @Option(names = "--store", description = "Store: a JDBC URL of PostgreSQL (jdbc:postgresql://host:5432/db?user=..&password=..),"
      + " default $ARGOSY_STORE_URL, else SQLite in --data.")
  String storeUrl;

  @Option(names = "--standby", description = "Passive control plane: wait until the store's leader (another server on the same"
      + " --data or --store) is gone, then take over.")
  boolean standby;

  @Option(names = "--standby-poll", defaultValue = "1s", description = "How often a standby tries to take over (default ${DEFAULT-VALUE}).")
  String standbyPoll;

  /** Tests count it down to stop the server. */
  CountDownLatch stop = new CountDownLatch(1);

  @Override
  public Integer call() throws InterruptedException {
    ArgosyServer.Config c = config();
    Supplier<Store> opener = storeOpener(c);
    if (standby) {
      Standby.warmUp(c);
    }
    long waitFrom = System.nanoTime();
    Store store = standby
        ? Standby.awaitLeadership(opener, duration(standbyPoll, "--standby-poll"), msg -> {
            spec.commandLine().getOut().println(msg);
            spec.commandLine().getOut().flush();
          })
        : opener.get();
    long tookStore = System.nanoTime();
    try (ArgosyServer s = ArgosyServer.start(c, store)) {
      if (standby) {
        spec.commandLine().getOut().printf("standby: took over after waiting %d ms; serving %d ms after taking the store%n",
            (tookStore - waitFrom) / 1_000_000, (System.nanoTime() - tookStore) / 1_000_000);
      }
      Thread hook = new Thread(stop::countDown, "argosy-server-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      spec.commandLine().getOut().println("argosy server listening on " + s.url() + " (data " + c.data().toAbsolutePath() + ")");
      spec.commandLine().getOut().println(s.securitySummary());
      spec.commandLine().getOut().flush();
      stop.await();
    }
    return 0;
  }

  ArgosyServer.Config config() {
    if (port < 0 || port > 65535) {
      throw new InvalidInputException("--port: must be between 0 and 65535, got " + port);
    }
    if (fleet != null && !Files.isReadable(fleet)) {
      throw new InvalidInputException("--fleet: cannot read " + fleet);
    }
    if (!(timeScale > 0)) {
      throw new InvalidInputException("--time-scale: must be positive, got " + timeScale);
    }
    SqliteStore.Sync mode = switch (sync.toLowerCase(java.util.Locale.ROOT)) {
      case "full" -> SqliteStore.Sync.FULL;
      case "normal" -> SqliteStore.Sync.NORMAL;
      default -> throw new InvalidInputException("--sync: must be full or normal, got '" + sync + "'");
    };
    String apiToken = System.getenv(ClientOptions.TOKEN_ENV);
    String agentToken = apiToken;
    if (agentTokenFile != null) {
      try {
        agentToken = Files.readString(agentTokenFile).strip();
      } catch (IOException e) {
        throw new InvalidInputException("--agent-token-file: cannot read " + agentTokenFile + ": " + e.getMessage());
      }
      if (agentToken.isEmpty()) {
        throw new InvalidInputException("--agent-token-file: " + agentTokenFile + " is empty");
      }
    }
    SecurityConfig security = security();
    if (security.authenticator() != null && agentTokenFile == null) {
      agentToken = null; // agents present their own per-cluster tokens; embedded ones get a random in-process one
    }
    ControlLoop.Options loop = ControlLoop.Options.DEFAULT.withClusterGrace(duration(clusterGrace, "--cluster-grace"))
        .withMonitorGrace(duration(monitorGrace, "--cluster-monitor-grace"))
        .withUnschedulableTimeout(duration(unschedulableTimeout, "--unschedulable-timeout"))
        .withRetryBackoff(duration(retryBackoff, "--retry-backoff"));
    return ArgosyServer.Config.defaults(data).withPort(port).withHost(host).withSync(mode)
        .withTokens(apiToken, agentToken).withFleet(fleet, SimOptions.DEFAULT.withTimeScale(timeScale)).withLoop(loop)
        .withSecurity(security);
  }

  private SecurityConfig security() {
    Authenticator auth = null;
    if (tokens != null) {
      try {
        auth = new Authenticator(TokensFile.read(tokens));
      } catch (InvalidSpecException e) {
        throw new InvalidInputException("--tokens: " + tokens + ": " + e.getMessage());
      }
      if (auth.size() == 0) {
        throw new InvalidInputException("--tokens: " + tokens + " lists no tokens; nobody could call the API");
      }
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new InvalidInputException(tlsCert == null ? "--tls-cert: required with --tls-key" : "--tls-key: required with --tls-cert");
    }
    SecurityConfig.Tls tls = null;
    if (tlsCert != null) {
      for (Path p : List.of(tlsCert, tlsKey)) {
        if (!Files.isReadable(p)) {
          throw new InvalidInputException((p == tlsCert ? "--tls-cert" : "--tls-key") + ": cannot read " + p);
        }
      }
      tls = new SecurityConfig.Tls(tlsCert, tlsKey);
    }
    RateLimiter.Limit limit = auth != null ? SecurityConfig.DEFAULT_TOKEN_LIMIT : RateLimiter.Limit.OFF;
    if (rateLimit != null) {
      if (!(rateLimit >= 0) || rateLimit > 1e6) {
        throw new InvalidInputException("--rate-limit: must be between 0 and 1000000 requests/s, got " + rateLimit);
      }
      limit = new RateLimiter.Limit(rateLimit, (int) Math.max(1, Math.ceil(rateLimit * 2)));
    }
    if (rateBurst != null) {
      if (rateBurst < 1) {
        throw new InvalidInputException("--rate-burst: must be at least 1, got " + rateBurst);
      }
      limit = new RateLimiter.Limit(limit.perSecond(), rateBurst);
    }
    return new SecurityConfig(auth, limit, tls);
  }

  private Supplier<Store> storeOpener(ArgosyServer.Config c) {
    String url = storeUrl != null ? storeUrl : System.getenv(STORE_ENV);
    if (url == null || url.isBlank()) {
      return () -> SqliteStore.open(c.data(), c.sync());
    }
    String jdbc = url.startsWith("postgresql://") || url.startsWith("postgres://")
        ? "jdbc:postgresql://" + url.substring(url.indexOf("://") + 3) : url;
    if (!jdbc.startsWith("jdbc:postgresql://")) {
      throw new InvalidInputException("--store: expected jdbc:postgresql://host:port/database, got '"
          + PostgresStore.redact(url) + "'");
    }
    String holder = hostName() + " pid " + ProcessHandle.current().pid();
    // a deposed leader stops at once: its supervisor restarts it, and it comes back as a standby
    Runnable onFenced = () -> {
      System.err.println("argosy server: another control plane took over the store; exiting");
      Runtime.getRuntime().halt(3);
    };
    return () -> PostgresStore.open(jdbc, holder, onFenced);
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "localhost";
    }
  }

  /** {@code 90s}, {@code 5m}, {@code 250ms}, {@code 1h}. */
  static Duration duration(String s, String option) {
    var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(s.strip());
    if (!m.matches()) {
      throw new InvalidInputException(option + ": expected a duration such as 30s, 5m or 250ms, got '" + s + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }
}
