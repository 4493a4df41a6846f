package io.argosy.queue.manifest;

import io.argosy.gpu.InvalidSpecException;
import io.argosy.gpu.demand.DemandParser;
import io.argosy.gpu.demand.PodDemand;
import io.argosy.queue.job.JobId;
import io.argosy.queue.job.JobKind;
import io.argosy.queue.job.LifecyclePolicy;
import io.argosy.queue.job.Task;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.volcano.api.model.batch.v1alpha1.Job;
import io.fabric8.volcano.api.model.batch.v1alpha1.JobSpec;
import io.fabric8.volcano.api.model.batch.v1alpha1.TaskSpec;
import io.fabric8.volcano.api.model.batch.v1alpha1.VolumeSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code batch.volcano.sh/v1alpha1} Job: Volcano's mutating webhook defaults, then its validating
 * webhook's checks in its order and with its wording, then the gang model.
 */
final class VolcanoJobDecoder {
  /** Job plugins Volcano's controller knows. */
  static final Set<String> PLUGINS = Set.of("env", "svc", "ssh", "tensorflow", "mpi", "pytorch", "ray", "hcclrank");

  private final TypedDecoding typed;
  private final DemandParser demand;
  private final NameGenerator names;

  VolcanoJobDecoder(TypedDecoding typed, DemandParser demand, NameGenerator names) {
    this.typed = typed;
    this.demand = demand;
    this.names = names;
  }

