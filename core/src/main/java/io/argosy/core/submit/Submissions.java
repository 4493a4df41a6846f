package io.argosy.core.submit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argosy.core.control.AcceptedJob;
import io.argosy.core.control.Catalog;
import io.argosy.core.control.ControlLoop;
import io.argosy.core.control.JobDirectory;
import io.argosy.core.json.Json;
import io.argosy.core.metrics.Metrics;
import io.argosy.core.store.Store;
import io.argosy.core.store.StoreOp;
import io.argosy.core.store.StoredJob;
import io.argosy.core.security.Principal;
import io.argosy.core.view.ApiError;
import io.argosy.core.view.JobView;
import io.argosy.core.view.SubmitResult;
import io.argosy.core.view.TransitionView;
import io.argosy.gpu.InvalidSpecException;
import io.argosy.queue.QueueSpec;
import io.argosy.queue.job.Job;
import io.argosy.queue.job.JobId;
import io.argosy.queue.job.Task;
import io.argosy.queue.manifest.DependencyManifest;
import io.argosy.queue.manifest.JobManifest;
import io.argosy.queue.manifest.Manifest;
import io.argosy.queue.manifest.ManifestException;
import io.argosy.queue.manifest.ManifestParser;
import io.argosy.queue.manifest.OverridePolicyManifest;
import io.argosy.queue.manifest.PriorityClassManifest;
import io.argosy.queue.manifest.PropagationPolicyManifest;
import io.argosy.queue.manifest.QueueManifest;
import io.argosy.queue.placement.PlacementResolver;
import io.argosy.queue.placement.PropagationPolicy;
import io.argosy.queue.priority.PriorityClassSpec;
import io.argosy.queue.priority.PriorityClasses;
import io.argosy.queue.quota.ResourceKeys;
import io.argosy.queue.quota.ResourceVector;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The submission path ({@code POST /v1/jobs}): parse and validate on a worker thread, make the
 * queues, priority classes and placement policies of the request take effect, reserve the job
 * names, write the jobs to the store, and only once they are durable hand them to the scheduler
 * thread and answer. Idempotent per name: an identical manifest again is a no-op (200), a
 * different one under a name that exists is a conflict (409).
 */
public final class Submissions {
  /** The answer: 201 when anything was created or changed, 200 when nothing was. */
  public record Outcome(int status, SubmitResult result) {}

  /** A submission refused with a 4xx status and a body naming the field. */
  public static final class Rejected extends RuntimeException {
    private final ApiError error;

    public Rejected(ApiError error) {
      super(error.error());
      this.error = error;
    }

    public ApiError error() {
      return error;
    }
  }

  private record Prepared(int document, JobManifest manifest, Job job, String hash) {}

  private final ManifestParser parser;
  private final JobDirectory directory;
  private final ControlLoop loop;
  private final Store store;
  private final Metrics metrics;
  private final Clock clock;
  private final AtomicLong sequence;

  public Submissions(ManifestParser parser, JobDirectory directory, ControlLoop loop, Store store, Metrics metrics,
      Clock clock, long lastSequence) {
    this.parser = parser;
    this.directory = directory;
    this.loop = loop;
    this.store = store;
    this.metrics = metrics;
    this.clock = clock;
    this.sequence = new AtomicLong(lastSequence);
  }

  /**
   * Validates and accepts a request body (multi-document YAML or JSON). Call on a worker thread:
   * parsing is CPU work. The future fails with {@link Rejected} for bad input.
   */
  public CompletableFuture<Outcome> submit(String text, long arrivedNanos) {
    return submit(text, arrivedNanos, Principal.OPEN);
  }

