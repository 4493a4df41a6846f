package io.argosy.queue.manifest;

import io.argosy.gpu.InvalidSpecException;
import io.argosy.gpu.demand.DemandParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses submitted text, multi-document YAML or JSON, into {@link Manifest}s: Volcano Jobs, batch
 * Jobs, bare Pods, Deployments, Volcano Queues and PodGroups, PriorityClasses and Karmada
 * (Cluster)PropagationPolicies and (Cluster)OverridePolicies; anything else well-formed comes back as an {@link OtherManifest}.
 * A {@code v1 List} is expanded into its items. The first bad document stops the parse with a
 * {@link ManifestException} naming the document, kind, name, field path and reason. Thread-safe.
 */
public final class ManifestParser {
  private final TypedDecoding typed = new TypedDecoding();
  private final Documents documents = new Documents(typed.mapper());
  private final VolcanoJobDecoder volcanoJobs;
  private final BatchJobDecoder batchJobs;
  private final PodDecoder pods;
  private final DeploymentDecoder deployments;
  private final VolcanoQueueDecoder queues = new VolcanoQueueDecoder(typed);
  private final PodGroupDecoder podGroups;
  private final PriorityClassDecoder priorityClasses = new PriorityClassDecoder(typed);
  private final KarmadaPolicyDecoder karmada = new KarmadaPolicyDecoder();
  private final KarmadaOverrideDecoder overrides = new KarmadaOverrideDecoder();

  /** With random {@code generateName} suffixes. */
  public ManifestParser(DemandParser demand) {
    this(demand, NameGenerator.random());
  }

  public ManifestParser(DemandParser demand, NameGenerator names) {
    volcanoJobs = new VolcanoJobDecoder(typed, demand, names);
    batchJobs = new BatchJobDecoder(typed, demand, names);
    pods = new PodDecoder(typed, demand, names);
    deployments = new DeploymentDecoder(typed, demand, names);
    podGroups = new PodGroupDecoder(typed, names);
  }

  /**
   * @throws ManifestException for the first document that cannot be accepted
   */
  public List<Manifest> parse(String text) {
    List<Documents.Document> docs;
    try {
      docs = documents.split(text);
    } catch (Documents.SyntaxException e) {
      throw new ManifestException(e.index, null, null, "", e.getMessage());
    }
    List<Manifest> out = new ArrayList<>();
    for (Documents.Document d : docs) {
      if (d.content() == null) {
        continue;
      }
      if (!(d.content() instanceof Map)) {
        throw new ManifestException(d.index(), null, null, "",
            "expected a Kubernetes object (a mapping), got " + (d.content() instanceof List ? "a list" : "'" + d.content() + "'"));
      }
      decode(d.index(), Documents.asMap(d.content()), "", out);
    }
    return out;
  }

  private void decode(int index, Map<String, Object> doc, String prefix, List<Manifest> out) {
    Fields f = Fields.root(doc);
    String apiVersion = null;
    String kind = null;
    String name = null;
    try {
      apiVersion = f.string("apiVersion");
      kind = f.string("kind");
      name = displayName(f, kind);
      if (kind == null || kind.isEmpty()) {
        throw new InvalidSpecException("kind", "Required value: every object needs apiVersion and kind");
      }
      if (apiVersion == null || apiVersion.isEmpty()) {
        throw new InvalidSpecException("apiVersion", "Required value: every object needs apiVersion and kind");
      }
      if (kind.equals("List") && apiVersion.equals("v1")) {
        f.objects("items"); // checks that items is a list of objects
        List<?> items = doc.get("items") instanceof List<?> l ? l : List.of();
        for (int i = 0; i < items.size(); i++) {
          decode(index, Documents.asMap(items.get(i)), prefix + "items[" + i + "].", out);
        }
        return;
      }
      Manifest m = decodeObject(index, apiVersion, kind, doc, f);
      if (m instanceof JobManifest jm) {
        checkPodCount(jm);
        if (jm.source() != null && jm.source().length() > MAX_OBJECT_CHARS) {
          throw new InvalidSpecException("", "the object is " + jm.source().length() + " characters of JSON; a Kubernetes"
              + " object is at most 1.5 MiB (etcd's limit), so no member cluster could store it");
        }
      }
      out.add(m);
    } catch (InvalidSpecException e) {
      String field = e.field().isEmpty() ? stripDot(prefix) : prefix + e.field();
      throw new ManifestException(index, kind, name, field, e.reason());
    }
  }

  /**
   * Most pods one job may ask for: Kubernetes' own cap on an Indexed Job's completions and
   * parallelism. Every pod of a gang is placed and tracked, so a typo of 2^31 replicas must not
   * reach the scheduler.
   */
  public static final int MAX_PODS_PER_JOB = 100_000;
  /** A job's JSON as sent to the member cluster: etcd's default request limit, 1.5 MiB. */
  public static final int MAX_OBJECT_CHARS = 1536 * 1024;

