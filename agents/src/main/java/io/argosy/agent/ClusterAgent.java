package io.argosy.agent;

import io.argosy.agent.apply.BindingFit;
import io.argosy.agent.apply.DependencyWriter;
import io.argosy.agent.apply.Materializer;
import io.argosy.agent.apply.MemberWriter;
import io.argosy.agent.inventory.Reports;
import io.argosy.api.AgentMode;
import io.argosy.api.Binding;
import io.argosy.api.BindingResult;
import io.argosy.api.Heartbeat;
import io.argosy.api.Hello;
import io.argosy.api.Message;
import io.argosy.api.NodeReport;
import io.argosy.api.Ownership;
import io.argosy.api.PodBinding;
import io.argosy.api.PodPhase;
import io.argosy.api.PodReport;
import io.argosy.api.ResyncRequest;
import io.argosy.api.StatusEvent;
import io.argosy.api.Withdraw;
import io.argosy.api.WithdrawResult;
import io.argosy.api.WorkloadReport;
import io.argosy.gpu.fit.Assignment;
import io.argosy.gpu.inventory.NodeInventory;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.volcano.api.model.batch.v1alpha1.Job;
import io.fabric8.volcano.api.model.scheduling.v1beta1.PodGroup;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The per-cluster agent. It watches Nodes and Pods (and Volcano Jobs and PodGroups when the
 * cluster serves them) with fabric8 informers, keeps the cluster's inventory in gpu-model's terms,
 * and talks to the control plane over one WebSocket: Hello and a full snapshot on every connect,
 * consecutive deltas after, heartbeats, and a status event per pod phase transition of the pods
 * it created. It applies bindings idempotently and withdraws what it created, nothing else.
 *
 * <p>Threads: informer callbacks and WebSocket frames are handed to one loop thread that owns all
 * state; blocking writes to the member cluster run on a few writer threads (in order per job and per
 * dependency object, {@link KeyedWrites}), so a slow API server never
 * delays reports. The same class runs in the control plane (push, with the member's kubeconfig) and
 * in the member cluster ({@code argosy agent}, pull).
 */
public final class ClusterAgent implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ClusterAgent.class.getName());
  static final String NODE_INDEX = "node";

  private final String cluster;
  private final String agentId;
  private final AgentMode mode;
  private final KubernetesClient client;
  private final boolean ownsClient;
  private final Vertx vertx;
  private final boolean ownsVertx;
  private final URI server;
  private final String token;
  private final AgentLink.Trust trust;
  private final Map<String, String> labels;
  private final List<String> taints;
  private final Duration heartbeatInterval;
  private final Duration deltaInterval;
  private final Duration metricsInterval;
  private io.argosy.agent.service.ServiceSync services;
  private final Backoff backoff;

  private final ScheduledExecutorService loop;
  private final KeyedWrites writes;
  private final ClusterView view;
  private final MemberWriter writer;
  private final DependencyWriter dependencyWriter;
  /** Dependencies this agent created, by {@code Kind/namespace/name}: the bindings using them (loop thread). */
  private final Map<String, Set<String>> dependencyUsers = new HashMap<>();
  private final Map<String, String> dependencyManifests = new HashMap<>();
  private AgentLink link;

  private volatile SharedIndexInformer<Node> nodes;
  private volatile SharedIndexInformer<Pod> pods;
  private volatile SharedIndexInformer<Job> volcanoJobs;
  private volatile SharedIndexInformer<PodGroup> podGroups;
  private volatile boolean volcano;
  private volatile String kubernetesVersion = "unknown";

  // loop-thread state
  private long sequence;
  private boolean session;
  private final Map<String, PodPhase> lastSentPhase = new HashMap<>();
  /** resourceVersion last turned into a report, per node and pod: the same version is not read twice. */
  private final Map<String, String> nodeVersions = new HashMap<>();
  private final Map<String, String> podVersions = new HashMap<>();
  private boolean listed;
  private boolean openPending;
  private final Set<String> withdrawing = new HashSet<>();
  private final Reservations reservations = new Reservations();
  private final Set<String> inFlight = new HashSet<>();
  private volatile Consumer<Message> sentTap = m -> {};
  private long startNanos;
  private boolean connectedOnce;

  private ClusterAgent(Builder b) {
    this.cluster = Objects.requireNonNull(b.cluster, "cluster");
    // 8 hex digits, as before from a UUID: ThreadLocalRandom, since a JVM's first random UUID seeds
    // SecureRandom (~0.1 s cold, on a launched agent's path to its first snapshot)
    this.agentId = b.agentId != null ? b.agentId
        : cluster + "-" + Long.toHexString(0x100000000L | (ThreadLocalRandom.current().nextInt() & 0xffffffffL)).substring(1);
    this.mode = b.mode;
    this.ownsVertx = b.vertx == null;
    if (b.client != null) {
      this.client = b.client;
      this.ownsClient = false;
      this.vertx = ownsVertx ? Vertx.vertx() : b.vertx;
    } else {
      ColdStart cold = ColdStart.begin(b.vertx); // in a fresh JVM this overlaps reading the kubeconfig
      Config config;
      try {
        config = b.config();
      } catch (RuntimeException e) {
        if (ownsVertx) {
          cold.vertx.thenAccept(Vertx::close);
        }
        throw e;
      }
      this.vertx = cold.vertx.join();
      // fabric8 keeps its own Vert.x: on a shared one, a closed agent's watches stalled the mock API
      // server's teardown (benchmarks), and the lists' decoding would hold up the link's event loop
      this.client = new KubernetesClientBuilder().withConfig(config).withKubernetesSerialization(cold.serialization.join()).build();
      this.ownsClient = true;
    }
    this.server = Objects.requireNonNull(b.server, "server");
    this.token = Objects.requireNonNull(b.token, "token");
    this.trust = b.trust;
    this.labels = Map.copyOf(b.labels);
    this.taints = List.copyOf(b.taints);
    this.heartbeatInterval = b.heartbeatInterval;
    this.deltaInterval = b.deltaInterval;
    this.metricsInterval = b.metricsInterval;
    this.backoff = new Backoff(b.backoffMin, b.backoffMax, agentId.hashCode());
    this.loop = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "argosy-agent-" + cluster));
    this.writes = new KeyedWrites("argosy-agent-writes-" + cluster, WRITERS);
    this.view = new ClusterView(cluster);
    this.writer = new MemberWriter(client);
    this.dependencyWriter = new DependencyWriter(client);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /**
   * For a process that is about to run one agent with its own client and Vert.x ({@code argosy
   * agent}): starts the JVM's one-time work for it now, while the process still parses its options.
   */
  public static void prepareFreshJvm() {
    ColdStart.beginEarly();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts the informers (blocking until their first list is in) and connects to the control plane. */
  public ClusterAgent start() {
    startNanos = System.nanoTime();
    // connecting, listing and discovery overlap: the snapshot waits for the lists, Hello for discovery
    link = newLink();
    link.start();
    CompletableFuture<Void> discovered = writes.runUnordered(this::discover);
    nodes = client.nodes().runnableInformer(0);
    nodes.addEventHandler(handler(this::onNode, n -> onNodeDeleted(n.getMetadata().getName())));
    pods = client.pods().inAnyNamespace().runnableInformer(0);
    pods.addIndexers(Map.of(NODE_INDEX, p -> p.getSpec() == null || p.getSpec().getNodeName() == null
        ? List.of() : List.of(p.getSpec().getNodeName())));
    pods.addEventHandler(handler(this::onPod, this::onPodDeleted));
    var nodesListed = nodes.start(); // both list at once
    await(pods.start());
    await(nodesListed);
    discovered.join();
    if (volcano) {
      volcanoJobs = client.resources(Job.class).inAnyNamespace().withLabel(Ownership.MANAGED_BY, Ownership.ARGOSY)
          .inform(handler(this::onVolcanoJob, j -> onWorkloadDeleted(volcanoJobKey(j))));
      podGroups = client.resources(PodGroup.class).inAnyNamespace()
          .inform(handler(this::onPodGroup, g -> onWorkloadDeleted(podGroupKey(g))));
    }
    services = new io.argosy.agent.service.ServiceSync(cluster, client, m -> enqueue(() -> {
      if (session) {
        send(m);
      }
    }), () -> nodes.getStore().list(), () -> pods.getStore().list(), metricsInterval).start();
    long listedMillis = (System.nanoTime() - startNanos) / 1_000_000;
    loop.scheduleAtFixedRate(this::heartbeat, heartbeatInterval.toMillis(), heartbeatInterval.toMillis(), TimeUnit.MILLISECONDS);
    loop.scheduleWithFixedDelay(this::flushDelta, deltaInterval.toMillis(), deltaInterval.toMillis(), TimeUnit.MILLISECONDS);
    loop.scheduleWithFixedDelay(() -> guarded(this::sweepDependencies), 1, 1, TimeUnit.SECONDS);
    enqueue(() -> {
      listed = true;
      if (openPending) {
        openPending = false;
        onOpened();
      }
    });
    // after the snapshot is queued: a JVM's first log record (its formatter, the caller's frame) costs
    // tens of milliseconds cold, which the snapshot need not wait for
    LOG.info(String.format("%s: watching %d nodes and %d pods%s (listed in %d ms)", cluster, nodes.getStore().list().size(),
        pods.getStore().list().size(), volcano ? " with Volcano" : "", listedMillis));
    return this;
  }

  private AgentLink newLink() {
    return new AgentLink(vertx, server, token, trust, cluster, backoff, new AgentLink.Events() {
      @Override
      public void opened() {
        enqueue(ClusterAgent.this::onOpened);
      }

      @Override
      public void received(Message m) {
        enqueue(() -> onReceived(m));
      }

      @Override
      public void closed(String reason) {
        enqueue(() -> {
          session = false;
          openPending = false;
          LOG.fine(cluster + ": disconnected: " + reason);
        });
      }
    });
  }

  /** What Hello reports besides the cluster: the API server's version and whether it serves Volcano. */
  private void discover() {
    try {
      var v = client.getKubernetesVersion();
      kubernetesVersion = v.getGitVersion() != null ? v.getGitVersion() : "v" + v.getMajor() + "." + v.getMinor();
    } catch (RuntimeException e) {
      LOG.warning(cluster + ": cannot read the API server version: " + e.getMessage());
    }
    volcano = supportsVolcano();
  }

  private boolean supportsVolcano() {
    try {
      return client.supports(Job.class) && client.supports(PodGroup.class);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static void await(java.util.concurrent.CompletionStage<Void> stage) {
    try {
      stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while listing the cluster", e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot list the cluster: " + e.getMessage(), e);
    }
  }

  private <T> ResourceEventHandler<T> handler(Consumer<T> upsert, Consumer<T> delete) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        enqueue(() -> upsert.accept(obj));
      }

      @Override
      public void onUpdate(T oldObj, T obj) {
        enqueue(() -> upsert.accept(obj));
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        enqueue(() -> delete.accept(obj));
      }
    };
  }

  /** Runs on the loop thread; dropped once the agent is closed. */
  private void enqueue(Runnable r) {
    try {
      loop.execute(() -> guarded(r));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed
    }
  }

  private void guarded(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, cluster + ": agent error", e);
    }
  }

  // ------------------------------------------------------------------ observed state (loop thread)

  private void onNode(Node node) {
    String version = node.getMetadata().getResourceVersion();
    if (version != null && version.equals(nodeVersions.put(node.getMetadata().getName(), version))) {
      return;
    }
    NodeReport r = Reports.node(node);
    SharedIndexInformer<Pod> podInformer = pods;
    if (view.upsertNode(r) && podInformer != null) {
      // what pods hold is read against the node's devices: re-read the pods bound there
      for (Pod p : podInformer.getIndexer().byIndex(NODE_INDEX, r.name())) {
        readPod(p);
      }
    }
  }

  private void onNodeDeleted(String name) {
    nodeVersions.remove(name);
    view.deleteNode(name);
  }

  private void onPod(Pod pod) {
    String version = pod.getMetadata().getResourceVersion();
    String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    if (version != null && version.equals(podVersions.put(key, version))) {
      return;
    }
    readPod(pod);
  }

  private void readPod(Pod pod) {
    String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    NodeReport nr = node == null ? null : view.node(node);
    PodReport r = Reports.pod(pod, nr == null ? null : nr.inventory());
    view.upsertPod(r, Reports.exactDevices(pod));
    if (r.managed()) {
      reservations.podSeen(r.bindingId(), r.key());
      maybeSendStatus(r);
    }
  }

  private void onPodDeleted(Pod pod) {
    String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    podVersions.remove(key);
    PodReport old = view.deletePod(key);
    boolean ours = withdrawing.remove(key);
    lastSentPhase.remove(key);
    // deleted by someone else before it finished: for the job that is a failure (while disconnected,
    // the next snapshot shows the pod gone instead)
    if (old != null && old.managed() && !ours && !old.phase().terminal() && session) {
      flushDelta();
      send(new StatusEvent(cluster, old.bindingId(), old.jobId(), old.namespace(), old.name(), old.task(), old.node(),
          PodPhase.FAILED, "Deleted", System.currentTimeMillis()));
    }
  }

  private void onVolcanoJob(Job j) {
    Map<String, String> l = j.getMetadata().getLabels();
    Map<String, String> a = j.getMetadata().getAnnotations() == null ? Map.of() : j.getMetadata().getAnnotations();
    var state = j.getStatus() == null ? null : j.getStatus().getState();
    view.upsertWorkload(new WorkloadReport("Job.batch.volcano.sh", j.getMetadata().getNamespace(), j.getMetadata().getName(),
        a.get(Ownership.JOB_ID), l.get(Ownership.BINDING), state == null ? "Pending" : state.getPhase(),
        state == null ? null : state.getReason()));
  }

  private void onPodGroup(PodGroup g) {
    var owner = g.getMetadata().getOwnerReferences() == null ? null : g.getMetadata().getOwnerReferences().stream()
        .filter(o -> "Job".equals(o.getKind()) && o.getApiVersion() != null && o.getApiVersion().startsWith("batch.volcano.sh/"))
        .findFirst().orElse(null);
    if (owner == null || volcanoJobs == null) {
      return;
    }
    Job job = volcanoJobs.getStore().getByKey(g.getMetadata().getNamespace() + "/" + owner.getName());
    if (job == null) {
      return; // not a job Argosy created
    }
    var status = g.getStatus();
    String reason = null;
    if (status != null && status.getConditions() != null && !status.getConditions().isEmpty()) {
      var last = status.getConditions().get(status.getConditions().size() - 1);
      reason = last.getReason() != null ? last.getReason() : last.getMessage();
    }
    Map<String, String> a = job.getMetadata().getAnnotations() == null ? Map.of() : job.getMetadata().getAnnotations();
    view.upsertWorkload(new WorkloadReport("PodGroup.scheduling.volcano.sh", g.getMetadata().getNamespace(), g.getMetadata().getName(),
        a.get(Ownership.JOB_ID), null, status == null ? "Pending" : status.getPhase(), reason));
  }

  private void onWorkloadDeleted(String key) {
    view.deleteWorkload(key);
  }

  static String volcanoJobKey(Job j) {
    return "Job.batch.volcano.sh:" + j.getMetadata().getNamespace() + "/" + j.getMetadata().getName();
  }

  static String podGroupKey(PodGroup g) {
    return "PodGroup.scheduling.volcano.sh:" + g.getMetadata().getNamespace() + "/" + g.getMetadata().getName();
  }

  /** Re-reads every object from the informers' stores, so a snapshot never misses one whose event is still queued. */
  private void resyncFromStores() {
    Set<String> names = new HashSet<>();
    for (Node n : nodes.getStore().list()) {
      names.add(n.getMetadata().getName());
      onNode(n);
    }
    List<String> goneNodes = new ArrayList<>();
    view.nodeNames().forEach(n -> {
      if (!names.contains(n)) {
        goneNodes.add(n);
      }
    });
    goneNodes.forEach(this::onNodeDeleted);
    Set<String> podKeys = new HashSet<>();
    for (Pod p : pods.getStore().list()) {
      podKeys.add(p.getMetadata().getNamespace() + "/" + p.getMetadata().getName());
      onPod(p);
    }
    List<String> gonePods = new ArrayList<>();
    for (PodReport p : view.pods()) {
      if (!podKeys.contains(p.key())) {
        gonePods.add(p.key());
      }
    }
    gonePods.forEach(k -> {
      podVersions.remove(k);
      view.deletePod(k);
    });
    if (volcanoJobs != null) {
      volcanoJobs.getStore().list().forEach(this::onVolcanoJob);
      podGroups.getStore().list().forEach(this::onPodGroup);
    }
  }

  // ------------------------------------------------------------------ protocol (loop thread)

  private void onOpened() {
    if (!listed) {
      openPending = true; // Hello and the snapshot go out once the informers have listed
      return;
    }
    List<String> caps = volcano ? List.of(Hello.VOLCANO) : List.of();
    send(new Hello(Hello.PROTOCOL, cluster, agentId, mode, kubernetesVersion, caps, labels, taints));
    sendSnapshot();
    if (!connectedOnce) {
      connectedOnce = true;
      long sentNanos = System.nanoTime();
      // after the send: what the JVM took before the agent started, for a launched agent (benchmarks read this line)
      LOG.info(String.format("%s: connected to %s, first snapshot sent %d ms after start, %d ms after the JVM's",
          cluster, server, (sentNanos - startNanos) / 1_000_000,
          java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() - (System.nanoTime() - sentNanos) / 1_000_000));
    }
    session = true;
    // transitions that happened while disconnected, once each
    for (PodReport p : view.pods()) {
      if (p.managed()) {
        maybeSendStatus(p);
      }
    }
  }

  private void sendSnapshot() {
    resyncFromStores();
    send(view.snapshot(++sequence));
  }

  private void onReceived(Message m) {
    if (m instanceof Binding b) {
      onBinding(b);
    } else if (m instanceof Withdraw w) {
      onWithdraw(w);
    } else if (m instanceof io.argosy.api.ServiceApply a) {
      services.onApply(a);
    } else if (m instanceof io.argosy.api.ServiceRemove r) {
      services.onRemove(r);
    } else if (m instanceof ResyncRequest r) {
      LOG.info(cluster + ": control plane asked for a snapshot: " + r.reason());
      sendSnapshot();
    } else {
      LOG.warning(cluster + ": unexpected " + m.getClass().getSimpleName() + " from the control plane");
    }
  }

  private void flushDelta() {
    if (!session) {
      view.clearChanges(); // the snapshot after reconnecting carries everything
      return;
    }
    if (view.hasChanges()) {
      send(view.drainDelta(++sequence));
    }
  }

  private void heartbeat() {
    if (session) {
      flushDelta();
      send(new Heartbeat(cluster, sequence, System.currentTimeMillis()));
    }
  }

  private void maybeSendStatus(PodReport r) {
    if (!session || r.phase() == lastSentPhase.get(r.key())) {
      return;
    }
    flushDelta(); // the core sees the pod before its status
    if (send(new StatusEvent(cluster, r.bindingId(), r.jobId(), r.namespace(), r.name(), r.task(), r.node(), r.phase(),
        r.reason(), System.currentTimeMillis()))) {
      lastSentPhase.put(r.key(), r.phase());
    }
  }

  private boolean send(Message m) {
    boolean sent = link.send(m);
    if (sent) {
      sentTap.accept(m);
    }
    return sent;
  }

  // ------------------------------------------------------------------ bindings and withdrawals

  private void onBinding(Binding b) {
    if (!cluster.equals(b.cluster())) {
      send(BindingResult.rejected(b, "binding is for cluster " + b.cluster() + ", this agent serves " + cluster));
      return;
    }
    if (inFlight.contains(b.bindingId())) {
      return; // the first delivery's result is coming
    }
    Materializer.Plan plan;
    try {
      plan = Materializer.plan(b, volcano, this::inventory, Instant.now());
    } catch (IllegalArgumentException e) {
      send(BindingResult.rejected(b, e.getMessage()));
      return;
    }
    if (plan.volcanoJob() != null) {
      Job existing = volcanoJobs.getStore().getByKey(b.namespace() + "/" + b.jobName());
      if (existing != null && b.bindingId().equals(existing.getMetadata().getLabels().get(Ownership.BINDING))) {
        send(BindingResult.accepted(b, List.of()));
        return;
      }
    }
    List<PodBinding> missing = new ArrayList<>();
    for (PodBinding pb : b.pods()) {
      PodReport existing = view.pod(b.namespace() + "/" + pb.name());
      if (existing == null || !b.bindingId().equals(existing.bindingId())) {
        missing.add(pb);
      }
    }
    if (missing.isEmpty()) {
      send(BindingResult.accepted(b, List.of()));
      return;
    }
    String reason = fit(b, missing, plan);
    if (reason != null) {
      send(BindingResult.rejected(b, reason));
      if (missing.size() < b.pods().size()) {
        // an earlier delivery created part of the gang: a gang is all or nothing
        writes.submit(jobKey(b.jobId()), () -> guarded(() -> writer.withdraw(b.jobId(), b.bindingId(), volcano)));
      }
      return;
    }
    Map<String, PodBinding> reserved = new LinkedHashMap<>();
    missing.forEach(pb -> reserved.put(b.namespace() + "/" + pb.name(), pb));
    reservations.put(b.bindingId(), b.jobId(), reserved);
    inFlight.add(b.bindingId());
    Set<String> missingNames = new HashSet<>();
    missing.forEach(pb -> missingNames.add(pb.name()));
    Materializer.Plan todo = plan.volcanoJob() != null ? plan
        : new Materializer.Plan(plan.pods().stream().filter(p -> missingNames.contains(p.getMetadata().getName())).toList(), null, plan.tolerations());
    List<String> writeKeys = new ArrayList<>();
    writeKeys.add(jobKey(b.jobId()));
    b.dependencies().forEach(d -> writeKeys.add(dependencyKey(d.key())));
    writes.submit(writeKeys, () -> {
      BindingResult result;
      List<String> managedDeps = List.of();
      try {
        // the objects the pods reference exist before the pods
        managedDeps = dependencyWriter.apply(b.dependencies(), b.bindingId());
        result = BindingResult.accepted(b, writer.apply(todo, b.bindingId()));
      } catch (MemberWriter.ConflictException e) {
        result = BindingResult.rejected(b, e.getMessage());
      } catch (RuntimeException e) {
        guarded(() -> writer.withdraw(b.jobId(), b.bindingId(), volcano));
        result = BindingResult.rejected(b, "member cluster API error: " + e.getMessage());
      }
      BindingResult r = result;
      List<String> deps = managedDeps;
      enqueue(() -> {
        for (var d : b.dependencies()) {
          if (deps.contains(d.key())) {
            dependencyUsers.computeIfAbsent(d.key(), k -> new HashSet<>()).add(b.bindingId());
            dependencyManifests.put(d.key(), d.manifest());
          }
        }
        inFlight.remove(b.bindingId());
        if (!r.accepted()) {
          reservations.remove(b.bindingId());
        }
        flushDelta();
        send(r);
      });
    });
  }

  /**
   * Deletes the dependencies no binding uses any more: a binding uses them while it is being
   * applied, while its pods are awaited, and while any of its pods is not finished.
   */
  private void sweepDependencies() {
    if (dependencyUsers.isEmpty()) {
      return;
    }
    Set<String> live = new HashSet<>(inFlight);
    live.addAll(reservations.bindingIds());
    for (PodReport p : view.pods()) {
      if (p.managed() && !p.phase().terminal()) {
        live.add(p.bindingId());
      }
    }
    for (var it = dependencyUsers.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      e.getValue().retainAll(live);
      if (e.getValue().isEmpty()) {
        it.remove();
        String key = e.getKey();
        String manifest = dependencyManifests.remove(key);
        writes.submit(dependencyKey(key), () -> {
          try {
            if (dependencyWriter.delete(key, manifest)) {
              LOG.fine(cluster + ": deleted " + key + ", no job here uses it any more");
            }
          } catch (RuntimeException x) {
            LOG.warning(cluster + ": cannot delete " + key + ": " + x.getClass().getSimpleName());
          }
        });
      }
    }
  }

  /** Concurrent writers per agent (see {@link KeyedWrites}). */
  static final int WRITERS = 8;

  /** Writes for one job run in order: its creates, a rejected gang's clean-up, its withdrawals. */
  private static String jobKey(String jobId) {
    return "job:" + jobId;
  }

  /** Writes of one dependency object run in order: creates and use-marks by bindings, its deletion. */
  private static String dependencyKey(String key) {
    return "dependency:" + key;
  }

  private NodeInventory inventory(String node) {
    NodeReport r = view.node(node);
    return r == null ? null : r.inventory();
  }

  /** The first reason some node cannot take its pods of the binding now, or null. */
  private String fit(Binding b, List<PodBinding> missing, Materializer.Plan plan) {
    Map<String, List<Assignment>> wanted = new LinkedHashMap<>();
    for (PodBinding pb : missing) {
      wanted.computeIfAbsent(pb.node(), k -> new ArrayList<>()).add(pb.assignment());
    }
    for (var e : wanted.entrySet()) {
      List<Assignment> held = new ArrayList<>(view.held(e.getKey()));
      held.addAll(reservations.heldOn(e.getKey()));
      String reason = BindingFit.check(e.getKey(), view.node(e.getKey()), held, view.approximate(e.getKey()), e.getValue(),
          plan.tolerations());
      if (reason != null) {
        return reason;
      }
    }
    return null;
  }

  /**
   * Deletes what the withdrawal covers, found in the informer caches (pods and Volcano Jobs carrying
   * the job's and binding's labels) and in the reservations of bindings still being applied: one
   * DELETE per object and no LIST, so a withdrawal costs the member's API server what it deletes.
   */
  private void onWithdraw(Withdraw w) {
    List<String> podKeys = new ArrayList<>();
    for (PodReport p : view.managedPodsOf(w.jobId())) {
      if (w.bindingId() == null || w.bindingId().equals(p.bindingId())) {
        withdrawing.add(p.key());
        podKeys.add(p.key());
      }
    }
    boolean[] unseen = new boolean[1];
    for (Reservations.Reservation r : reservations.removeIf((bindingId, res) ->
        res.jobId().equals(w.jobId()) && (w.bindingId() == null || w.bindingId().equals(bindingId)))) {
      unseen[0] = true;
      for (String key : r.pods().keySet()) {
        if (!podKeys.contains(key)) {
          withdrawing.add(key);
          podKeys.add(key);
        }
      }
    }
    List<String> jobKeys = new ArrayList<>();
    if (volcanoJobs != null) {
      String label = io.argosy.api.PodNames.labelValue(w.jobId());
      for (Job j : volcanoJobs.getStore().list()) {
        Map<String, String> l = j.getMetadata().getLabels() == null ? Map.of() : j.getMetadata().getLabels();
        if (label.equals(l.get(Ownership.JOB)) && (w.bindingId() == null || w.bindingId().equals(l.get(Ownership.BINDING)))) {
          jobKeys.add(j.getMetadata().getNamespace() + "/" + j.getMetadata().getName());
        }
      }
    }
    writes.submit(jobKey(w.jobId()), () -> {
      List<String> deleted;
      try {
        // a Volcano Job still being created is in no cache yet: only a LIST finds it
        deleted = volcano && unseen[0] ? writer.withdraw(w.jobId(), w.bindingId(), true) : writer.delete(jobKeys, podKeys);
      } catch (RuntimeException e) {
        LOG.warning(cluster + ": withdrawing " + w.jobId() + " failed: " + e.getMessage());
        return; // the core re-sends unanswered withdrawals
      }
      List<String> d = deleted;
      enqueue(() -> send(new WithdrawResult(cluster, w.jobId(), w.bindingId(), w.reason(), d)));
    });
  }

  // ------------------------------------------------------------------ accessors

  public String cluster() {
    return cluster;
  }

  public String agentId() {
    return agentId;
  }

  /** True while a session (Hello and snapshot sent) is open. */
  public boolean connected() {
    return link != null && link.connected();
  }

  /** Whether the member cluster serves Volcano. */
  public boolean volcano() {
    return volcano;
  }

  /** Observes every message the agent sends (tests and benchmarks); called on the agent's thread. */
  public void onSent(Consumer<Message> tap) {
    this.sentTap = tap == null ? m -> {} : tap;
  }

  @Override
  public void close() {
    if (link != null) {
      link.close();
    }
    if (services != null) {
      services.close();
    }
    loop.shutdownNow();
    writes.close();
    for (SharedIndexInformer<?> i : new SharedIndexInformer<?>[] {nodes, pods, volcanoJobs, podGroups}) {
      if (i != null) {
        i.close();
      }
    }
    if (ownsClient) {
      client.close();
    }
    if (ownsVertx) {
      vertx.close();
    }
  }

  /** Configures an agent. Cluster, server, token and one of client/kubeconfig/in-cluster are required. */
  public static final class Builder {
    private String cluster;
    private String agentId;
    private AgentMode mode = AgentMode.PULL;
    private KubernetesClient client;
    private Path kubeconfig;
    private boolean inCluster;
    private Vertx vertx;
    private URI server;
    private String token;
    private AgentLink.Trust trust = AgentLink.Trust.SYSTEM;
    private Map<String, String> labels = Map.of();
    private List<String> taints = List.of();
    private Duration heartbeatInterval = Duration.ofSeconds(5);
    private Duration deltaInterval = Duration.ofMillis(100);
    /** How often service metrics are reported; {@code -Dargosy.agent.metricsIntervalMillis} (default 15 s, the HPA's sync period). */
    private Duration metricsInterval = Duration.ofMillis(Long.getLong("argosy.agent.metricsIntervalMillis", 15_000));
    private Duration backoffMin = Duration.ofMillis(200);
    private Duration backoffMax = Duration.ofSeconds(10);

    public Builder cluster(String name) {
      this.cluster = name;
      return this;
    }

    public Builder agentId(String id) {
      this.agentId = id;
      return this;
    }

    public Builder mode(AgentMode m) {
      this.mode = m;
      return this;
    }

    /** Use this client (not closed by the agent). */
    public Builder client(KubernetesClient c) {
      this.client = c;
      return this;
    }

    public Builder kubeconfig(Path file) {
      this.kubeconfig = file;
      return this;
    }

    /** Use the pod's service account (pull mode inside the member cluster). */
    public Builder inCluster() {
      this.inCluster = true;
      return this;
    }

    /** Share the control plane's Vert.x (push mode); otherwise the agent makes its own. */
    public Builder vertx(Vertx v) {
      this.vertx = v;
      return this;
    }

    public Builder server(String url) {
      this.server = URI.create(url);
      return this;
    }

    public Builder token(String t) {
      this.token = t;
      return this;
    }

    /** For an https server: trust the certificates of this PEM CA bundle (a private CA) instead of the JDK's. */
    public Builder caCert(java.nio.file.Path pem) {
      this.trust = new AgentLink.Trust(pem, true);
      return this;
    }

    /** For an https server: trust exactly this certificate, whatever host name it carries (the embedded agents). */
    public Builder pinnedCert(java.nio.file.Path pem) {
      this.trust = new AgentLink.Trust(pem, false);
      return this;
    }

    public Builder labels(Map<String, String> l) {
      this.labels = l;
      return this;
    }

    public Builder taints(List<String> t) {
      this.taints = t;
      return this;
    }

    public Builder heartbeatInterval(Duration d) {
      this.heartbeatInterval = d;
      return this;
    }

    /** How long changes are batched into one delta. */
    public Builder metricsInterval(Duration d) {
      this.metricsInterval = d;
      return this;
    }

    public Builder deltaInterval(Duration d) {
      this.deltaInterval = d;
      return this;
    }

    public Builder reconnectBackoff(Duration min, Duration max) {
      this.backoffMin = min;
      this.backoffMax = max;
      return this;
    }

    Config config() {
      if (kubeconfig != null) {
        try {
          return Kubeconfigs.read(Files.readString(kubeconfig));
        } catch (IOException e) {
          throw new IllegalArgumentException("cannot read kubeconfig " + kubeconfig + ": " + e.getMessage(), e);
        }
      }
      if (inCluster) {
        return Config.autoConfigure(null);
      }
      throw new IllegalArgumentException("an agent needs a client, a kubeconfig or in-cluster credentials");
    }

    public ClusterAgent build() {
      return new ClusterAgent(this);
    }
  }
}