  /**
   * As {@link #submit(String, long)} on behalf of a caller: a submitter may only submit jobs to its
   * queues (403 naming the queue field otherwise) and no queues, priority classes or policies; queue
   * quota changes are audited as made by {@code who}.
   */
  public CompletableFuture<Outcome> submit(String text, long arrivedNanos, Principal who) {
    List<Manifest> manifests;
    try {
      manifests = parser.parse(text);
    } catch (ManifestException e) {
      throw reject(e);
    }
    if (manifests.isEmpty()) {
      throw rejected(new ApiError(400, "the request holds no objects", null, "the request holds no objects", null, null, null));
    }
    List<QueueSpec> queues = new ArrayList<>();
    List<PriorityClassSpec> classes = new ArrayList<>();
    List<PropagationPolicy> policies = new ArrayList<>();
    List<Manifest> config = new ArrayList<>();
    for (Manifest m : manifests) {
      if (!who.isAdmin() && !(m instanceof JobManifest)) {
        metrics.submission("rejected");
        throw rejected(new ApiError(403, "document " + m.documentIndex() + " (" + m.kind() + " " + m.displayName()
            + "): kind: only admin tokens may create " + m.kind() + " objects", "kind", "only admin tokens may create "
            + m.kind() + " objects", m.documentIndex(), m.kind(), m.displayName()));
      }
      if (m instanceof JobManifest jm && !who.mayChangeJobsOf(jm.queue())) {
        String field = jm.queueField() == null || jm.queueField().isEmpty() ? "spec.queue" : jm.queueField();
        metrics.submission("rejected");
        throw rejected(new ApiError(403, "document " + m.documentIndex() + " (" + m.kind() + " " + m.displayName() + "): "
            + field + ": the token may not submit to queue " + jm.queue(), field, "the token may not submit to queue "
            + jm.queue(), m.documentIndex(), m.kind(), m.displayName()));
      }
      try {
        if (m instanceof QueueManifest q) {
          for (QueueSpec s : q.specs()) {
            s.quota().validate();
          }
          queues.addAll(q.specs());
          config.add(m);
        } else if (m instanceof PriorityClassManifest pc) {
          PriorityClasses.validate(pc.spec());
          classes.add(pc.spec());
          config.add(m);
        } else if (m instanceof PropagationPolicyManifest pp) {
          policies.add(pp.policy());
          config.add(m);
        } else if (m instanceof OverridePolicyManifest || m instanceof DependencyManifest) {
          config.add(m);
        } else if (!(m instanceof JobManifest)) {
          throw new InvalidSpecException("kind", "kind " + m.apiVersion() + "/" + m.kind() + " is not accepted here; submit"
              + " Volcano Jobs, batch Jobs, Pods, Volcano Queues, PriorityClasses, Karmada (Cluster)PropagationPolicies"
              + ", (Cluster)OverridePolicies, or the ConfigMaps, Secrets, ServiceAccounts and PersistentVolumeClaims jobs use");
        }
      } catch (InvalidSpecException e) {
        throw reject(new ManifestException(m.documentIndex(), m.kind(), m.displayName(), e.field(), e.reason()));
      }
    }
    Catalog catalog = loop.readModel().catalog().with(queues, classes, policies);
    for (Manifest m : config) {
      if (m instanceof QueueManifest q) {
        String parent = q.spec().parent();
        if (parent != null && !parent.isEmpty() && !parent.equals("root") && !catalog.queues().containsKey(parent)) {
          throw reject(new ManifestException(m.documentIndex(), m.kind(), m.displayName(), "spec.parent",
              "parent queue " + parent + " does not exist"));
        }
      }
    }
    String clusterDefault = null;
    for (PropagationPolicy p : catalog.policies()) {
      if (p.clusterDefault() && clusterDefault == null) {
        clusterDefault = p.name();
      }
    }
    for (Manifest m : config) {
      if (m instanceof PropagationPolicyManifest pp && pp.policy().clusterDefault() && !pp.policy().name().equals(clusterDefault)) {
        throw reject(new ManifestException(m.documentIndex(), m.kind(), m.displayName(),
            "metadata.annotations[" + PropagationPolicy.DEFAULT_ANNOTATION + "]",
            "ClusterPropagationPolicy " + clusterDefault + " is already the cluster-wide default"));
      }
    }
    PriorityClasses resolvedClasses;
    try {
      resolvedClasses = catalog.classes();
    } catch (InvalidSpecException e) {
      PriorityClassManifest first = (PriorityClassManifest) config.stream().filter(PriorityClassManifest.class::isInstance)
          .findFirst().orElseThrow();
      throw reject(new ManifestException(first.documentIndex(), "PriorityClass", first.displayName(), e.field(), e.reason()));
    }
    PlacementResolver resolver = catalog.resolver();
    Instant now = clock.instant();
    List<Prepared> jobs = new ArrayList<>();
    Set<JobId> seen = new HashSet<>();
    for (Manifest m : manifests) {
      if (m instanceof JobManifest jm) {
        jobs.add(prepare(jm, catalog, resolvedClasses, resolver, now));
        if (!seen.add(jm.id())) {
          throw reject(new ManifestException(jm.documentIndex(), jm.kind(), jm.displayName(), "metadata.name",
              "job " + jm.id() + " appears twice in this request"));
        }
      }
    }
    CompletableFuture<List<SubmitResult.ObjectResult>> configured = config.isEmpty()
        ? CompletableFuture.completedFuture(List.of()) : loop.call(admin -> applyConfig(admin, config, who.name()));
    return configured.thenCompose(results -> acceptJobs(manifests, results, jobs, arrivedNanos));
  }