  static void checkPodCount(JobManifest jm) {
    long pods = 0;
    for (var t : jm.tasks()) {
      pods += t.replicas();
    }
    if (pods > MAX_PODS_PER_JOB) {
      String field = switch (jm.jobKind()) {
        case VOLCANO_JOB -> "spec.tasks[*].replicas";
        case BATCH_JOB -> "spec.parallelism";
        default -> "spec.replicas";
      };
      throw new InvalidSpecException(field, "the job asks for " + pods + " pods; at most " + MAX_PODS_PER_JOB
          + " per job (Kubernetes' limit for Indexed Jobs)");
    }
  }

  private Manifest decodeObject(int index, String apiVersion, String kind, Map<String, Object> doc, Fields f) {
    switch (apiVersion + "/" + kind) {
      case "batch.volcano.sh/v1alpha1/Job":
        return volcanoJobs.decode(index, doc, typed.json(doc));
      case "batch/v1/Job":
        return batchJobs.decode(index, doc, typed.json(doc));
      case "v1/Pod":
        return pods.decode(index, doc, typed.json(doc));
      case "apps/v1/Deployment":
        return deployments.decode(index, doc, typed.json(doc));
      case "scheduling.volcano.sh/v1beta1/Queue":
        return queues.decode(index, doc);
      case "scheduling.volcano.sh/v1beta1/PodGroup":
        return podGroups.decode(index, doc);
      case "scheduling.k8s.io/v1/PriorityClass":
      case "scheduling.k8s.io/v1beta1/PriorityClass":
        return priorityClasses.decode(index, apiVersion, doc);
      case "policy.karmada.io/v1alpha1/PropagationPolicy":
        return karmada.decode(index, doc, false);
      case "policy.karmada.io/v1alpha1/ClusterPropagationPolicy":
        return karmada.decode(index, doc, true);
      case "policy.karmada.io/v1alpha1/OverridePolicy":
        return overrides.decode(index, doc, false);
      case "policy.karmada.io/v1alpha1/ClusterOverridePolicy":
        return overrides.decode(index, doc, true);
      case "v1/ConfigMap":
      case "v1/Secret":
      case "v1/ServiceAccount":
      case "v1/PersistentVolumeClaim":
        return dependency(index, kind, doc, f);
      default:
        Fields meta = f.object("metadata");
        return new OtherManifest(index, apiVersion, kind, meta == null ? null : meta.string("namespace"),
            meta == null ? null : meta.string("name"));
    }
  }

  private DependencyManifest dependency(int index, String kind, Map<String, Object> doc, Fields f) {
    Fields meta = f.object("metadata");
    if (meta == null) {
      throw new InvalidSpecException("metadata", "Required value");
    }
    String name = meta.requiredString("name");
    Names.objectName(name, "metadata.name", 253);
    String ns = meta.string("namespace");
    ns = ns == null || ns.isEmpty() ? "default" : ns;
    if (kind.equals("Secret")) {
      for (var e : f.stringMap("data").entrySet()) {
        try {
          java.util.Base64.getDecoder().decode(e.getValue());
        } catch (IllegalArgumentException x) {
          throw new InvalidSpecException("data[" + e.getKey() + "]", "illegal base64 data"); // the value is never echoed
        }
      }
    }
    Map<String, Object> copy = new java.util.LinkedHashMap<>(doc);
    Map<String, Object> m = new java.util.LinkedHashMap<>(Documents.asMap(doc.get("metadata")));
    m.put("namespace", ns);
    copy.put("metadata", m);
    copy.remove("status");
    return new DependencyManifest(index, kind, ns, name, typed.json(copy));
  }

  /** {@code namespace/name} (or {@code generateName}) for namespaced kinds, the bare name for cluster-scoped ones. */
  private static String displayName(Fields f, String kind) {
    Fields meta;
    try {
      meta = f.object("metadata");
    } catch (InvalidSpecException e) {
      return null;
    }
    if (meta == null) {
      return null;
    }
    String n;
    String ns;
    try {
      n = meta.string("name");
      if (n == null || n.isEmpty()) {
        n = meta.string("generateName");
      }
      ns = meta.string("namespace");
    } catch (InvalidSpecException e) {
      return null;
    }
    if (n == null || n.isEmpty()) {
      return null;
    }
    boolean clusterScoped = "Queue".equals(kind) || "PriorityClass".equals(kind) || "ClusterPropagationPolicy".equals(kind)
        || "ClusterOverridePolicy".equals(kind);
    return clusterScoped ? n : (ns == null || ns.isEmpty() ? "default" : ns) + "/" + n;
  }

  private static String stripDot(String prefix) {
    return prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
  }
}
