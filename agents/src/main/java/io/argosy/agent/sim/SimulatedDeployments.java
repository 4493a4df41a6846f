package io.argosy.agent.sim;

import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.demand.DemandParser;
import io.argosy.gpu.demand.PodDemand;
import io.argosy.gpu.fit.FitResult;
import io.argosy.gpu.fit.NodeState;
import io.argosy.gpu.inventory.InventoryReader;
import io.argosy.gpu.score.ScoringPolicy;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Deployment controller and kube-scheduler of a simulated cluster, for service workloads: keeps
 * as many pods of each {@code apps/v1} Deployment as its {@code spec.replicas} (creating them bound
 * to the first node where gpu-model's fit says they fit, deleting pending ones first on a scale
 * down), so that {@link SimulatedKubelet} runs them. A pod that fits nowhere stays Pending without a
 * node until capacity frees. Pods run until deleted. One timer thread, woken by Deployment events
 * and every second.
 */
final class SimulatedDeployments implements AutoCloseable {
  /** Label on every pod the simulated controller creates: its Deployment's name. */
  static final String DEPLOYMENT_LABEL = "sim.argosy.io/deployment";
  private static final Logger LOG = Logger.getLogger(SimulatedDeployments.class.getName());
  private static final String FOREVER = String.valueOf(10L * 365 * 24 * 3600);

  private final KubernetesClient client;
  private final ScheduledExecutorService timer;
  private final Catalog catalog = Catalog.builtin();
  private SharedIndexInformer<Deployment> deployments;
  private SharedIndexInformer<Pod> pods;
  private SharedIndexInformer<Node> nodes;
  /** Pods created or deleted by this controller that the informer has not caught up with (key → deployment key). */
  private final Map<String, String> creating = new HashMap<>();
  private final java.util.Set<String> deleting = new java.util.HashSet<>();