  private Prepared prepare(JobManifest jm, Catalog catalog, PriorityClasses classes, PlacementResolver resolver, Instant now) {
    String queueField = jm.queueField() == null || jm.queueField().isEmpty() ? "spec.queue" : jm.queueField();
    try {
      var refusal = catalog.refusal(jm.queue());
      if (refusal.isPresent()) {
        throw new InvalidSpecException(queueField, refusal.get());
      }
      Job job = jm.toJob(classes, resolver.placementFor(jm.target()), now);
      neverFits(job, catalog, queueField);
      String manifest = normalized(jm);
      job = new Job(job.id(), job.kind(), job.tasks(), job.minAvailable(), job.queue(), job.priority(),
          job.priorityClassName(), job.preemptible(), job.submitTime(), job.placement(), job.runtimeEstimate(),
          job.maxRetry(), job.completions(), job.policies(), job.plugins(), manifest);
      return new Prepared(jm.documentIndex(), jm, job, Json.sha256(manifest));
    } catch (InvalidSpecException e) {
      throw reject(new ManifestException(jm.documentIndex(), jm.kind(), jm.displayName(), e.field(), e.reason()));
    }
  }

  /**
   * Refuses a job that no admission could ever allow: the pods it needs at least ask for more of
   * some resource than its queue's (or an ancestor's) capability.
   */
  static void neverFits(Job job, Catalog catalog, String field) {
    ResourceVector min = minimumDemand(job);
    for (QueueSpec q : catalog.path(job.queue())) {
      ResourceVector cap = q.quota().capability();
      for (int i = 0; i < cap.size(); i++) {
        int id = cap.idAt(i);
        if (!ResourceKeys.isQualified(id) && min.get(id) > cap.amountAt(i)) {
          throw new InvalidSpecException(field, "queue " + q.name() + ": the job needs at least " + min.get(id) + " "
              + cap.keyAt(i) + ", more than the queue's capability " + cap.amountAt(i) + "; it could never be admitted");
        }
      }
    }
  }

