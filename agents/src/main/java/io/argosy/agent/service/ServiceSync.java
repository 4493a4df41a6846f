package io.argosy.agent.service;

import io.argosy.api.Message;
import io.argosy.api.MetricsReport;
import io.argosy.api.PodNames;
import io.argosy.api.ServiceApply;
import io.argosy.api.ServiceApplyResult;
import io.argosy.api.ServiceMetrics;
import io.argosy.api.ServiceOwnership;
import io.argosy.api.ServiceRemove;
import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.demand.DemandParser;
import io.argosy.gpu.demand.PodDemand;
import io.argosy.gpu.fit.NodeState;
import io.argosy.gpu.grade.ReplicaEstimator;
import io.argosy.gpu.inventory.InventoryReader;
import io.argosy.gpu.score.ScoringPolicy;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agent's half of service workloads: applies {@link ServiceApply} (creates or updates the
 * Deployment in the member cluster, labelled {@link ServiceOwnership#SERVICE}) and {@link ServiceRemove},
 * and every interval sends a {@link MetricsReport}: each service's pods with their requests, phase,
 * readiness and the member's {@code metrics.k8s.io} sample, plus the replicas of the pod template
 * that still fit the cluster (gpu-model's exact estimator over the nodes and the pods on them, like
 * Karmada's scheduler-estimator). Runs on its own thread: its API calls never hold up the agent's
 * loop.
 */
public final class ServiceSync implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ServiceSync.class.getName());
  /** Estimates stop counting at this many replicas per cluster. */
  static final long ESTIMATE_LIMIT = 1_000;

  private final String cluster;
  private final KubernetesClient client;
  private final Consumer<Message> send;
  private final Supplier<List<Node>> nodes;
  private final Supplier<List<Pod>> pods;
  private final Duration interval;
  private final ScheduledExecutorService thread;
  private final Catalog catalog = Catalog.builtin();
  private volatile boolean metricsApi = true;

  public ServiceSync(String cluster, KubernetesClient client, Consumer<Message> send, Supplier<List<Node>> nodes,
      Supplier<List<Pod>> pods, Duration interval) {
    this.cluster = cluster;
    this.client = client;
    this.send = send;
    this.nodes = nodes;
    this.pods = pods;
    this.interval = interval;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "argosy-agent-services-" + cluster);
      t.setDaemon(true);
      return t;
    });
  }

  public ServiceSync start() {
    thread.scheduleWithFixedDelay(this::reportGuarded, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  public void onApply(ServiceApply a) {
    thread.execute(() -> apply(a));
  }

  public void onRemove(ServiceRemove r) {
    thread.execute(() -> remove(r));
  }

  private void apply(ServiceApply a) {
    String[] id = a.service().split("/", 2);
    try {
      Deployment d = Serialization.unmarshal(a.manifest(), Deployment.class);
      String label = PodNames.labelValue(a.service());
      Deployment current = client.apps().deployments().inNamespace(id[0]).withName(id[1]).get();
      if (current != null && revision(current) > a.revision()) {
        send.accept(new ServiceApplyResult(cluster, a.service(), a.revision(), true, "stale: revision " + revision(current) + " applied"));
        return;
      }
      Deployment wanted = new DeploymentBuilder(d)
          .editMetadata().withNamespace(id[0]).withName(id[1]).withResourceVersion(null).withUid(null)
          .addToLabels(ServiceOwnership.SERVICE, label)
          .addToAnnotations(ServiceOwnership.SERVICE_ID, a.service())
          .addToAnnotations(ServiceOwnership.REVISION, String.valueOf(a.revision())).endMetadata()
          .editSpec().withReplicas(a.replicas())
          .editTemplate().editOrNewMetadata().addToLabels(ServiceOwnership.SERVICE, label).endMetadata().endTemplate()
          .endSpec().withStatus(null).build();
      if (current == null) {
        client.apps().deployments().inNamespace(id[0]).resource(wanted).create();
      } else {
        client.apps().deployments().inNamespace(id[0]).withName(id[1]).edit(x -> new DeploymentBuilder(wanted)
            .editMetadata().withResourceVersion(x.getMetadata().getResourceVersion()).withUid(x.getMetadata().getUid()).endMetadata()
            .withStatus(x.getStatus()).build());
      }
      send.accept(new ServiceApplyResult(cluster, a.service(), a.revision(), true, null));
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, cluster + ": applying service " + a.service() + " failed", e);
      send.accept(new ServiceApplyResult(cluster, a.service(), a.revision(), false, e.getMessage()));
    }
  }

  private void remove(ServiceRemove r) {
    String[] id = r.service().split("/", 2);
    try {
      Deployment current = client.apps().deployments().inNamespace(id[0]).withName(id[1]).get();
      if (current != null && current.getMetadata().getLabels() != null
          && current.getMetadata().getLabels().containsKey(ServiceOwnership.SERVICE)) { // only what Argosy created
        client.apps().deployments().inNamespace(id[0]).withName(id[1]).delete();
      }
      send.accept(new ServiceApplyResult(cluster, r.service(), -1, true, null));
    } catch (RuntimeException e) {
      send.accept(new ServiceApplyResult(cluster, r.service(), -1, false, e.getMessage()));
    }
  }

  private static long revision(Deployment d) {
    Map<String, String> a = d.getMetadata().getAnnotations();
    try {
      return a == null || a.get(ServiceOwnership.REVISION) == null ? -1 : Long.parseLong(a.get(ServiceOwnership.REVISION));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private void reportGuarded() {
    try {
      send.accept(report());
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, cluster + ": metrics report failed", e);
    }
  }

  /** One report: every Argosy service in the cluster. Public for tests. */
  public MetricsReport report() {
    List<ServiceMetrics> out = new ArrayList<>();
    List<Deployment> deployments = client.apps().deployments().inAnyNamespace().withLabel(ServiceOwnership.SERVICE).list().getItems();
    if (deployments.isEmpty()) {
      return new MetricsReport(cluster, System.currentTimeMillis(), out);
    }
    List<Pod> all = pods.get();
    List<NodeState> states = null;
    for (Deployment d : deployments) {
      String service = d.getMetadata().getAnnotations() == null ? null : d.getMetadata().getAnnotations().get(ServiceOwnership.SERVICE_ID);
      if (service == null) {
        continue;
      }
      String label = d.getMetadata().getLabels().get(ServiceOwnership.SERVICE);
      String ns = d.getMetadata().getNamespace();
      Map<String, PodMetrics> samples = samples(ns, label);
      List<ServiceMetrics.PodMetrics> podMetrics = new ArrayList<>();
      int ready = 0;
      for (Pod p : all) {
        Map<String, String> l = p.getMetadata().getLabels();
        if (!ns.equals(p.getMetadata().getNamespace()) || l == null || !label.equals(l.get(ServiceOwnership.SERVICE))) {
          continue;
        }
        boolean isReady = ready(p);
        if (isReady) {
          ready++;
        }
        PodMetrics m = samples.get(p.getMetadata().getName());
        podMetrics.add(new ServiceMetrics.PodMetrics(p.getMetadata().getName(),
            p.getStatus() == null || p.getStatus().getPhase() == null ? "Pending" : p.getStatus().getPhase(), isReady,
            p.getMetadata().getDeletionTimestamp() != null, request(p, "cpu", 1000), request(p, "memory", 1),
            m == null ? null : usage(m, "cpu", 1000), m == null ? null : usage(m, "memory", 1)));
      }
      if (states == null) {
        states = nodeStates(all);
      }
      long available = 0;
      try {
        PodDemand demand = new DemandParser(catalog).parse(d.getSpec().getTemplate().getSpec(),
            d.getSpec().getTemplate().getMetadata() == null || d.getSpec().getTemplate().getMetadata().getAnnotations() == null
                ? Map.of() : d.getSpec().getTemplate().getMetadata().getAnnotations());
        available = ReplicaEstimator.exact(demand, states, ScoringPolicy.DEFAULT, ESTIMATE_LIMIT);
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, cluster + ": cannot estimate " + service, e);
      }
      int spec = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
      out.add(new ServiceMetrics(service, spec, ready, available, podMetrics));
    }
    return new MetricsReport(cluster, System.currentTimeMillis(), out);
  }

  private Map<String, PodMetrics> samples(String ns, String label) {
    Map<String, PodMetrics> out = new HashMap<>();
    if (!metricsApi) {
      return out;
    }
    try {
      for (PodMetrics m : client.top().pods().inNamespace(ns).withLabels(Map.of(ServiceOwnership.SERVICE, label)).metrics().getItems()) {
        out.put(m.getMetadata().getName(), m);
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        metricsApi = false; // no metrics-server in this member: every pod's metrics are missing
        LOG.warning(cluster + ": metrics.k8s.io is not served; FederatedHPA sees no resource metrics from this cluster");
      } else {
        LOG.log(Level.FINE, cluster + ": reading pod metrics failed", e);
      }
    }
    return out;
  }

  private List<NodeState> nodeStates(List<Pod> all) {
    Map<String, List<Pod>> byNode = new HashMap<>();
    for (Pod p : all) {
      String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
      if (p.getSpec() != null && p.getSpec().getNodeName() != null && !"Succeeded".equals(phase) && !"Failed".equals(phase)) {
        byNode.computeIfAbsent(p.getSpec().getNodeName(), k -> new ArrayList<>()).add(p);
      }
    }
    InventoryReader reader = new InventoryReader(catalog);
    List<NodeState> states = new ArrayList<>();
    for (Node n : nodes.get()) {
      if (n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable())) {
        continue;
      }
      try {
        states.add(reader.stateOf(n, byNode.getOrDefault(n.getMetadata().getName(), List.of())));
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, cluster + ": node " + n.getMetadata().getName() + " skipped in the estimate", e);
      }
    }
    return states;
  }

  private static boolean ready(Pod p) {
    if (p.getMetadata().getDeletionTimestamp() != null || p.getStatus() == null || !"Running".equals(p.getStatus().getPhase())
        || p.getStatus().getConditions() == null) {
      return false;
    }
    return p.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** Summed container requests in base units × scale (cpu millicores with scale 1000, memory bytes with 1). */
  private static long request(Pod p, String resource, long scale) {
    long sum = 0;
    for (Container c : p.getSpec().getContainers()) {
      if (c.getResources() != null && c.getResources().getRequests() != null) {
        Quantity q = c.getResources().getRequests().get(resource);
        if (q != null) {
          sum += q.getNumericalAmount().multiply(java.math.BigDecimal.valueOf(scale)).setScale(0, java.math.RoundingMode.CEILING).longValue();
        }
      }
    }
    return sum;
  }

  private static long usage(PodMetrics m, String resource, long scale) {
    long sum = 0;
    for (ContainerMetrics c : m.getContainers()) {
      Quantity q = c.getUsage() == null ? null : c.getUsage().get(resource);
      if (q != null) {
        sum += q.getNumericalAmount().multiply(java.math.BigDecimal.valueOf(scale)).setScale(0, java.math.RoundingMode.CEILING).longValue();
      }
    }
    return sum;
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