  JobManifest decode(int index, Map<String, Object> raw, String source) {
    Job vj = typed.decode(raw, Job.class);
    JobId id = JobMetadata.id(vj.getMetadata(), names, 63);
    JobSpec spec = vj.getSpec() == null ? new JobSpec() : vj.getSpec();
    String job = id.name();

    Integer jobMin = spec.getMinAvailable();
    if (jobMin != null && jobMin < 0) {
      throw new InvalidSpecException("spec.minAvailable", "job 'minAvailable' must be >= 0.");
    }
    if (spec.getMaxRetry() != null && spec.getMaxRetry() < 0) {
      throw new InvalidSpecException("spec.maxRetry", "'maxRetry' cannot be less than zero.");
    }
    if (spec.getTtlSecondsAfterFinished() != null && spec.getTtlSecondsAfterFinished() < 0) {
      throw new InvalidSpecException("spec.ttlSecondsAfterFinished", "'ttlSecondsAfterFinished' cannot be less than zero.");
    }
    List<TaskSpec> taskSpecs = spec.getTasks() == null ? List.of() : spec.getTasks();
    if (taskSpecs.isEmpty()) {
      throw new InvalidSpecException("spec.tasks", "No task specified in job spec");
    }
    Map<String, List<String>> plugins = spec.getPlugins() == null ? Map.of() : new LinkedHashMap<>(spec.getPlugins());
    checkMpi(plugins, taskSpecs);

    boolean jobMinGiven = jobMin != null && jobMin > 0;
    List<Task> tasks = new ArrayList<>();
    Set<String> taskNames = new HashSet<>();
    int totalReplicas = 0;
    int sumTaskMin = 0;
    for (int i = 0; i < taskSpecs.size(); i++) {
      TaskSpec t = taskSpecs.get(i);
      String at = "spec.tasks[" + i + "]";
      // Volcano's mutating webhook names unnamed tasks default0, default1, ...
      String name = t.getName() == null || t.getName().isEmpty() ? "default" + i : t.getName();
      int replicas = t.getReplicas() == null ? 0 : t.getReplicas();
      if (replicas < 0) {
        throw new InvalidSpecException(at + ".replicas", "'replicas' < 0 in task: " + name + ", job: " + job);
      }
      Integer taskMin = t.getMinAvailable();
      if (taskMin != null) {
        if (taskMin < 0) {
          throw new InvalidSpecException(at + ".minAvailable", "'minAvailable' < 0 in task: " + name + ", job: " + job);
        }
        if (taskMin > replicas) {
          throw new InvalidSpecException(at + ".minAvailable",
              "'minAvailable' is greater than 'replicas' in task: " + name + ", job: " + job);
        }
      }
      totalReplicas += replicas;
      Names.label(name, at + ".name");
      if (!taskNames.add(name)) {
        throw new InvalidSpecException(at + ".name", "duplicated task name " + name);
      }
      List<LifecyclePolicy> taskPolicies = VolcanoPolicies.validate(t.getPolicies(), at + ".policies");
      String podName = job + "-" + name + "-" + i;
      if (podName.length() > 63) {
        throw new InvalidSpecException(at + ".name",
            "create pod with name " + podName + " validate failed [must be no more than 63 characters]");
      }
      PodTemplateSpec template = t.getTemplate();
      if (template == null) {
        throw new InvalidSpecException(at + ".template", "Required value");
      }
      PodDemand pod;
      try {
        pod = demand.parse(template.getSpec(), JobMetadata.annotations(template.getMetadata()));
      } catch (InvalidSpecException e) {
        throw e.under(at + ".template");
      }
      // a task without minAvailable needs all its replicas, unless the job's minAvailable governs
      int min = taskMin != null ? taskMin : jobMinGiven ? 0 : replicas;
      sumTaskMin += min;
      List<String> dependsOn = t.getDependsOn() == null || t.getDependsOn().getName() == null
          ? List.of() : t.getDependsOn().getName();
      String pcn = template.getSpec() == null ? null : template.getSpec().getPriorityClassName();
      tasks.add(new Task(name, replicas, min, pod, pcn, dependsOn, taskPolicies));
    }
    if (jobMinGiven && totalReplicas < jobMin) {
      throw new InvalidSpecException("spec.minAvailable", "job 'minAvailable' should not be greater than total replicas in tasks");
    }
    List<LifecyclePolicy> policies = VolcanoPolicies.validate(spec.getPolicies(), "spec.policies");
    for (String plugin : plugins.keySet()) {
      if (!PLUGINS.contains(plugin)) {
        throw new InvalidSpecException("spec.plugins[" + plugin + "]", "unable to find job plugin: " + plugin);
      }
    }
    checkVolumes(spec.getVolumes());
    checkDependencies(tasks);

    int minAvailable = jobMinGiven ? jobMin : sumTaskMin;
    JobMetadata.Queue queue = JobMetadata.queue(spec.getQueue(), "spec.queue", vj.getMetadata(), null, "");
    int maxRetry = spec.getMaxRetry() == null || spec.getMaxRetry() == 0 ? 3 : spec.getMaxRetry();
    return new JobManifest(index, JobKind.VOLCANO_JOB, id, JobMetadata.labels(vj.getMetadata()),
        JobMetadata.annotations(vj.getMetadata()), tasks, minAvailable, queue.name(), queue.field(),
        emptyToNull(spec.getPriorityClassName()), "spec.priorityClassName", preemptible(vj, taskSpecs),
        runtime(vj, spec, taskSpecs), maxRetry, -1, policies, plugins, spec.getSchedulerName(), source);
  }

  /** Volcano's mpi plugin needs its master and worker tasks ({@code --master=}/{@code --worker=}, default master/worker). */
  private static void checkMpi(Map<String, List<String>> plugins, List<TaskSpec> tasks) {
    List<String> args = plugins.get("mpi");
    if (args == null) {
      return;
    }
    String master = "master";
    String worker = "worker";
    for (String a : args) {
      if (a.startsWith("--master=")) {
        master = a.substring("--master=".length());
      } else if (a.startsWith("--worker=")) {
        worker = a.substring("--worker=".length());
      }
    }
    Set<String> names = new HashSet<>();
    for (TaskSpec t : tasks) {
      names.add(t.getName());
    }
    if (!names.contains(master)) {
      throw new InvalidSpecException("spec.plugins[mpi]", "The specified mpi master task was not found");
    }
    if (!names.contains(worker)) {
      throw new InvalidSpecException("spec.plugins[mpi]", "The specified mpi worker task was not found");
    }
  }