  SimulatedDeployments(KubernetesClient client, String cluster) {
    this.client = client;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sim-deployments-" + cluster);
      t.setDaemon(true);
      return t;
    });
  }

  void start(SharedIndexInformer<Node> nodes, SharedIndexInformer<Pod> pods) {
    this.nodes = nodes;
    this.pods = pods;
    deployments = client.apps().deployments().inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Deployment d) {
        timer.execute(SimulatedDeployments.this::reconcileAll);
      }

      @Override
      public void onUpdate(Deployment o, Deployment d) {
        timer.execute(SimulatedDeployments.this::reconcileAll);
      }

      @Override
      public void onDelete(Deployment d, boolean unknown) {
        timer.execute(SimulatedDeployments.this::reconcileAll);
      }
    });
    timer.scheduleWithFixedDelay(this::reconcileAll, 1, 1, TimeUnit.SECONDS);
  }

  private void reconcileAll() {
    if (creating.isEmpty() && deleting.isEmpty() && deployments.getStore().list().isEmpty()
        && pods.getStore().list().stream().noneMatch(p -> SimulatedMetricsServer.deployment(p) != null)) {
      return; // no Deployments and none of their pods: nothing to do (batch pods are the kubelet's)
    }
    try {
      Map<String, List<Pod>> byDeployment = new HashMap<>();
      java.util.Set<String> inStore = new java.util.HashSet<>();
      for (Pod p : pods.getStore().list()) {
        String key = p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
        inStore.add(key);
        String d = SimulatedMetricsServer.deployment(p);
        if (d != null && p.getMetadata().getDeletionTimestamp() == null && !deleting.contains(key)) {
          byDeployment.computeIfAbsent(p.getMetadata().getNamespace() + "/" + d, k -> new ArrayList<>()).add(p);
        }
      }
      // the informer lags our own writes: count pods created but not seen yet, forget deletions once gone
      creating.keySet().removeIf(inStore::contains);
      deleting.retainAll(inStore);
      Map<String, Integer> inFlight = new HashMap<>();
      creating.values().forEach(d -> inFlight.merge(d, 1, Integer::sum));
      Map<String, Deployment> wanted = new LinkedHashMap<>();
      for (Deployment d : deployments.getStore().list()) {
        wanted.put(d.getMetadata().getNamespace() + "/" + d.getMetadata().getName(), d);
      }
      for (Map.Entry<String, List<Pod>> e : byDeployment.entrySet()) { // Deployment gone: its pods go
        if (!wanted.containsKey(e.getKey())) {
          e.getValue().forEach(this::delete);
        }
      }
      Placer placer = null;
      for (Map.Entry<String, Deployment> e : wanted.entrySet()) {
        Deployment d = e.getValue();
        int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        List<Pod> have = new ArrayList<>(byDeployment.getOrDefault(e.getKey(), List.of()));
        have.removeIf(p -> p.getStatus() != null && ("Succeeded".equals(p.getStatus().getPhase()) || "Failed".equals(p.getStatus().getPhase())));
        int flying = inFlight.getOrDefault(e.getKey(), 0);
        if (have.size() + flying > want) {
          // pending (unbound) pods first, then the newest
          have.sort(Comparator.<Pod>comparingInt(p -> p.getSpec().getNodeName() == null ? 0 : 1)
              .thenComparing(p -> p.getMetadata().getCreationTimestamp() == null ? "" : p.getMetadata().getCreationTimestamp(),
                  Comparator.reverseOrder()));
          have.subList(0, Math.min(have.size(), have.size() + flying - want)).forEach(this::delete);
          continue;
        }
        if (placer == null) {
          placer = new Placer();
        }
        for (Pod p : have) {
          if (p.getSpec().getNodeName() == null) {
            String node = placer.place(p);
            if (node != null) {
              bind(p, node);
            }
          }
        }
        for (int i = have.size() + flying; i < want; i++) {
          Pod p = newPod(d);
          String node = placer.place(p);
          if (node != null) {
            p.getSpec().setNodeName(node);
          }
          String podKey = p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
          creating.put(podKey, e.getKey());
          try {
            client.pods().inNamespace(d.getMetadata().getNamespace()).resource(p).create();
          } catch (RuntimeException x) {
            creating.remove(podKey);
            throw x;
          }
        }
      }
    } catch (KubernetesClientException e) {
      LOG.log(Level.FINE, "simulated deployment controller: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "simulated deployment controller failed; retrying", e);
    }
  }

  private Pod newPod(Deployment d) {
    var template = d.getSpec().getTemplate();
    Map<String, String> labels = new HashMap<>(template.getMetadata() == null || template.getMetadata().getLabels() == null
        ? Map.of() : template.getMetadata().getLabels());
    labels.put(DEPLOYMENT_LABEL, d.getMetadata().getName());
    Map<String, String> ann = new HashMap<>(template.getMetadata() == null || template.getMetadata().getAnnotations() == null
        ? Map.of() : template.getMetadata().getAnnotations());
    ann.put(SimulatedKubelet.RUNTIME_ANNOTATION, FOREVER); // a service runs until scaled down
    String suffix = UUID.randomUUID().toString().substring(0, 5);
    return new PodBuilder().withNewMetadata().withName(d.getMetadata().getName() + "-" + suffix)
        .withNamespace(d.getMetadata().getNamespace()).withLabels(labels).withAnnotations(ann).endMetadata()
        .withSpec(template.getSpec()).build();
  }

  private void bind(Pod p, String node) {
    client.pods().inNamespace(p.getMetadata().getNamespace()).withName(p.getMetadata().getName())
        .edit(x -> new PodBuilder(x).editSpec().withNodeName(node).endSpec().build());
  }

  private void delete(Pod p) {
    deleting.add(p.getMetadata().getNamespace() + "/" + p.getMetadata().getName());
    try {
      client.pods().inNamespace(p.getMetadata().getNamespace()).withName(p.getMetadata().getName()).delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  /** First-fit over the nodes with gpu-model, accounting for the pods already bound and those placed in this pass. */
  private final class Placer {
    private final InventoryReader reader = new InventoryReader(catalog);
    private final DemandParser demands = new DemandParser(catalog);
    private final List<String> names = new ArrayList<>();
    private final List<NodeState> states = new ArrayList<>();

    Placer() {
      Map<String, List<Pod>> byNode = new HashMap<>();
      for (Pod p : pods.getStore().list()) {
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        if (p.getSpec().getNodeName() != null && !"Succeeded".equals(phase) && !"Failed".equals(phase)) {
          byNode.computeIfAbsent(p.getSpec().getNodeName(), k -> new ArrayList<>()).add(p);
        }
      }
      for (Node n : nodes.getStore().list()) {
        if (SimulatedKubelet.ready(n) && (n.getSpec() == null || !Boolean.TRUE.equals(n.getSpec().getUnschedulable()))) {
          names.add(n.getMetadata().getName());
          states.add(reader.stateOf(n, byNode.getOrDefault(n.getMetadata().getName(), List.of())));
        }
      }
    }

    String place(Pod p) {
      PodDemand demand;
      try {
        demand = demands.parse(p);
      } catch (RuntimeException e) {
        return null;
      }
      for (int i = 0; i < states.size(); i++) {
        FitResult r = states.get(i).fit(demand, ScoringPolicy.DEFAULT);
        if (r instanceof FitResult.Fits f) {
          states.get(i).allocate(f.assignment());
          return names.get(i);
        }
      }
      return null;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    if (deployments != null) {
      deployments.close();
    }
    client.close();
  }
}
