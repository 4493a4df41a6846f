package io.argosy.queue.manifest;

import io.argosy.gpu.InvalidSpecException;
import io.argosy.gpu.demand.DemandParser;
import io.argosy.gpu.demand.PodDemand;
import io.argosy.queue.job.JobId;
import io.argosy.queue.job.JobKind;
import io.argosy.queue.job.Task;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A bare {@code v1} Pod: a gang of one. */
final class PodDecoder {
  private final TypedDecoding typed;
  private final DemandParser demand;
  private final NameGenerator names;

  PodDecoder(TypedDecoding typed, DemandParser demand, NameGenerator names) {
    this.typed = typed;
    this.demand = demand;
    this.names = names;
  }

  JobManifest decode(int index, Map<String, Object> raw, String source) {
    Pod p = typed.decode(raw, Pod.class);
    JobId id = JobMetadata.id(p.getMetadata(), names, 253);
    PodDemand pod = demand.parse(p.getSpec(), JobMetadata.annotations(p.getMetadata()));
    String pcn = VolcanoJobDecoder.emptyToNull(p.getSpec().getPriorityClassName());
    JobMetadata.Queue queue = JobMetadata.queue(null, null, p.getMetadata(), null, "");
    Boolean preemptable = JobMetadata.preemptable(p.getMetadata(), "metadata");
    Duration runtime = JobMetadata.runtimeAnnotation(p.getMetadata(), "metadata");
    if (runtime == null && p.getSpec().getActiveDeadlineSeconds() != null) {
      if (p.getSpec().getActiveDeadlineSeconds() <= 0) {
        throw new InvalidSpecException("spec.activeDeadlineSeconds", "must be greater than 0");
      }
      runtime = Duration.ofSeconds(p.getSpec().getActiveDeadlineSeconds());
    }
    Task task = new Task(id.name(), 1, 1, pod, pcn, List.of(), List.of());
    return new JobManifest(index, JobKind.POD, id, JobMetadata.labels(p.getMetadata()),
        JobMetadata.annotations(p.getMetadata()), List.of(task), 1, queue.name(), queue.field(), pcn,
        "spec.priorityClassName", preemptable == null || preemptable, runtime, 0, -1, List.of(), Map.of(),
        p.getSpec().getSchedulerName(), source);
  }
}