  /** The demand of the pods the gang needs to run at all: each task's minAvailable, topped up to the job's. */
  static ResourceVector minimumDemand(Job job) {
    List<Task> ts = job.tasks();
    int[] n = new int[ts.size()];
    int sum = 0;
    for (int i = 0; i < ts.size(); i++) {
      n[i] = ts.get(i).minAvailable();
      sum += n[i];
    }
    for (int i = 0; i < ts.size() && sum < job.minAvailable(); i++) {
      int add = Math.min(ts.get(i).replicas() - n[i], job.minAvailable() - sum);
      n[i] += add;
      sum += add;
    }
    ResourceVector v = ResourceVector.EMPTY;
    for (int i = 0; i < ts.size(); i++) {
      v = v.plus(ts.get(i).podResources().times(n[i]));
    }
    return v;
  }

  /** The document as compact JSON with its resolved name: what agents create and what identity is checked on. */
  static String normalized(JobManifest jm) {
    try {
      ObjectNode doc = (ObjectNode) Json.mapper().readTree(jm.source());
      ObjectNode meta = doc.has("metadata") && doc.get("metadata").isObject()
          ? (ObjectNode) doc.get("metadata") : doc.putObject("metadata");
      meta.put("name", jm.id().name());
      meta.put("namespace", jm.id().namespace());
      meta.remove("generateName");
      return Json.mapper().writeValueAsString(doc);
    } catch (JsonProcessingException | ClassCastException e) {
      throw new IllegalStateException("the parsed manifest is not a JSON object", e);
    }
  }

  private List<SubmitResult.ObjectResult> applyConfig(ControlLoop.Admin admin, List<Manifest> config, String who) {
    List<SubmitResult.ObjectResult> out = new ArrayList<>();
    for (Manifest m : config) {
      String result;
      try {
        if (m instanceof QueueManifest q) {
          List<String> rs = admin.applyQueues(q.specs(), who);
          result = rs.get(rs.size() - 1);
        } else if (m instanceof PriorityClassManifest pc) {
          result = admin.putPriorityClass(pc.spec());
        } else if (m instanceof OverridePolicyManifest op) {
          result = admin.putOverridePolicy(op.policy());
        } else if (m instanceof DependencyManifest d) {
          result = admin.putDependency(d);
        } else {
          result = admin.putPlacementPolicy(((PropagationPolicyManifest) m).policy());
        }
      } catch (InvalidSpecException e) {
        throw reject(new ManifestException(m.documentIndex(), m.kind(), m.displayName(), e.field(), e.reason()));
      } catch (IllegalArgumentException e) {
        throw reject(new ManifestException(m.documentIndex(), m.kind(), m.displayName(), "", e.getMessage()));
      }
      String ns = m instanceof PropagationPolicyManifest pp && !pp.policy().clusterScoped() ? pp.policy().namespace()
          : m instanceof OverridePolicyManifest op && !op.policy().clusterScoped() ? op.policy().namespace()
          : m instanceof DependencyManifest d ? d.namespace() : null;
      String name = m instanceof PropagationPolicyManifest pp ? pp.policy().name()
          : m instanceof OverridePolicyManifest op ? op.policy().name()
          : m instanceof DependencyManifest d ? d.name() : m.displayName();
      out.add(new SubmitResult.ObjectResult(m.apiVersion(), m.kind(), ns, name, null, result));
    }
    return out;
  }

