package io.argosy.agent.sim;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One simulated member cluster: a fabric8 {@link KubernetesMockServer} in CRUD mode on a loopback
 * port, seeded with the fleet file's Node objects, with a {@link SimulatedKubelet} and, for
 * {@code volcano: true}, the Volcano CRDs and a {@link SimulatedVolcano} controller. Agents talk to
 * it over HTTP with the fabric8 client exactly as to a real API server ({@link #url()},
 * {@link #writeKubeconfig(Path)}).
 */
public final class SimulatedCluster implements AutoCloseable {
  private final ClusterSpec spec;
  private final KubernetesMockServer server;
  private final FaultPlan faults = new FaultPlan();
  private final KubernetesClient admin;
  private final SimulatedKubelet kubelet;
  private final SimulatedVolcano volcano;
  private final SimulatedDeployments deployments;
  private final SimulatedMetricsServer metrics;
  private final FaultInjectingDispatcher dispatcher;
  /**
   * One Node and one Pod informer for the kubelet, the Deployment controller and the metrics server
   * together: every pod event is sent over one watch instead of three (the API server serializes
   * each event per watch, and each watch's client parses it again).
   */
  private final KubernetesClient informerClient;
  private final SharedIndexInformer<Node> nodeInformer;
  private final SharedIndexInformer<Pod> podInformer;

  private SimulatedCluster(ClusterSpec spec, SimOptions options, LoadProfile load) {
    this.spec = spec;
    this.dispatcher = new FaultInjectingDispatcher(faults);
    this.server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    this.admin = newClient();
    this.kubelet = new SimulatedKubelet(newClient(), options, spec.name());
    this.volcano = spec.volcano() ? new SimulatedVolcano(newClient(), spec.name()) : null;
    this.deployments = new SimulatedDeployments(newClient(), spec.name());
    this.metrics = new SimulatedMetricsServer(spec.name(), load, newClient());
    this.informerClient = newClient();
    this.nodeInformer = informerClient.nodes().runnableInformer(0);
    this.podInformer = informerClient.pods().inAnyNamespace().runnableInformer(0);
  }

  /** Starts the API server, seeds the nodes, and starts the kubelet (and Volcano). */
  public static SimulatedCluster start(ClusterSpec spec, SimOptions options) {
    return start(spec, options, new LoadProfile());
  }

  /**
   * Also serves {@code metrics.k8s.io} from {@code load} (shared by the clusters of a fleet) and runs
   * a Deployment controller for service workloads.
   */
  public static SimulatedCluster start(ClusterSpec spec, SimOptions options, LoadProfile load) {
    MockServerLogging.quiet();
    SimulatedCluster c = new SimulatedCluster(spec, options, load);
    try {
      c.seed(spec.nodes());
      if (c.volcano != null) {
        c.volcano.installCrds();
        c.volcano.start();
      }
      c.kubelet.start(c.nodeInformer, c.podInformer);
      c.metrics.start(c.podInformer);
      c.deployments.start(c.nodeInformer, c.podInformer);
      c.nodeInformer.run(); // nodes first: the kubelet looks up each pod's node
      c.podInformer.run();
      c.dispatcher.metrics = c.metrics;
      return c;
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** Creates nodes through the API, a few in parallel (seeding 5,000 nodes one by one is slow). */
  private void seed(List<Node> nodes) {
    ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "sim-seed-" + spec.name());
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> fs = new ArrayList<>();
      int batch = Math.max(1, nodes.size() / 4 + 1);
      for (int i = 0; i < nodes.size(); i += batch) {
        List<Node> part = nodes.subList(i, Math.min(nodes.size(), i + batch));
        fs.add(pool.submit(() -> part.forEach(n -> admin.nodes().resource(n).create())));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while seeding " + spec.name(), e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("seeding " + spec.name() + " failed: " + e.getCause().getMessage(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  public String name() {
    return spec.name();
  }

  public ClusterSpec spec() {
    return spec;
  }

  /** The API server's URL, e.g. {@code http://127.0.0.1:40123}. */
  public String url() {
    return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getPort();
  }

  /** Client configuration for this cluster (plain HTTP, no credentials, short timeouts). */
  public Config config() {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url())
        .withNamespace("default")
        .withTrustCerts(true)
        .withRequestRetryBackoffLimit(3)
        .withRequestRetryBackoffInterval(100)
        .withConnectionTimeout(5_000)
        .withRequestTimeout(15_000)
        .build();
  }

  /** A new fabric8 client to this cluster; the caller closes it. */
  public KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(config()).build();
  }

  /** The simulator's own client, for tests that look at or change the cluster. */
  public KubernetesClient client() {
    return admin;
  }

  public SimulatedKubelet kubelet() {
    return kubelet;
  }

  /** API faults to inject (HTTP errors, delays). */
  public FaultPlan faults() {
    return faults;
  }

  /** Writes a kubeconfig pointing at this cluster, for {@code argosy agent --kubeconfig}. */
  public Path writeKubeconfig(Path file) {
    String yaml = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster:
            server: %2$s
        users:
        - name: %1$s-admin
          user:
            token: simulated
        contexts:
        - name: %1$s
          context:
            cluster: %1$s
            user: %1$s-admin
            namespace: default
        current-context: %1$s
        """.formatted(spec.name(), url());
    try {
      Files.writeString(file, yaml);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (volcano != null) {
      volcano.close();
    }
    deployments.close();
    metrics.close();
    kubelet.close();
    podInformer.close();
    nodeInformer.close();
    informerClient.close();
    admin.close();
    try {
      server.destroy();
    } catch (IllegalStateException e) {
      // fabric8's mock gives its Vert.x 10 s to stop; a watch WebSocket still draining to a client that
      // has just closed can outlast that on a busy machine. The server no longer accepts requests, and
      // failing the caller's teardown here made tests flaky without telling anything about Argosy.
      java.util.logging.Logger.getLogger(SimulatedCluster.class.getName())
          .warning(name() + ": mock API server did not stop within its 10 s: " + e.getMessage());
    }
  }
}
