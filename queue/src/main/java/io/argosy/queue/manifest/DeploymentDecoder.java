package io.argosy.queue.manifest;

import io.argosy.gpu.InvalidSpecException;
import io.argosy.gpu.demand.DemandParser;
import io.argosy.gpu.demand.PodDemand;
import io.argosy.queue.job.JobId;
import io.argosy.queue.job.ServiceWorkload;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;

/** {@code apps/v1} Deployment: a service workload of {@code replicas} (default 1) pods of one template. */
final class DeploymentDecoder {
  private final TypedDecoding typed;
  private final DemandParser demand;
  private final NameGenerator names;

  DeploymentDecoder(TypedDecoding typed, DemandParser demand, NameGenerator names) {
    this.typed = typed;
    this.demand = demand;
    this.names = names;
  }

  DeploymentManifest decode(int index, Map<String, Object> raw, String source) {
    Deployment d = typed.decode(raw, Deployment.class);
    JobId id = JobMetadata.id(d.getMetadata(), names, 253);
    if (d.getSpec() == null) {
      throw new InvalidSpecException("spec", "Required value");
    }
    int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    if (replicas < 0) {
      throw new InvalidSpecException("spec.replicas", "must be greater than or equal to 0");
    }
    PodTemplateSpec template = d.getSpec().getTemplate();
    if (template == null) {
      throw new InvalidSpecException("spec.template", "Required value");
    }
    PodDemand pod;
    try {
      pod = demand.parse(template.getSpec(), JobMetadata.annotations(template.getMetadata()));
    } catch (InvalidSpecException e) {
      throw e.under("spec.template");
    }
    JobMetadata.Queue queue = JobMetadata.queue(null, null, d.getMetadata(), template.getMetadata(), "spec.template");
    String pcn = VolcanoJobDecoder.emptyToNull(template.getSpec().getPriorityClassName());
    return new DeploymentManifest(index,
        new ServiceWorkload(id, replicas, pod, pcn, queue.name(), JobMetadata.labels(d.getMetadata()), source));
  }
}