  private CompletableFuture<Outcome> acceptJobs(List<Manifest> manifests, List<SubmitResult.ObjectResult> configResults,
      List<Prepared> jobs, long arrivedNanos) {
    List<JobDirectory.Entry> reserved = new ArrayList<>();
    List<StoreOp> ops = new ArrayList<>();
    List<AcceptedJob> accepted = new ArrayList<>();
    SubmitResult.ObjectResult[] jobResults = new SubmitResult.ObjectResult[jobs.size()];
    for (int i = 0; i < jobs.size(); i++) {
      Prepared p = jobs.get(i);
      Job job = p.job();
      String uid = UUID.randomUUID().toString();
      long seq = sequence.incrementAndGet();
      JobView view = initialView(uid, job);
      JobDirectory.Entry e = new JobDirectory.Entry(uid, job.id(), job.kind().name(), p.hash(), seq, false, view);
      JobDirectory.Reservation r = directory.reserve(e);
      switch (r.outcome()) {
        case CREATED -> {
          reserved.add(e);
          ops.add(new StoreOp.JobAccepted(new StoredJob(uid, job.id().namespace(), job.id().name(), job.kind().name(),
              job.queue(), job.priority(), job.priorityClassName(), job.submitTime(), job.source(), p.hash(), seq,
              "Pending", List.of())));
          accepted.add(new AcceptedJob(uid, seq, job, job.kind().apiVersion(), job.kind().kind(), arrivedNanos));
          jobResults[i] = result(job, uid, "created");
        }
        case UNCHANGED -> jobResults[i] = result(job, r.existing().uid(), "unchanged");
        case CONFLICT -> {
          reserved.forEach(x -> directory.release(x.id(), x.uid()));
          metrics.submission("rejected");
          String state = r.existing().view() == null ? "" : " (" + r.existing().view().state() + ")";
          throw rejected(new ApiError(409, "document " + p.document() + " (" + p.manifest().kind() + " " + job.id()
              + "): metadata.name: job " + job.id() + " already exists" + state + " with a different manifest; delete it first",
              "metadata.name", "already exists with a different manifest", p.document(), p.manifest().kind(),
              job.id().toString()));
        }
        default -> throw new IllegalStateException();
      }
    }
    CompletableFuture<Void> durable = ops.isEmpty() ? CompletableFuture.completedFuture(null) : store.write(ops);
    return durable.handle((v, error) -> {
      if (error != null) {
        reserved.forEach(x -> directory.release(x.id(), x.uid()));
        throw new IllegalStateException("the store did not accept the jobs: " + error.getMessage(), error);
      }
      reserved.forEach(x -> directory.markDurable(x.id(), x.uid()));
      if (!accepted.isEmpty()) {
        loop.jobsAccepted(accepted);
      }
      List<SubmitResult.ObjectResult> all = new ArrayList<>();
      int c = 0;
      int j = 0;
      for (Manifest m : manifests) {
        all.add(m instanceof JobManifest ? jobResults[j++] : configResults.get(c++));
      }
      for (SubmitResult.ObjectResult o : jobResults) {
        metrics.submission(o.result());
      }
      SubmitResult result = new SubmitResult(all);
      return new Outcome(result.changedAnything() ? 201 : 200, result);
    });
  }

  private static SubmitResult.ObjectResult result(Job job, String uid, String what) {
    return new SubmitResult.ObjectResult(job.kind().apiVersion(), job.kind().kind(), job.id().namespace(), job.id().name(),
        uid, what);
  }

  private static JobView initialView(String uid, Job job) {
    String at = job.submitTime().toString();
    return new JobView(job.id().namespace(), job.id().name(), uid, job.kind().apiVersion(), job.kind().kind(), job.queue(),
        job.priority(), job.priorityClassName(), "Pending", "Submitted", at, at, job.totalReplicas(), List.of(), List.of(),
        List.of("waiting in queue " + job.queue()), List.of(new TransitionView(null, "Pending", "Submitted", at)));
  }

  private Rejected reject(ManifestException e) {
    metrics.submission("rejected");
    return rejected(toError(e));
  }

  /** 400 for text that is not YAML/JSON objects at all, 422 for objects that are invalid. */
  static ApiError toError(ManifestException e) {
    int status = e.kind() == null && e.field().isEmpty() && e.getMessage().contains("document") && isSyntax(e) ? 400 : 422;
    return new ApiError(status, e.getMessage(), e.field().isEmpty() ? null : e.field(), e.reason(), e.documentIndex(),
        e.kind(), e.name());
  }

  private static boolean isSyntax(ManifestException e) {
    return !e.reason().startsWith("expected a Kubernetes object");
  }

  private static Rejected rejected(ApiError error) {
    return new Rejected(error);
  }
}
