package io.argosy.agent.sim;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every node's kubelet in one: watches all pods through the API server (over HTTP, like a real
 * kubelet), moves a pod bound to a Ready node to Running after a start delay, then to Succeeded
 * after its runtime ({@value #RUNTIME_ANNOTATION}, seconds). Pods bound to a missing or failed node
 * fail with {@code NodeLost}. Tests fail nodes and pods on request. Durations scale with
 * {@link SimOptions#timeScale()}.
 */
public final class SimulatedKubelet implements AutoCloseable {
  public static final String RUNTIME_ANNOTATION = io.argosy.api.Ownership.SIM_RUNTIME;
  /** Pod annotation: seconds the simulated kubelet waits before starting the pod (scaled), instead of the cluster's delay. */
  public static final String START_ANNOTATION = "sim.argosy.io/start-seconds";
  /** Set by a test on a pod: its containers fail with this reason when the runtime ends. */
  public static final String FAIL_ANNOTATION = "sim.argosy.io/fail-reason";

  private static final Logger LOG = Logger.getLogger(SimulatedKubelet.class.getName());

  private final KubernetesClient client;
  private final SimOptions options;
  /**
   * Every pod's transitions run on one of these threads, chosen by the pod's key: a pod's status
   * writes stay in order (and decisions about it are made one at a time, as before), while writes
   * for different pods go to the API server concurrently, as many kubelets' status managers do.
   */
  private final ScheduledExecutorService[] stripes;
  private final Map<String, ScheduledFuture<?>> scheduled = new ConcurrentHashMap<>();
  private SharedIndexInformer<Pod> pods;
  private SharedIndexInformer<Node> nodes;

  SimulatedKubelet(KubernetesClient client, SimOptions options, String cluster) {
    this.client = client;
    this.options = options;
    this.stripes = new ScheduledExecutorService[STRIPES];
    for (int i = 0; i < STRIPES; i++) {
      String name = "sim-kubelet-" + cluster + "-" + i;
      stripes[i] = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
      });
    }
  }

  /** Concurrent status writers per cluster. */
  static final int STRIPES = 4;

  /** The thread that owns a pod's transitions. */
  private ScheduledExecutorService stripe(String podKey) {
    return stripes[Math.floorMod(podKey.hashCode(), stripes.length)];
  }

  /** Registers on the cluster's shared informers (started by the cluster once every user is registered). */
  void start(SharedIndexInformer<Node> nodes, SharedIndexInformer<Pod> pods) {
    this.nodes = nodes;
    this.pods = pods;
    pods.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        stripe(key(pod)).execute(() -> reconcile(pod));
      }

      @Override
      public void onUpdate(Pod oldPod, Pod pod) {
        stripe(key(pod)).execute(() -> reconcile(pod));
      }

      @Override
      public void onDelete(Pod pod, boolean unknownFinalState) {
        ScheduledFuture<?> f = scheduled.remove(key(pod));
        if (f != null) {
          f.cancel(false);
        }
      }
    });
  }

  /** Runs on the pod's thread: decides the pod's next transition, once per phase. */
  private void reconcile(Pod pod) {
    String key = key(pod);
    String nodeName = pod.getSpec().getNodeName();
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if (nodeName == null || pod.getMetadata().getDeletionTimestamp() != null
        || "Succeeded".equals(phase) || "Failed".equals(phase) || scheduled.containsKey(key)) {
      return;
    }
    Node node = nodes.getStore().getByKey(nodeName);
    if (node == null && !"Running".equals(phase)) {
      // not started and its node is gone: it stays Pending, unschedulable (as Volcano's scheduler
      // leaves a pod pinned to a deleted node), until someone deletes it
      if (!unschedulable(pod)) {
        schedule(key, 0, () -> markUnschedulable(pod, nodeName));
      }
    } else if (node == null || !ready(node)) {
      schedule(key, 0, () -> finish(pod, false, "NodeLost", "node " + nodeName + " is not ready or gone"));
    } else if ("Running".equals(phase)) {
      schedule(key, runtimeMillis(pod), () -> finish(pod, failReason(pod) == null, failReason(pod), null));
    } else {
      schedule(key, startMillis(pod), () -> run(pod));
    }
  }

  /** The start delay: the pod's {@value #START_ANNOTATION} (seconds) or the cluster's, scaled. */
  private long startMillis(Pod pod) {
    Map<String, String> ann = pod.getMetadata().getAnnotations();
    if (ann != null && ann.get(START_ANNOTATION) != null) {
      try {
        return options.scaled(Double.parseDouble(ann.get(START_ANNOTATION).strip()) * 1000);
      } catch (NumberFormatException e) {
        LOG.warning("pod " + key(pod) + ": " + START_ANNOTATION + " is not a number; using the default start delay");
      }
    }
    return options.scaled(options.startMillis());
  }

  private static boolean unschedulable(Pod pod) {
    return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
        .anyMatch(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason()));
  }

  private void markUnschedulable(Pod pod, String nodeName) {
    String now = Instant.now().toString();
    retrying(() -> client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
        .editStatus(p -> new PodBuilder(p)
            .editOrNewStatus()
            .withPhase("Pending")
            .withConditions(new io.fabric8.kubernetes.api.model.PodConditionBuilder().withType("PodScheduled")
                .withStatus("False").withReason("Unschedulable").withMessage("node " + nodeName + " not found")
                .withLastTransitionTime(now).build())
            .endStatus()
            .build()));
  }

  private void schedule(String key, long delayMillis, Runnable r) {
    scheduled.put(key, stripe(key).schedule(() -> {
      scheduled.remove(key);
      try {
        r.run();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) {
          LOG.log(Level.FINE, "kubelet could not update " + key, e);
          // the informer's next event for this pod reconciles it again
        }
      }
    }, delayMillis, TimeUnit.MILLISECONDS));
  }

  /** Status writes race with other writers (tests, Volcano); retry on a resourceVersion conflict. */
  private static <T> T retrying(java.util.function.Supplier<T> write) {
    for (int attempt = 1; ; attempt++) {
      try {
        return write.get();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= 10) {
          throw e;
        }
      }
    }
  }

  /** Runs {@code r} on the pod's thread and waits, so requests from tests do not race the kubelet. */
  private void onPodThread(String podKey, Runnable r) {
    try {
      stripe(podKey).submit(r).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("simulated kubelet did not answer", e);
    }
  }

  /**
   * Pending to Running. The status is written as a JSON merge patch of the status subresource from
   * the informer's copy of the pod (no GET first, no resourceVersion to conflict on): one request
   * per transition, as a kubelet's status manager sends.
   */
  private void run(Pod pod) {
    String nodeName = pod.getSpec().getNodeName();
    if (nodes.getStore().getByKey(nodeName) == null) {
      markUnschedulable(pod, nodeName);
      return;
    }
    String now = Instant.now().toString();
    Pod updated = patchStatus(pod, new PodBuilder(pod)
        .editOrNewStatus()
        .withPhase("Running")
        .withStartTime(now)
        .withHostIP("10.0.0.1")
        .withPodIP("10.1.0.1")
        .withConditions(conditions(true, now))
        .withContainerStatuses(containerStatuses(pod, now, null))
        .endStatus()
        .build().getStatus());
    // the informer also sees the update; schedule completion here so it is exactly once
    String key = key(updated);
    if (!scheduled.containsKey(key)) {
      String reason = failReason(updated);
      schedule(key, runtimeMillis(updated), () -> finish(updated, reason == null, reason, null));
    }
  }

  private void finish(Pod pod, boolean success, String reason, String message) {
    Pod latest = pods == null ? null : pods.getStore().getByKey(key(pod));
    if (terminal(pod) || (latest != null && terminal(latest))) {
      return; // phases only move forward
    }
    Pod current = pod;
    String now = Instant.now().toString();
    patchStatus(current, new PodBuilder(current)
        .editOrNewStatus()
        .withPhase(success ? "Succeeded" : "Failed")
        .withReason(success ? null : reason)
        .withMessage(message)
        .withConditions(conditions(false, now))
        .withContainerStatuses(containerStatuses(current, now, success ? "Completed" : reason))
        .endStatus()
        .build().getStatus());
  }

  /**
   * Replaces the pod's status with a JSON patch ({@code add /status}) on the status subresource.
   * Not a merge patch: the mock API server merges arrays by appending, so a merge would keep the
   * old container states beside the new ones.
   */
  private Pod patchStatus(Pod pod, io.fabric8.kubernetes.api.model.PodStatus status) {
    String patch = "[{\"op\":\"add\",\"path\":\"/status\",\"value\":"
        + io.fabric8.kubernetes.client.utils.Serialization.asJson(status) + "}]";
    return retrying(() -> client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
        .subresource("status").patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
            io.fabric8.kubernetes.client.dsl.base.PatchType.JSON), patch));
  }

  /** Fails a pod now, as if its container exited with {@code reason} (e.g. {@code OOMKilled}, {@code Error}). */
  public void failPod(String namespace, String name, String reason) {
    onPodThread(namespace + "/" + name, () -> failPodNow(namespace, name, reason));
  }

  private void failPodNow(String namespace, String name, String reason) {
    Pod pod = client.pods().inNamespace(namespace).withName(name).get();
    if (pod == null) {
      throw new IllegalArgumentException("no pod " + namespace + "/" + name);
    }
    ScheduledFuture<?> f = scheduled.remove(key(pod));
    if (f != null) {
      f.cancel(false);
    }
    finish(pod, false, reason, "failed on request");
  }

  /**
   * Fails a node: Ready becomes Unknown with the {@code node.kubernetes.io/unreachable} NoExecute
   * taint the node lifecycle controller adds, and every pod still running there fails with NodeLost.
   */
  public void failNode(String name) {
    failNodeNow(name);
  }

  private void failNodeNow(String name) {
    client.nodes().withName(name).edit(n -> {
      List<Taint> taints = new ArrayList<>(n.getSpec().getTaints() == null ? List.of() : n.getSpec().getTaints());
      taints.removeIf(t -> "node.kubernetes.io/unreachable".equals(t.getKey()));
      taints.add(new TaintBuilder().withKey("node.kubernetes.io/unreachable").withEffect("NoExecute").withTimeAdded(Instant.now().toString()).build());
      return new NodeBuilder(n).editSpec().withTaints(taints).endSpec()
          .editStatus().withConditions(NodeFactory.readyConditions(false)).endStatus().build();
    });
    for (Pod p : pods.getStore().list()) {
      String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
      if (name.equals(p.getSpec().getNodeName()) && !"Succeeded".equals(phase) && !"Failed".equals(phase)) {
        onPodThread(key(p), () -> {
          ScheduledFuture<?> f = scheduled.remove(key(p));
          if (f != null) {
            f.cancel(false);
          }
          try {
            finish(p, false, "NodeLost", "node " + name + " failed");
          } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
              throw e;
            }
          }
        });
      }
    }
  }

  /** Undoes {@link #failNode(String)}: Ready again, taint removed. */
  public void recoverNode(String name) {
    recoverNodeNow(name);
  }

  private void recoverNodeNow(String name) {
    client.nodes().withName(name).edit(n -> {
      List<Taint> taints = new ArrayList<>(n.getSpec().getTaints() == null ? List.of() : n.getSpec().getTaints());
      taints.removeIf(t -> "node.kubernetes.io/unreachable".equals(t.getKey()));
      return new NodeBuilder(n).editSpec().withTaints(taints).endSpec()
          .editStatus().withConditions(NodeFactory.readyConditions(true)).endStatus().build();
    });
  }

  long runtimeMillis(Pod pod) {
    double seconds = options.defaultRuntimeSeconds();
    Map<String, String> ann = pod.getMetadata().getAnnotations();
    if (ann != null && ann.get(RUNTIME_ANNOTATION) != null) {
      try {
        seconds = Double.parseDouble(ann.get(RUNTIME_ANNOTATION).strip());
      } catch (NumberFormatException e) {
        LOG.warning("pod " + key(pod) + ": " + RUNTIME_ANNOTATION + " is not a number; using " + seconds);
      }
    }
    return options.scaled(seconds * 1000);
  }

  static String failReason(Pod pod) {
    Map<String, String> ann = pod.getMetadata().getAnnotations();
    return ann == null ? null : ann.get(FAIL_ANNOTATION);
  }

  static boolean terminal(Pod p) {
    String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  static boolean ready(Node n) {
    if (n.getStatus() == null || n.getStatus().getConditions() == null) {
      return false;
    }
    return n.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  static List<PodCondition> conditions(boolean running, String now) {
    List<PodCondition> cs = new ArrayList<>();
    cs.add(new PodConditionBuilder().withType("PodScheduled").withStatus("True").withLastTransitionTime(now).build());
    cs.add(new PodConditionBuilder().withType("Initialized").withStatus("True").withLastTransitionTime(now).build());
    cs.add(new PodConditionBuilder().withType("ContainersReady").withStatus(running ? "True" : "False").withLastTransitionTime(now).build());
    cs.add(new PodConditionBuilder().withType("Ready").withStatus(running ? "True" : "False").withLastTransitionTime(now).build());
    return cs;
  }

  /** Running containers when {@code terminatedReason} is null, else terminated with it (exit 0 for Completed). */
  static List<ContainerStatus> containerStatuses(Pod p, String now, String terminatedReason) {
    List<ContainerStatus> out = new ArrayList<>();
    for (var c : p.getSpec().getContainers()) {
      ContainerStatusBuilder b = new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
          .withReady(terminatedReason == null).withStarted(terminatedReason == null).withRestartCount(0);
      if (terminatedReason == null) {
        b.withNewState().withNewRunning().withStartedAt(now).endRunning().endState();
      } else {
        b.withNewState().withNewTerminated().withReason(terminatedReason)
            .withExitCode("Completed".equals(terminatedReason) ? 0 : 1).withFinishedAt(now).endTerminated().endState();
      }
      out.add(b.build());
    }
    return out;
  }

  static String key(Pod p) {
    return p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
  }

  @Override
  public void close() {
    for (ScheduledExecutorService s : stripes) {
      s.shutdownNow();
    }
    client.close();
  }
}
