package io.argosy.agent.apply;

import io.argosy.api.ApiCodec;
import io.argosy.api.Binding;
import io.argosy.api.Ownership;
import io.argosy.api.PodBinding;
import io.argosy.api.PodNames;
import io.argosy.gpu.inventory.NodeInventory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.volcano.api.model.batch.v1alpha1.Job;
import io.fabric8.volcano.api.model.batch.v1alpha1.TaskSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Turns a binding into the objects to create. Names and labels are derived from the binding only,
 * so the same binding always yields the same objects:
 * <ul>
 *   <li>Volcano Job on a cluster with Volcano: the user's Volcano Job under its own name, labelled,
 *       with each task's template given the ownership labels and a required node affinity to the
 *       nodes chosen for that task, and {@value Ownership#PLACEMENT} naming each pod's node;
 *   <li>everything else (and Volcano Jobs on clusters without Volcano): one pod per
 *       {@link PodBinding}, named by it, from its task's template, with {@code spec.nodeName} set
 *       and the device annotations of {@link DeviceAnnotations}.
 * </ul>
 */
public final class Materializer {

  /** What to create: pods, or one Volcano Job. */
  public record Plan(List<Pod> pods, Job volcanoJob, List<Toleration> tolerations) {
    public List<String> names() {
      if (volcanoJob != null) {
        return List.of("Job.batch.volcano.sh/" + volcanoJob.getMetadata().getNamespace() + "/" + volcanoJob.getMetadata().getName());
      }
      return pods.stream().map(p -> "Pod/" + p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()).toList();
    }
  }

  private Materializer() {}

  /**
   * @param volcanoCluster whether the member cluster serves Volcano
   * @param nodes the agent's node inventories by name (for device annotations)
   */
  public static Plan plan(Binding b, boolean volcanoCluster, Function<String, NodeInventory> nodes, Instant now) {
    SourceManifest src = SourceManifest.parse(b.manifest());
    List<Toleration> tolerations = new ArrayList<>();
    List<PodTemplateSpec> templates = new ArrayList<>(b.pods().size());
    for (PodBinding pb : b.pods()) {
      PodTemplateSpec t = src.templateCopy(pb.task()); // each pod gets its own copy of its task's template
      templates.add(t);
      PodSpec spec = t.getSpec();
      if (spec != null && spec.getTolerations() != null) {
        tolerations.addAll(spec.getTolerations());
      }
    }
    if (src.isVolcanoJob() && volcanoCluster) {
      return new Plan(List.of(), volcanoJob(b, src), tolerations);
    }
    List<Pod> pods = new ArrayList<>();
    for (int i = 0; i < b.pods().size(); i++) {
      PodBinding pb = b.pods().get(i);
      pods.add(pod(b, src, pb, templates.get(i), nodes.apply(pb.node()), now));
    }
    return new Plan(pods, null, tolerations);
  }

  static Map<String, String> ownership(Binding b, String task) {
    Map<String, String> l = new LinkedHashMap<>();
    l.put(Ownership.MANAGED_BY, Ownership.ARGOSY);
    l.put(Ownership.JOB, PodNames.labelValue(b.jobId()));
    l.put(Ownership.BINDING, b.bindingId());
    if (task != null) {
      l.put(Ownership.TASK, PodNames.dnsLabel(task));
    }
    return l;
  }

  /** One pod from {@code t}, a copy of its task's template that becomes the pod's (changed in place). */
  static Pod pod(Binding b, SourceManifest src, PodBinding pb, PodTemplateSpec t, NodeInventory node, Instant now) {
    ObjectMeta tm = t.getMetadata() == null ? new ObjectMeta() : t.getMetadata();
    Map<String, String> labels = new TreeMap<>(tm.getLabels() == null ? Map.of() : tm.getLabels());
    labels.putAll(ownership(b, pb.task()));
    Map<String, String> annotations = new TreeMap<>();
    inheritRuntime(src, annotations);
    if (tm.getAnnotations() != null) {
      annotations.putAll(tm.getAnnotations());
    }
    annotations.put(Ownership.JOB_ID, b.jobId());
    List<String> containers = t.getSpec().getContainers().stream().map(Container::getName).toList();
    annotations.putAll(DeviceAnnotations.of(pb.assignment(), node, containers, now));
    ObjectMeta meta = new ObjectMeta();
    meta.setName(pb.name());
    meta.setNamespace(b.namespace());
    meta.setLabels(labels);
    meta.setAnnotations(annotations);
    PodSpec spec = t.getSpec();
    spec.setNodeName(pb.node());
    Pod pod = new Pod();
    pod.setMetadata(meta);
    pod.setSpec(spec);
    return pod;
  }

  /** The simulated runtime may be set on the job; pods carry it so the simulated kubelet sees it. */
  static void inheritRuntime(SourceManifest src, Map<String, String> annotations) {
    Map<String, String> jobAnn = src.metadata.getAnnotations();
    if (jobAnn != null && jobAnn.containsKey(Ownership.SIM_RUNTIME)) {
      annotations.put(Ownership.SIM_RUNTIME, jobAnn.get(Ownership.SIM_RUNTIME));
    }
  }

  static Job volcanoJob(Binding b, SourceManifest src) {
    Job job = SourceManifest.K8S.clone(src.volcanoJob());
    ObjectMeta m = new ObjectMeta();
    m.setName(b.jobName());
    m.setNamespace(b.namespace());
    Map<String, String> labels = new TreeMap<>(src.metadata.getLabels() == null ? Map.of() : src.metadata.getLabels());
    labels.putAll(ownership(b, null));
    m.setLabels(labels);
    Map<String, String> annotations = new TreeMap<>(src.metadata.getAnnotations() == null ? Map.of() : src.metadata.getAnnotations());
    annotations.put(Ownership.JOB_ID, b.jobId());
    Map<String, String> placement = new TreeMap<>();
    Map<String, Object> devices = new TreeMap<>();
    Map<String, TreeSet<String>> nodesByTask = new HashMap<>();
    for (PodBinding pb : b.pods()) {
      placement.put(pb.name(), pb.node());
      devices.put(pb.name(), pb.assignment());
      nodesByTask.computeIfAbsent(pb.task(), k -> new TreeSet<>()).add(pb.node());
    }
    annotations.put(Ownership.PLACEMENT, ApiCodec.toJson(placement));
    annotations.put(Ownership.DEVICES, ApiCodec.toJson(devices));
    m.setAnnotations(annotations);
    job.setMetadata(m);
    job.setStatus(null);
    for (TaskSpec task : job.getSpec().getTasks()) {
      TreeSet<String> taskNodes = nodesByTask.get(task.getName());
      if (taskNodes == null) {
        throw new IllegalArgumentException("binding " + b.bindingId() + " places no pod of task '" + task.getName() + "'");
      }
      PodTemplateSpec t = task.getTemplate();
      if (t.getMetadata() == null) {
        t.setMetadata(new ObjectMeta());
      }
      Map<String, String> tl = new TreeMap<>(t.getMetadata().getLabels() == null ? Map.of() : t.getMetadata().getLabels());
      tl.putAll(ownership(b, task.getName()));
      t.getMetadata().setLabels(tl);
      Map<String, String> ta = new TreeMap<>();
      inheritRuntime(src, ta);
      if (t.getMetadata().getAnnotations() != null) {
        ta.putAll(t.getMetadata().getAnnotations());
      }
      ta.put(Ownership.JOB_ID, b.jobId());
      t.getMetadata().setAnnotations(ta);
      pinTo(t.getSpec(), taskNodes);
    }
    return job;
  }

  /** Adds a required node affinity {@code kubernetes.io/hostname In nodes} to every existing term (or a new one). */
  static void pinTo(PodSpec spec, TreeSet<String> nodes) {
    var req = new NodeSelectorRequirementBuilder().withKey("kubernetes.io/hostname").withOperator("In")
        .withValues(new ArrayList<>(nodes)).build();
    var affinity = spec.getAffinity() == null ? new io.fabric8.kubernetes.api.model.Affinity() : spec.getAffinity();
    var na = affinity.getNodeAffinity() == null ? new io.fabric8.kubernetes.api.model.NodeAffinity() : affinity.getNodeAffinity();
    var selector = na.getRequiredDuringSchedulingIgnoredDuringExecution();
    if (selector == null || selector.getNodeSelectorTerms() == null || selector.getNodeSelectorTerms().isEmpty()) {
      selector = new io.fabric8.kubernetes.api.model.NodeSelectorBuilder().addNewNodeSelectorTerm().withMatchExpressions(req).endNodeSelectorTerm().build();
    } else {
      for (var term : selector.getNodeSelectorTerms()) {
        List<io.fabric8.kubernetes.api.model.NodeSelectorRequirement> exprs =
            new ArrayList<>(term.getMatchExpressions() == null ? List.of() : term.getMatchExpressions());
        exprs.add(req);
        term.setMatchExpressions(exprs);
      }
    }
    na.setRequiredDuringSchedulingIgnoredDuringExecution(selector);
    affinity.setNodeAffinity(na);
    spec.setAffinity(affinity);
  }
}
