package io.argosy.agent.sim;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetricsBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * A member cluster's {@code metrics.k8s.io/v1beta1} (what metrics-server serves): PodMetrics for every
 * running, ready pod, computed at request time from the fleet's {@link LoadProfile} for pods of a
 * simulated Deployment ({@link SimulatedDeployments#DEPLOYMENT_LABEL}) and a small constant for
 * other pods. Pending and unready pods have no sample, as with metrics-server. Served by the
 * cluster's dispatcher in front of the CRUD store; list, namespaced list, label selector and single pod.
 */
final class SimulatedMetricsServer {
  static final String PREFIX = "/apis/metrics.k8s.io/v1beta1";
  private final String cluster;
  private final LoadProfile load;
  private final KubernetesClient client;
  private SharedIndexInformer<Pod> pods;

  SimulatedMetricsServer(String cluster, LoadProfile load, KubernetesClient client) {
    this.cluster = cluster;
    this.load = load;
    this.client = client;
  }

  void start(SharedIndexInformer<Pod> pods) {
    this.pods = pods;
    pods.addEventHandler(new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
      // only a Deployment's pods change the counts; batch pods come and go by the thousand
      @Override
      public void onAdd(Pod p) {
        if (deployment(p) != null) {
          recount();
        }
      }

      @Override
      public void onUpdate(Pod o, Pod p) {
        if (deployment(o) != null || deployment(p) != null) {
          recount();
        }
      }

      @Override
      public void onDelete(Pod p, boolean unknown) {
        if (deployment(p) != null) {
          recount();
        }
      }
    });
  }

  /** Keeps the shared profile's per-cluster ready counts current (they set each pod's share). */
  private synchronized void recount() {
    Map<String, Integer> ready = new HashMap<>();
    for (Pod p : pods.getStore().list()) {
      String d = deployment(p);
      if (d != null && ready(p)) {
        ready.merge(p.getMetadata().getNamespace() + "/" + d, 1, Integer::sum);
      }
    }
    seen.forEach(k -> ready.putIfAbsent(k, 0));
    ready.forEach((k, n) -> load.setReady(cluster, k, n));
    seen.addAll(ready.keySet());
  }

  private final java.util.Set<String> seen = new java.util.HashSet<>();

  boolean handles(String path) {
    return path != null && path.startsWith(PREFIX);
  }

  MockResponse dispatch(RecordedRequest request) {
    String full = request.getPath();
    int q = full.indexOf('?');
    String path = q < 0 ? full : full.substring(0, q);
    Map<String, String> selector = q < 0 ? Map.of() : labelSelector(full.substring(q + 1));
    String rest = path.substring(PREFIX.length());
    if (rest.isEmpty() || rest.equals("/")) {
      return json(200, "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\"metrics.k8s.io/v1beta1\","
          + "\"resources\":[{\"name\":\"pods\",\"namespaced\":true,\"kind\":\"PodMetrics\",\"verbs\":[\"get\",\"list\"]},"
          + "{\"name\":\"nodes\",\"namespaced\":false,\"kind\":\"NodeMetrics\",\"verbs\":[\"get\",\"list\"]}]}");
    }
    String[] parts = rest.substring(1).split("/");
    String namespace = null;
    String name = null;
    if (parts.length >= 3 && parts[0].equals("namespaces") && parts[2].equals("pods")) {
      namespace = parts[1];
      name = parts.length >= 4 ? parts[3] : null;
    } else if (!(parts.length == 1 && parts[0].equals("pods"))) {
      return json(404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":404,\"reason\":\"NotFound\"}");
    }
    List<PodMetrics> items = new ArrayList<>();
    for (Pod p : pods.getStore().list()) {
      if ((namespace != null && !namespace.equals(p.getMetadata().getNamespace()))
          || (name != null && !name.equals(p.getMetadata().getName())) || !ready(p) || !matches(p, selector)) {
        continue;
      }
      items.add(sample(p));
    }
    if (name != null) {
      return items.isEmpty()
          ? json(404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":404,\"reason\":\"NotFound\"}")
          : json(200, Serialization.asJson(items.get(0)));
    }
    PodMetricsList list = new PodMetricsList();
    list.setItems(items);
    return json(200, Serialization.asJson(list));
  }

  private PodMetrics sample(Pod p) {
    String d = deployment(p);
    long cpu = d == null ? 1 : load.cpuPerPodMilli(p.getMetadata().getNamespace() + "/" + d);
    List<io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics> cs = new ArrayList<>();
    List<Container> containers = p.getSpec().getContainers();
    for (int i = 0; i < containers.size(); i++) {
      Container c = containers.get(i);
      long memRequest = 0;
      if (c.getResources() != null && c.getResources().getRequests() != null && c.getResources().getRequests().get("memory") != null) {
        memRequest = c.getResources().getRequests().get("memory").getNumericalAmount().longValue();
      }
      cs.add(new ContainerMetricsBuilder().withName(c.getName())
          .withUsage(Map.of("cpu", new Quantity((i == 0 ? cpu : 0) + "m"), "memory", new Quantity(String.valueOf(memRequest / 2))))
          .build());
    }
    return new PodMetricsBuilder()
        .withMetadata(new ObjectMetaBuilder().withName(p.getMetadata().getName()).withNamespace(p.getMetadata().getNamespace())
            .withLabels(p.getMetadata().getLabels()).build())
        .withTimestamp(Instant.now().toString()).withWindow(new io.fabric8.kubernetes.api.model.Duration(java.time.Duration.ofSeconds(15))).withContainers(cs).build();
  }

  static String deployment(Pod p) {
    Map<String, String> l = p.getMetadata().getLabels();
    return l == null ? null : l.get(SimulatedDeployments.DEPLOYMENT_LABEL);
  }

  static boolean ready(Pod p) {
    if (p.getMetadata().getDeletionTimestamp() != null || p.getStatus() == null || !"Running".equals(p.getStatus().getPhase())
        || p.getStatus().getConditions() == null) {
      return false;
    }
    return p.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static boolean matches(Pod p, Map<String, String> selector) {
    Map<String, String> l = p.getMetadata().getLabels() == null ? Map.of() : p.getMetadata().getLabels();
    return selector.entrySet().stream().allMatch(e -> e.getValue().equals(l.get(e.getKey())));
  }

  /** {@code labelSelector=a%3Db,c%3Dd} (equality terms only, as the agents send). */
  private static Map<String, String> labelSelector(String query) {
    Map<String, String> out = new HashMap<>();
    for (String kv : query.split("&")) {
      if (kv.startsWith("labelSelector=")) {
        for (String term : URLDecoder.decode(kv.substring("labelSelector=".length()), StandardCharsets.UTF_8).split(",")) {
          int eq = term.indexOf('=');
          if (eq > 0) {
            out.put(term.substring(0, eq).replace("==", ""), term.substring(eq + 1).replaceFirst("^=", ""));
          }
        }
      }
    }
    return out;
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
  }

  void close() {
    // the pods informer is the cluster's
  }
}
