package io.argosy.agent;

import io.fabric8.kubernetes.api.model.NodeList;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One-time work of an agent that builds its own client, started on other threads while the
 * kubeconfig is read: Vert.x, and fabric8's Jackson deserializers for the Node and Pod lists. In a
 * fresh JVM, building those deserializers (the Pod model alone is some 150 classes, every one
 * introspected) costs more CPU than decoding 1,000 Nodes, and an empty Pod list pays it in full; done
 * here, the informers' first lists find them built. Jackson builds one deserializer at a time per
 * mapper, so the lists wait for this rather than build them twice.
 */
final class ColdStart {
  private static final Logger LOG = Logger.getLogger(ColdStart.class.getName());

  final CompletableFuture<Vertx> vertx;
  /** The mapper the client will use: available as soon as it exists, warmed after. */
  final CompletableFuture<KubernetesSerialization> serialization = new CompletableFuture<>();

  private ColdStart(Vertx given) {
    this.vertx = given != null ? CompletableFuture.completedFuture(given) : CompletableFuture.supplyAsync(Vertx::vertx, ColdStart::thread);
    thread(this::prepareSerialization);
  }

  static ColdStart begin(Vertx given) {
    return new ColdStart(given);
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
      LOG.log(Level.FINE, "warming the deserializers failed; the first lists build them", e);
    }
  }

  private static void thread(Runnable r) {
    Thread t = new Thread(r, "argosy-agent-start");
    t.setDaemon(true);
    t.start();
  }
}
