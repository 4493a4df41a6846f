package io.argosy.agent;

import io.argosy.agent.inventory.Reports;
import io.argosy.api.AgentMode;
import io.argosy.api.ApiCodec;
import io.argosy.api.ClusterSnapshot;
import io.argosy.api.Hello;
import io.argosy.api.NodeReport;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.vertx.core.Vertx;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * One-time work of an agent that builds its own client in a fresh JVM, done on other threads while
 * the options and the kubeconfig are read and the lists are in flight: Vert.x; fabric8's Jackson
 * deserializers for the Node and Pod lists; gpu-model's catalog and reader and the protocol's JSON
 * writers, on one made-up GPU node and pod. Cold, building those deserializers (the Pod model alone
 * is some 150 classes, each introspected) costs more CPU than decoding 1,000 Nodes, and an empty Pod
 * list pays it in full; done here, the first lists and the first snapshot find them ready. Jackson
 * builds one deserializer at a time per mapper, so the lists wait for this rather than build twice.
 */
final class ColdStart {
  private static final Logger LOG = Logger.getLogger(ColdStart.class.getName());
  /** Begun by a launched agent's main before it parses its options; taken by its agent. */
  private static final AtomicReference<ColdStart> EARLY = new AtomicReference<>();

  final CompletableFuture<Vertx> vertx;
  /** The mapper the client will use: available as soon as it exists, warmed after. */
  final CompletableFuture<KubernetesSerialization> serialization = new CompletableFuture<>();

  private ColdStart(Vertx given) {
    this.vertx = given != null ? CompletableFuture.completedFuture(given) : CompletableFuture.supplyAsync(Vertx::vertx, ColdStart::thread);
    thread(this::prepareSerialization);
    thread(ColdStart::prepareReports);
    if (given == null) {
      thread(ColdStart::prepareClientConfig);
    }
  }

  /** Starts the work for the agent this JVM is about to build (its own client and Vert.x). */
  static void beginEarly() {
    EARLY.compareAndSet(null, new ColdStart(null));
  }

  static ColdStart begin(Vertx given) {
    ColdStart early = given == null ? EARLY.getAndSet(null) : null;
    return early != null ? early : new ColdStart(given);
  }

  private void prepareSerialization() {
    KubernetesSerialization s;
    try {
      s = new KubernetesSerialization();
    } catch (RuntimeException | Error e) {
      serialization.completeExceptionally(e);
      return;
    }
    serialization.complete(s);
    try {
      s.unmarshal("{\"apiVersion\":\"v1\",\"kind\":\"NodeList\",\"metadata\":{},\"items\":[]}", NodeList.class);
      s.unmarshal("{\"apiVersion\":\"v1\",\"kind\":\"PodList\",\"metadata\":{},\"items\":[]}", PodList.class);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "preparing the list deserializers failed; the first lists build them", e);
    }
  }

  /**
   * What the client's first calls do once per JVM, begun before they need it: fabric8's registry of
   * every resource kind (some 900 model classes, ~0.2 s; the API discovery calls build it, while the
   * kubeconfig is read without it, see {@link Kubeconfigs}) and the JDK's default trust store and TLS
   * context (the client's HTTP options build one even for a plain-HTTP server).
   */
  private static void prepareClientConfig() {
    try {
      new KubernetesSerialization().getRegisteredKubernetesResource("v1", "Pod");
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init((KeyStore) null);
      SSLContext.getInstance("TLS").init(null, trust.getTrustManagers(), null);
    } catch (RuntimeException | GeneralSecurityException e) {
      LOG.log(Level.FINE, "preparing the client's configuration failed; the client does it", e);
    }
  }

  private static void prepareReports() {
    try {
      Map<String, Quantity> gpus = Map.of("cpu", new Quantity("8"), "memory", new Quantity("64Gi"), "pods", new Quantity("110"),
          "nvidia.com/gpu", new Quantity("8"));
      Node node = new NodeBuilder().withNewMetadata().withName("cold-start").withResourceVersion("1")
          .withLabels(Map.of("nvidia.com/gpu.product", "NVIDIA-A100-SXM4-80GB", "nvidia.com/gpu.memory", "81920",
              "nvidia.com/gpu.count", "8", "nvidia.com/gpu.family", "ampere"))
          .endMetadata().withNewSpec().endSpec().withNewStatus().withCapacity(gpus).withAllocatable(gpus)
          .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build();
      NodeReport report = Reports.node(node);
      Pod pod = new PodBuilder().withNewMetadata().withName("cold-start").withNamespace("default").withResourceVersion("1")
          .endMetadata().withNewSpec().withNodeName("cold-start").addNewContainer().withName("main").withNewResources()
          .withLimits(Map.of("nvidia.com/gpu", new Quantity("1"))).endResources().endContainer().endSpec()
          .withNewStatus().withPhase("Running").endStatus().build();
      ApiCodec.encode(new Hello(Hello.PROTOCOL, "cold-start", "cold-start", AgentMode.PULL, "v0", List.of(), Map.of(), List.of()));
      ApiCodec.encode(new ClusterSnapshot("cold-start", 0, List.of(report), List.of(Reports.pod(pod, report.inventory())), List.of()));
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "preparing the reports failed; the first snapshot does it", e);
    }
  }

  private static void thread(Runnable r) {
    Thread t = new Thread(r, "argosy-agent-start");
    t.setDaemon(true);
    t.start();
  }
}