  private static void checkVolumes(List<VolumeSpec> volumes) {
    if (volumes == null) {
      return;
    }
    Set<String> mounts = new HashSet<>();
    for (int i = 0; i < volumes.size(); i++) {
      VolumeSpec v = volumes.get(i);
      String at = "spec.volumes[" + i + "]";
      if (v.getMountPath() == null || v.getMountPath().isEmpty()) {
        throw new InvalidSpecException(at + ".mountPath", "mountPath is required");
      }
      if (!mounts.add(v.getMountPath())) {
        throw new InvalidSpecException(at + ".mountPath", "duplicated mountPath: " + v.getMountPath());
      }
      boolean named = v.getVolumeClaimName() != null && !v.getVolumeClaimName().isEmpty();
      if (v.getVolumeClaim() == null && !named) {
        throw new InvalidSpecException(at, "either VolumeClaim or VolumeClaimName must be specified");
      }
      if (v.getVolumeClaim() != null && named) {
        throw new InvalidSpecException(at, "conflict: If you want to use an existing PVC, just specify VolumeClaimName."
            + "If you want to create a new PVC, you do not need to specify VolumeClaimName");
      }
    }
  }

  /** Task dependencies must name tasks of the job and form a DAG. */
  private static void checkDependencies(List<Task> tasks) {
    Map<String, List<String>> deps = new HashMap<>();
    for (int i = 0; i < tasks.size(); i++) {
      Task t = tasks.get(i);
      for (int j = 0; j < t.dependsOn().size(); j++) {
        String d = t.dependsOn().get(j);
        if (tasks.stream().noneMatch(x -> x.name().equals(d))) {
          throw new InvalidSpecException("spec.tasks[" + i + "].dependsOn.name[" + j + "]", "task " + d + " does not exist");
        }
      }
      deps.put(t.name(), t.dependsOn());
    }
    Map<String, Integer> state = new HashMap<>();
    for (Task t : tasks) {
      if (cyclic(t.name(), deps, state)) {
        throw new InvalidSpecException("spec.tasks",
            "job has dependencies between tasks, but doesn't form a directed acyclic graph(DAG)");
      }
    }
  }

  private static boolean cyclic(String task, Map<String, List<String>> deps, Map<String, Integer> state) {
    Integer s = state.get(task);
    if (s != null) {
      return s == 1;
    }
    state.put(task, 1);
    for (String d : deps.getOrDefault(task, List.of())) {
      if (cyclic(d, deps, state)) {
        return true;
      }
    }
    state.put(task, 2);
    return false;
  }

  /** {@code volcano.sh/preemptable} on the job wins; otherwise every task must be preemptable (default true). */
  private static boolean preemptible(Job vj, List<TaskSpec> tasks) {
    Boolean job = JobMetadata.preemptable(vj.getMetadata(), "metadata");
    if (job != null) {
      return job;
    }
    for (int i = 0; i < tasks.size(); i++) {
      PodTemplateSpec tpl = tasks.get(i).getTemplate();
      Boolean t = JobMetadata.preemptable(tpl.getMetadata(), "spec.tasks[" + i + "].template.metadata");
      if (t != null && !t) {
        return false;
      }
    }
    return true;
  }

  /** Annotations on the job, then {@code spec.runningEstimate}, then the tasks' annotations, then their activeDeadlineSeconds. */
  private static Duration runtime(Job vj, JobSpec spec, List<TaskSpec> tasks) {
    Duration d = JobMetadata.runtimeAnnotation(vj.getMetadata(), "metadata");
    if (d != null) {
      return d;
    }
    if (spec.getRunningEstimate() != null && spec.getRunningEstimate().getDuration() != null) {
      return spec.getRunningEstimate().getDuration();
    }
    Duration longest = null;
    for (int i = 0; i < tasks.size(); i++) {
      PodTemplateSpec tpl = tasks.get(i).getTemplate();
      Duration t = JobMetadata.runtimeAnnotation(tpl.getMetadata(), "spec.tasks[" + i + "].template.metadata");
      if (t == null && tpl.getSpec() != null && tpl.getSpec().getActiveDeadlineSeconds() != null) {
        t = Duration.ofSeconds(tpl.getSpec().getActiveDeadlineSeconds());
      }
      if (t != null && (longest == null || t.compareTo(longest) > 0)) {
        longest = t;
      }
    }
    return longest;
  }

  static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
