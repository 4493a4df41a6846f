package io.argosy.queue.manifest;

import io.argosy.gpu.InvalidSpecException;
import io.argosy.queue.JobQueues;
import io.argosy.queue.job.JobId;
import io.fabric8.volcano.api.model.scheduling.v1beta1.PodGroup;
import io.fabric8.volcano.api.model.scheduling.v1beta1.PodGroupSpec;
import java.util.Map;

/** {@code scheduling.volcano.sh/v1beta1} PodGroup. */
final class PodGroupDecoder {
  private final TypedDecoding typed;
  private final NameGenerator names;

  PodGroupDecoder(TypedDecoding typed, NameGenerator names) {
    this.typed = typed;
    this.names = names;
  }

  PodGroupManifest decode(int index, Map<String, Object> raw) {
    PodGroup pg = typed.decode(raw, PodGroup.class);
    JobId id = JobMetadata.id(pg.getMetadata(), names, 253);
    PodGroupSpec spec = pg.getSpec() == null ? new PodGroupSpec() : pg.getSpec();
    int minMember = spec.getMinMember() == null ? 1 : spec.getMinMember();
    if (minMember < 0) {
      throw new InvalidSpecException("spec.minMember", "must be greater than or equal to 0");
    }
    Map<String, Integer> perTask = spec.getMinTaskMember() == null ? Map.of() : spec.getMinTaskMember();
    for (Map.Entry<String, Integer> e : perTask.entrySet()) {
      if (e.getValue() == null || e.getValue() < 0) {
        throw new InvalidSpecException("spec.minTaskMember[" + e.getKey() + "]", "must be greater than or equal to 0");
      }
    }
    String queue = spec.getQueue() == null || spec.getQueue().isEmpty() ? JobQueues.DEFAULT_QUEUE : spec.getQueue();
    return new PodGroupManifest(index, id.namespace(), id.name(), minMember, perTask, queue,
        VolcanoJobDecoder.emptyToNull(spec.getPriorityClassName()),
        QuotaQuantities.vector(spec.getMinResources(), "spec.minResources"));
  }
}
