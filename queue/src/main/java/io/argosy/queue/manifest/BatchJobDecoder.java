package io.argosy.queue.manifest;

import io.argosy.gpu.InvalidSpecException;
import io.argosy.gpu.demand.DemandParser;
import io.argosy.gpu.demand.PodDemand;
import io.argosy.queue.job.JobId;
import io.argosy.queue.job.JobKind;
import io.argosy.queue.job.Task;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code batch/v1} Job: one task whose gang is the pods that run at once, {@code parallelism}
 * (default 1, capped by {@code completions}), lowered by {@code argosy.io/min-available} or Kueue's
 * {@code kueue.x-k8s.io/job-min-parallelism}. {@code suspend} is not read: Argosy is the admission
 * gate, as Kueue is.
 */
final class BatchJobDecoder {
  private final TypedDecoding typed;
  private final DemandParser demand;
  private final NameGenerator names;

  BatchJobDecoder(TypedDecoding typed, DemandParser demand, NameGenerator names) {
    this.typed = typed;
    this.demand = demand;
    this.names = names;
  }

  JobManifest decode(int index, Map<String, Object> raw, String source) {
    Job job = typed.decode(raw, Job.class);
    JobId id = JobMetadata.id(job.getMetadata(), names, 63);
    JobSpec spec = job.getSpec();
    if (spec == null) {
      throw new InvalidSpecException("spec", "Required value");
    }
    int parallelism = spec.getParallelism() == null ? 1 : spec.getParallelism();
    if (parallelism < 0) {
      throw new InvalidSpecException("spec.parallelism", "must be greater than or equal to 0");
    }
    if (parallelism == 0) {
      throw new InvalidSpecException("spec.parallelism", "0 runs no pod; a job needs parallelism of at least 1 to be scheduled");
    }
    Integer completions = spec.getCompletions();
    if (completions != null && completions < 0) {
      throw new InvalidSpecException("spec.completions", "must be greater than or equal to 0");
    }
    if (spec.getBackoffLimit() != null && spec.getBackoffLimit() < 0) {
      throw new InvalidSpecException("spec.backoffLimit", "must be greater than or equal to 0");
    }
    if (spec.getActiveDeadlineSeconds() != null && spec.getActiveDeadlineSeconds() <= 0) {
      throw new InvalidSpecException("spec.activeDeadlineSeconds", "must be greater than 0");
    }
    // the controller never runs more pods at once than completions still needed
    int gang = completions == null ? parallelism : Math.max(1, Math.min(parallelism, completions));
    PodTemplateSpec template = spec.getTemplate();
    if (template == null) {
      throw new InvalidSpecException("spec.template", "Required value");
    }
    PodDemand pod;
    try {
      pod = demand.parse(template.getSpec(), JobMetadata.annotations(template.getMetadata()));
    } catch (InvalidSpecException e) {
      throw e.under("spec.template");
    }
    Integer override = JobMetadata.minAvailableOverride(job.getMetadata(), gang);
    int minAvailable = override == null ? gang : override;
    String pcn = template.getSpec() == null ? null : VolcanoJobDecoder.emptyToNull(template.getSpec().getPriorityClassName());
    JobMetadata.Queue queue = JobMetadata.queue(null, null, job.getMetadata(), template.getMetadata(), "spec.template");
    Task task = new Task(id.name(), gang, minAvailable, pod, pcn, List.of(), List.of());
    Boolean preemptable = JobMetadata.preemptable(job.getMetadata(), "metadata");
    if (preemptable == null) {
      preemptable = JobMetadata.preemptable(template.getMetadata(), "spec.template.metadata");
    }
    int maxRetry = spec.getBackoffLimit() == null ? 6 : spec.getBackoffLimit();
    return new JobManifest(index, JobKind.BATCH_JOB, id, JobMetadata.labels(job.getMetadata()),
        JobMetadata.annotations(job.getMetadata()), List.of(task), minAvailable, queue.name(), queue.field(), pcn,
        "spec.template.spec.priorityClassName", preemptable == null || preemptable, runtime(job, spec, template),
        maxRetry, completions == null ? -1 : completions, List.of(), Map.of(),
        template.getSpec() == null ? null : template.getSpec().getSchedulerName(), source);
  }

  private static Duration runtime(Job job, JobSpec spec, PodTemplateSpec template) {
    Duration d = JobMetadata.runtimeAnnotation(job.getMetadata(), "metadata");
    if (d == null) {
      d = JobMetadata.runtimeAnnotation(template.getMetadata(), "spec.template.metadata");
    }
    if (d == null && spec.getActiveDeadlineSeconds() != null) {
      d = Duration.ofSeconds(spec.getActiveDeadlineSeconds());
    }
    return d;
  }
}
