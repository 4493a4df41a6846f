package io.argosy.agent.apply;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.volcano.api.model.batch.v1alpha1.Job;
import io.fabric8.volcano.api.model.batch.v1alpha1.TaskSpec;
import java.util.Map;

/**
 * A binding's source manifest and the pod template of each of its tasks: a Pod (task {@code main}),
 * a Volcano Job (its tasks), or any workload with {@code spec.template} (batch Job, Deployment...,
 * task {@code main}).
 */
final class SourceManifest {
  static final KubernetesSerialization K8S = new KubernetesSerialization();
  static final String VOLCANO_API = "batch.volcano.sh/v1alpha1";

  final String apiVersion;
  final String kind;
  final ObjectMeta metadata;
  private final GenericKubernetesResource generic;
  private final Job volcanoJob;

  private SourceManifest(GenericKubernetesResource generic) {
    this.generic = generic;
    this.apiVersion = generic.getApiVersion();
    this.kind = generic.getKind();
    this.metadata = generic.getMetadata() == null ? new ObjectMeta() : generic.getMetadata();
    this.volcanoJob = isVolcanoJob() ? K8S.convertValue(generic, Job.class) : null;
  }

  /** Parses YAML or JSON; {@link IllegalArgumentException} says what is wrong. */
  static SourceManifest parse(String manifest) {
    GenericKubernetesResource g;
    try {
      g = K8S.unmarshal(manifest, GenericKubernetesResource.class);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("manifest is not a Kubernetes object: " + e.getMessage());
    }
    if (g == null || g.getKind() == null || g.getApiVersion() == null) {
      throw new IllegalArgumentException("manifest has no apiVersion/kind");
    }
    return new SourceManifest(g);
  }

  boolean isVolcanoJob() {
    return VOLCANO_API.equals(apiVersion) && "Job".equals(kind);
  }

  Job volcanoJob() {
    return volcanoJob;
  }

  /** A copy of the pod template of {@code task} that the caller may change (one pod's own). */
  PodTemplateSpec templateCopy(String task) {
    PodTemplateSpec t = template(task);
    return volcanoJob != null ? K8S.clone(t) : t; // the other kinds' templates are converted afresh per call
  }

  /** The pod template pods of {@code task} are made from. */
  PodTemplateSpec template(String task) {
    if (volcanoJob != null) {
      for (TaskSpec t : volcanoJob.getSpec().getTasks()) {
        if (task.equals(t.getName())) {
          return t.getTemplate();
        }
      }
      throw new IllegalArgumentException("task '" + task + "' is not in Volcano Job " + metadata.getName());
    }
    if ("Pod".equals(kind) && "v1".equals(apiVersion)) {
      Pod pod = K8S.convertValue(generic, Pod.class);
      return new PodTemplateSpecBuilder().withMetadata(pod.getMetadata()).withSpec(pod.getSpec()).build();
    }
    Object spec = generic.getAdditionalProperties().get("spec");
    Object template = spec instanceof Map<?, ?> m ? m.get("template") : null;
    if (template == null) {
      throw new IllegalArgumentException(kind + " " + metadata.getName() + " has no spec.template");
    }
    return K8S.convertValue(template, PodTemplateSpec.class);
  }
}
