package io.argosy.core.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.argosy.api.Message;
import io.argosy.api.MetricsReport;
import io.argosy.api.ServiceApply;
import io.argosy.api.ServiceApplyResult;
import io.argosy.api.ServiceMetrics;
import io.argosy.api.ServiceRemove;
import io.argosy.core.control.ControlLoop;
import io.argosy.core.fhpa.ServicePlacement;
import io.argosy.core.json.Json;
import io.argosy.core.store.ConfigKind;
import io.argosy.core.store.Store;
import io.argosy.core.store.StoreOp;
import io.argosy.core.submit.Submissions;
import io.argosy.core.view.ApiError;
import io.argosy.core.view.ClusterView;
import io.argosy.core.view.SubmitResult;
import io.argosy.fhpa.algo.Autoscaler;
import io.argosy.fhpa.algo.Condition;
import io.argosy.fhpa.algo.Decision;
import io.argosy.fhpa.algo.HpaEvent;
import io.argosy.fhpa.algo.MetricStatus;
import io.argosy.fhpa.algo.MetricsSnapshot;
import io.argosy.fhpa.algo.PodSample;
import io.argosy.fhpa.cron.CronActions;
import io.argosy.fhpa.cron.CronScaler;
import io.argosy.fhpa.cron.ExecutionHistory;
import io.argosy.fhpa.cron.HpaBounds;
import io.argosy.fhpa.divide.ReplicaDivider;
import io.argosy.fhpa.spec.CronFederatedHpa;
import io.argosy.fhpa.spec.FederatedHpa;
import io.argosy.fhpa.spec.FhpaManifests;
import io.argosy.fhpa.spec.ScaleTargetRef;
import io.argosy.gpu.InvalidSpecException;
import io.argosy.queue.manifest.DeploymentManifest;
import io.argosy.queue.manifest.Manifest;
import io.argosy.queue.manifest.ManifestException;
import io.argosy.queue.manifest.ManifestParser;
import io.argosy.queue.manifest.OtherManifest;
import io.argosy.queue.manifest.PropagationPolicyManifest;
import io.argosy.queue.placement.PlacementResolver;
import io.argosy.queue.placement.PolicyTarget;
import io.argosy.queue.placement.PropagationPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Service workloads and their autoscalers. Owns, on its own timer thread ({@code argosy-fhpa}, never
 * a Vert.x event loop nor the scheduler thread): the submitted Deployments, FederatedHPAs and
 * CronFederatedHPAs, the latest {@link MetricsReport} of every cluster, and each Deployment's split.
 * Every sync period it runs the due cron rules, evaluates every FederatedHPA on the pods reported by
 * all member clusters (aggregated here, as Karmada's FederatedHPA controller aggregates member
 * metrics), divides each Deployment's total over its clusters (placement from the Karmada
 * PropagationPolicy that selects it, available replicas from the agents' estimates) and sends
 * {@link ServiceApply} where a cluster's share changed or its report disagrees. Objects are durable
 * (the store's settings table) before a submission is acknowledged. Readers get immutable views.
 */
public final class ServiceController implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ServiceController.class.getName());
  static final String SERVICE = "service:";
  static final String FHPA = "fhpa:";
  static final String CRON = "cronfhpa:";
  private static final int EVENTS_KEPT = 20;

  /** @param sync how often autoscalers are evaluated (Kubernetes' default HPA sync period is 15 s) */
  public record Options(Duration sync) {
    public static final Options DEFAULT = new Options(Duration.ofSeconds(15));
  }

  /** Where applies go: the agent gateway. */
  public interface Sender {
    boolean send(String cluster, Message m);
  }

  private final Store store;
  private final ControlLoop loop;
  private final ManifestParser parser;
  private final Sender sender;
  private final Clock clock;
  private final Options options;
  private final ScheduledExecutorService thread;

  private final Map<String, Svc> services = new LinkedHashMap<>();
  private final Map<String, Hpa> hpas = new LinkedHashMap<>();
  private final Map<String, CronScaler> crons = new LinkedHashMap<>();
  private final Map<String, MetricsReport> reports = new HashMap<>();
  private volatile List<FhpaView> fhpaViews = List.of();
  private volatile List<ServiceView> serviceViews = List.of();
  private volatile Map<String, List<ExecutionHistory>> cronViews = Map.of();

  private static final class Svc {
    String namespace;
    String name;
    String manifest;
    Map<String, String> labels;
    int replicas;
    Map<String, Integer> split = new LinkedHashMap<>();
    long revision;
    String division = "";
    final Map<String, Integer> sent = new HashMap<>();

    String key() {
      return namespace + "/" + name;
    }
  }

  private static final class Hpa {
    FederatedHpa spec;
    final Autoscaler autoscaler = new Autoscaler();
    final Deque<HpaEvent> events = new ArrayDeque<>();
    Decision last;
  }

  public ServiceController(Store store, ControlLoop loop, ManifestParser parser, Sender sender, Clock clock, Options options) {
    this.store = store;
    this.loop = loop;
    this.parser = parser;
    this.sender = sender;
    this.clock = clock;
    this.options = options;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "argosy-fhpa");
      t.setDaemon(true);
      return t;
    });
  }

  /** Restores what was stored (call once the control loop has recovered) and starts the timer. */
  public ServiceController start() {
    Map<String, String> settings = store.load().config(ConfigKind.SETTING);
    Instant now = clock.instant();
    settings.forEach((k, json) -> {
      try {
        if (k.startsWith(SERVICE)) {
          JsonNode n = Json.mapper().readTree(json);
          restoreService(n.path("manifest").asText(), n.path("replicas").asInt());
        } else if (k.startsWith(FHPA)) {
          putHpa(FhpaManifests.federatedHpa(Json.mapper().readTree(json)));
        } else if (k.startsWith(CRON)) {
          CronFederatedHpa c = FhpaManifests.cronFederatedHpa(Json.mapper().readTree(json));
          crons.put(c.key(), new CronScaler(c, now));
        }
      } catch (Exception e) {
        LOG.log(Level.WARNING, "cannot restore " + k + "; skipped", e);
      }
    });
    long ms = options.sync().toMillis();
    thread.scheduleWithFixedDelay(this::syncGuarded, ms, ms, TimeUnit.MILLISECONDS);
    return this;
  }

  // ================================================================= intake (any thread)

  /** True when a request body holds Deployments, FederatedHPAs or CronFederatedHPAs: it is this controller's. */
  public static boolean isServiceRequest(String body) {
    if (!body.contains("Deployment") && !body.contains(FhpaManifests.GROUP)) {
      return false; // job submissions are not parsed twice
    }
    try {
      for (JsonNode d : FhpaManifests.documents(body)) {
        String kind = d.path("kind").asText("");
        if (FhpaManifests.isAutoscaling(d) || ("Deployment".equals(kind) && "apps/v1".equals(d.path("apiVersion").asText()))) {
          return true;
        }
      }
    } catch (InvalidSpecException e) {
      return false; // the job path reports the syntax error
    }
    return false;
  }

  /**
   * Accepts Deployments, FederatedHPAs, CronFederatedHPAs and Karmada (Cluster)PropagationPolicies
   * (call on a worker thread). Completes once everything is durable; fails with
   * {@link Submissions.Rejected} naming the document and field for bad input, accepting nothing.
   */
  public CompletableFuture<SubmitResult> submit(String body) {
    List<JsonNode> docs;
    try {
      docs = FhpaManifests.documents(body);
    } catch (InvalidSpecException e) {
      throw new Submissions.Rejected(ApiError.of(400, e.getMessage()));
    }
    List<Manifest> manifests;
    try {
      manifests = parser.parse(body);
    } catch (ManifestException e) {
      throw new Submissions.Rejected(new ApiError(400, e.getMessage(), e.field().isEmpty() ? null : e.field(), e.reason(),
          e.documentIndex(), e.kind(), e.name()));
    }
    List<StoreOp> ops = new ArrayList<>();
    List<SubmitResult.ObjectResult> results = new ArrayList<>();
    List<PropagationPolicy> policies = new ArrayList<>();
    List<Runnable> apply = new ArrayList<>();
    for (Manifest m : manifests) {
      if (m instanceof DeploymentManifest dm) {
        var w = dm.workload();
        String json = w.source();
        int replicas = w.replicas();
        ops.add(new StoreOp.ConfigPut(ConfigKind.SETTING, SERVICE + w.id(), serviceJson(json, replicas)));
        apply.add(() -> submitService(json, replicas));
        results.add(new SubmitResult.ObjectResult("apps/v1", "Deployment", w.id().namespace(), w.id().name(), null, "configured"));
      } else if (m instanceof PropagationPolicyManifest pp) {
        policies.add(pp.policy());
        results.add(new SubmitResult.ObjectResult(pp.apiVersion(), pp.kind(), pp.policy().namespace(), pp.policy().name(), null,
            "configured"));
      } else if (m instanceof OtherManifest o && o.apiVersion() != null && o.apiVersion().startsWith(FhpaManifests.GROUP)) {
        int i = m.documentIndex();
        JsonNode doc = i < docs.size() ? docs.get(i) : null;
        if (doc == null || !FhpaManifests.isAutoscaling(doc)) {
          throw reject(i, o.kind(), o.name(), new InvalidSpecException("kind", "expected FederatedHPA or CronFederatedHPA"));
        }
        Object parsed;
        try {
          parsed = FhpaManifests.parse(doc);
          if (parsed instanceof FederatedHpa f && !"Deployment".equals(f.scaleTargetRef().kind())) {
            throw new InvalidSpecException("spec.scaleTargetRef.kind", "Argosy scales Deployments; got " + f.scaleTargetRef().kind());
          }
        } catch (InvalidSpecException e) {
          throw reject(i, o.kind(), o.name(), e);
        }
        String json = doc.toString();
        if (parsed instanceof FederatedHpa f) {
          ops.add(new StoreOp.ConfigPut(ConfigKind.SETTING, FHPA + f.key(), json));
          apply.add(() -> putHpa(f));
          results.add(new SubmitResult.ObjectResult(FederatedHpa.API_VERSION, FederatedHpa.KIND, f.namespace(), f.name(), null, "configured"));
        } else {
          CronFederatedHpa c = (CronFederatedHpa) parsed;
          ops.add(new StoreOp.ConfigPut(ConfigKind.SETTING, CRON + c.key(), json));
          apply.add(() -> putCron(c));
          results.add(new SubmitResult.ObjectResult(FederatedHpa.API_VERSION, CronFederatedHpa.KIND, c.namespace(), c.name(), null, "configured"));
        }
      } else {
        throw reject(m.documentIndex(), m.kind(), m.displayName(), new InvalidSpecException("kind", "kind " + m.apiVersion() + "/"
            + m.kind() + " cannot be submitted with Deployments and FederatedHPAs; submit jobs and queues separately"));
      }
    }
    CompletableFuture<Void> policiesDone = policies.isEmpty() ? CompletableFuture.completedFuture(null)
        : loop.call(admin -> {
          policies.forEach(admin::putPlacementPolicy);
          return null;
        }).thenApply(x -> null);
    return policiesDone.thenCompose(x -> store.write(ops))
        .thenCompose(x -> CompletableFuture.runAsync(() -> apply.forEach(Runnable::run), thread))
        .thenApply(x -> new SubmitResult(results));
  }

  private static Submissions.Rejected reject(int doc, String kind, String name, InvalidSpecException e) {
    return new Submissions.Rejected(new ApiError(400, "document " + doc + " (" + kind + " " + name + "): " + e.getMessage(),
        e.field().isEmpty() ? null : e.field(), e.reason(), doc, kind, name));
  }

  private static String serviceJson(String manifest, int replicas) {
    return Json.write(Map.of("manifest", manifest, "replicas", replicas));
  }

  /** Deletes a FederatedHPA (the Deployment keeps its current replicas). */
  public CompletableFuture<Boolean> deleteHpa(String namespace, String name) {
    String key = namespace + "/" + name;
    return store.write(List.of(new StoreOp.ConfigDeleted(ConfigKind.SETTING, FHPA + key)))
        .thenApplyAsync(x -> {
          boolean had = hpas.remove(key) != null;
          publish();
          return had;
        }, thread);
  }

  /** Agent events: metrics reports and apply results (any thread). */
  public void onMessage(String cluster, Message m) {
    if (m instanceof MetricsReport r) {
      thread.execute(() -> reports.put(cluster, r));
    } else if (m instanceof ServiceApplyResult r && !r.accepted()) {
      LOG.warning(cluster + ": service " + r.service() + " revision " + r.revision() + " was not applied: " + r.reason());
      thread.execute(() -> services.values().forEach(s -> s.sent.remove(cluster)));
    }
  }

  /** A (re)connected agent gets every share again at the next sync. */
  public void onConnected(String cluster) {
    thread.execute(() -> services.values().forEach(s -> s.sent.remove(cluster)));
  }

  public List<FhpaView> fhpas() {
    return fhpaViews;
  }

  public List<ServiceView> services() {
    return serviceViews;
  }

  public Map<String, List<ExecutionHistory>> cronHistories() {
    return cronViews;
  }

  // ================================================================= the timer thread

  private void submitService(String manifest, int replicas) {
    Svc s = restoreService(manifest, replicas);
    s.sent.clear(); // a changed spec goes to every cluster again
    s.revision++;
  }

  private Svc restoreService(String manifest, int replicas) {
    JsonNode n;
    try {
      n = Json.mapper().readTree(manifest);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    String ns = n.path("metadata").path("namespace").asText("default");
    ns = ns.isEmpty() ? "default" : ns;
    String name = n.path("metadata").path("name").asText();
    Svc s = services.computeIfAbsent(ns + "/" + name, k -> new Svc());
    boolean autoscaled = s.manifest != null && hpaFor(ns, name) != null;
    s.namespace = ns;
    s.name = name;
    s.manifest = manifest;
    Map<String, String> labels = new HashMap<>();
    n.path("metadata").path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    s.labels = labels;
    if (!autoscaled) { // an autoscaled Deployment keeps the HPA's count, as with kubectl apply and an HPA
      s.replicas = replicas;
    }
    return s;
  }

  private void putHpa(FederatedHpa f) {
    Hpa h = hpas.computeIfAbsent(f.key(), k -> new Hpa());
    h.spec = f;
  }

  private void putCron(CronFederatedHpa c) {
    CronScaler s = crons.get(c.key());
    if (s == null) {
      crons.put(c.key(), new CronScaler(c, clock.instant()));
    } else {
      s.update(c, clock.instant());
    }
  }

  private Hpa hpaFor(String namespace, String deployment) {
    for (Hpa h : hpas.values()) {
      if (h.spec.namespace().equals(namespace) && h.spec.scaleTargetRef().name().equals(deployment)) {
        return h;
      }
    }
    return null;
  }

  private void syncGuarded() {
    try {
      sync();
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "FederatedHPA sync failed; continuing", e);
    }
  }

  /** One sync: cron rules, autoscalers, divisions, applies. Runs on the timer thread. */
  void sync() {
    Instant now = clock.instant();
    List<StoreOp> ops = new ArrayList<>();
    CronActions actions = new CronActions() {
      @Override
      public void scaleWorkload(String namespace, ScaleTargetRef target, int replicas) {
        Svc s = services.get(namespace + "/" + target.name());
        if (s == null) {
          throw new IllegalArgumentException("Deployment " + namespace + "/" + target.name() + " does not exist");
        }
        s.replicas = replicas;
        ops.add(new StoreOp.ConfigPut(ConfigKind.SETTING, SERVICE + s.key(), serviceJson(s.manifest, s.replicas)));
      }

      @Override
      public int[] setHpaBounds(String namespace, ScaleTargetRef target, Integer min, Integer max) {
        Hpa h = hpas.get(namespace + "/" + target.name());
        if (h == null) {
          throw new IllegalArgumentException("FederatedHPA " + namespace + "/" + target.name() + " does not exist");
        }
        h.spec = HpaBounds.apply(h.spec, min, max);
        return new int[] {h.spec.minReplicas(), h.spec.maxReplicas()};
      }
    };
    for (CronScaler c : crons.values()) {
      c.tick(now, actions);
    }
    for (Hpa h : hpas.values()) {
      Svc s = services.get(h.spec.namespace() + "/" + h.spec.scaleTargetRef().name());
      if (s == null) {
        continue;
      }
      int ready = 0;
      List<PodSample> pods = new ArrayList<>();
      for (MetricsReport r : reports.values()) {
        for (ServiceMetrics sm : r.services()) {
          if (!sm.service().equals(s.key())) {
            continue;
          }
          ready += sm.readyReplicas();
          for (ServiceMetrics.PodMetrics p : sm.pods()) {
            pods.add(sample(r.cluster(), p));
          }
        }
      }
      Decision d = h.autoscaler.reconcile(h.spec, s.replicas, ready, MetricsSnapshot.of(pods), now);
      h.last = d;
      for (HpaEvent e : d.events()) {
        h.events.addFirst(e);
        while (h.events.size() > EVENTS_KEPT) {
          h.events.removeLast();
        }
        LOG.info("FederatedHPA " + h.spec.key() + ": " + e.reason() + ": " + e.message());
      }
      if (d.rescale()) {
        s.replicas = d.desiredReplicas();
        ops.add(new StoreOp.ConfigPut(ConfigKind.SETTING, SERVICE + s.key(), serviceJson(s.manifest, s.replicas)));
      }
    }
    divideAndApply();
    if (!ops.isEmpty()) {
      store.write(ops); // best effort: a lost count is recomputed by the autoscaler after a restart
    }
    publish();
  }

  private static PodSample sample(String cluster, ServiceMetrics.PodMetrics p) {
    PodSample.Phase phase;
    try {
      phase = PodSample.Phase.valueOf(p.phase());
    } catch (IllegalArgumentException e) {
      phase = PodSample.Phase.Pending;
    }
    Map<String, Long> requests = new HashMap<>();
    if (p.cpuRequestMilli() > 0) {
      requests.put("cpu", p.cpuRequestMilli());
    }
    if (p.memoryRequestBytes() > 0) {
      requests.put("memory", p.memoryRequestBytes() * 1000);
    }
    Map<String, Long> usage = new HashMap<>();
    if (p.cpuUsageMilli() != null) {
      usage.put("cpu", p.cpuUsageMilli());
    }
    if (p.memoryUsageBytes() != null) {
      usage.put("memory", p.memoryUsageBytes() * 1000);
    }
    return new PodSample(cluster + "/" + p.name(), cluster, phase, p.ready(), p.deleting(), requests, usage);
  }

  private void divideAndApply() {
    List<ClusterView> clusters = loop.readModel().clusters();
    List<ServicePlacement.ClusterFacts> facts = new ArrayList<>();
    for (ClusterView c : clusters) {
      if (c.ready()) {
        facts.add(new ServicePlacement.ClusterFacts(c.name(), c.labels(), fields(c.labels())));
      }
    }
    PlacementResolver resolver = loop.readModel().catalog().resolver();
    for (Svc s : services.values()) {
      PolicyTarget target = new PolicyTarget("apps/v1", "Deployment", s.namespace, s.name, s.labels);
      ServicePlacement sp = ServicePlacement.of(resolver.placementFor(target), facts);
      s.division = sp.division().mode().name();
      Map<String, Long> available = new HashMap<>();
      Map<String, Integer> reported = new HashMap<>();
      for (MetricsReport r : reports.values()) {
        for (ServiceMetrics sm : r.services()) {
          if (sm.service().equals(s.key())) {
            available.put(r.cluster(), sm.availableReplicas());
            reported.put(r.cluster(), sm.specReplicas());
          }
        }
      }
      if (!sp.clusters().isEmpty()) {
        Map<String, Integer> previous = new HashMap<>(s.split);
        previous.keySet().retainAll(sp.clusters());
        s.split = ReplicaDivider.divide(s.replicas, sp.clusters(), sp.division(), available, previous);
      }
      for (Map.Entry<String, Integer> e : s.split.entrySet()) {
        String c = e.getKey();
        int n = e.getValue();
        boolean stale = !Objects.equals(s.sent.get(c), n) || (reported.containsKey(c) && reported.get(c) != n);
        if (stale && sender.send(c, new ServiceApply(c, s.key(), ++s.revision, n, s.manifest))) {
          s.sent.put(c, n);
        }
      }
      for (String c : new ArrayList<>(s.sent.keySet())) { // clusters no longer eligible
        if (!s.split.containsKey(c) && sender.send(c, new ServiceRemove(c, s.key()))) {
          s.sent.remove(c);
        }
      }
    }
  }

  private static Map<String, String> fields(Map<String, String> labels) {
    Map<String, String> f = new LinkedHashMap<>();
    for (String k : List.of("provider", "region", "zone")) {
      if (labels.containsKey(k)) {
        f.put(k, labels.get(k));
      }
    }
    return f;
  }

  private void publish() {
    List<FhpaView> hv = new ArrayList<>();
    for (Hpa h : hpas.values()) {
      Svc s = services.get(h.spec.namespace() + "/" + h.spec.scaleTargetRef().name());
      var st = h.last == null ? null : h.last.status();
      List<FhpaView.Metric> metrics = new ArrayList<>();
      List<FhpaView.ConditionView> conds = new ArrayList<>();
      if (st != null) {
        for (MetricStatus m : st.currentMetrics()) {
          metrics.add(new FhpaView.Metric(m.type(), m.name(), m.averageUtilization(), Quantities.milli(m.averageValueMilli()),
              Quantities.milli(m.valueMilli())));
        }
        for (Condition c : st.conditions()) {
          conds.add(new FhpaView.ConditionView(c.type(), c.status() ? "True" : "False", c.reason(), c.message(),
              c.lastTransitionTime().toString()));
        }
      }
      List<FhpaView.EventView> events = new ArrayList<>();
      for (HpaEvent e : h.events) {
        events.add(new FhpaView.EventView(e.time().toString(), e.type(), e.reason(), e.message()));
      }
      hv.add(new FhpaView(h.spec.namespace(), h.spec.name(), h.spec.scaleTargetRef().kind() + "/" + h.spec.scaleTargetRef().name(),
          h.spec.minReplicas(), h.spec.maxReplicas(), s == null ? 0 : s.replicas,
          st == null ? (s == null ? 0 : s.replicas) : st.desiredReplicas(), metrics,
          st == null || st.lastScaleTime() == null ? null : st.lastScaleTime().toString(), conds,
          s == null ? Map.of() : new LinkedHashMap<>(s.split), events));
    }
    List<ServiceView> sv = new ArrayList<>();
    for (Svc s : services.values()) {
      Map<String, Integer> ready = new LinkedHashMap<>();
      for (MetricsReport r : reports.values()) {
        for (ServiceMetrics sm : r.services()) {
          if (sm.service().equals(s.key())) {
            ready.put(r.cluster(), sm.readyReplicas());
          }
        }
      }
      List<String> scalers = new ArrayList<>();
      Hpa h = hpaFor(s.namespace, s.name);
      if (h != null) {
        scalers.add("FederatedHPA/" + h.spec.name());
      }
      sv.add(new ServiceView(s.namespace, s.name, s.replicas, s.division, new LinkedHashMap<>(s.split), ready, scalers));
    }
    Map<String, List<ExecutionHistory>> cv = new LinkedHashMap<>();
    crons.forEach((k, c) -> cv.put(k, c.histories()));
    fhpaViews = List.copyOf(hv);
    serviceViews = List.copyOf(sv);
    cronViews = cv;
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
