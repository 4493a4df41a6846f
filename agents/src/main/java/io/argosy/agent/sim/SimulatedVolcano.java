package io.argosy.agent.sim;

import io.argosy.api.ApiCodec;
import io.argosy.api.Ownership;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.volcano.api.model.batch.v1alpha1.Job;
import io.fabric8.volcano.api.model.batch.v1alpha1.JobStatus;
import io.fabric8.volcano.api.model.batch.v1alpha1.TaskSpec;
import io.fabric8.volcano.api.model.scheduling.v1beta1.PodGroup;
import io.fabric8.volcano.api.model.scheduling.v1beta1.PodGroupBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Volcano in a simulated cluster: serves the CRDs (so the agent discovers Volcano as on a real
 * cluster) and plays the job controller plus scheduler. For each Job it creates the PodGroup and the
 * pods {@code <job>-<task>-<index>} with Volcano's labels, binds each pod to the node the job's
 * {@value Ownership#PLACEMENT} annotation names (where real Volcano's scheduler would pick within
 * the task's node affinity), keeps the Job's status counts and phase, and deletes the pods and
 * PodGroup when the Job goes (as garbage collection does through owner references).
 */
final class SimulatedVolcano implements AutoCloseable {
  static final String JOB_NAME = "volcano.sh/job-name";
  static final String TASK_SPEC = "volcano.sh/task-spec";
  static final String QUEUE_NAME = "volcano.sh/queue-name";
  static final String GROUP_NAME = "scheduling.k8s.io/group-name";
  private static final Logger LOG = Logger.getLogger(SimulatedVolcano.class.getName());

  private final KubernetesClient client;
  private final ExecutorService loop;
  private SharedIndexInformer<Job> jobs;
  private SharedIndexInformer<Pod> pods;

  SimulatedVolcano(KubernetesClient client, String cluster) {
    this.client = client;
    this.loop = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "sim-volcano-" + cluster);
      t.setDaemon(true);
      return t;
    });
  }

  void installCrds() {
    for (CustomResourceDefinition crd : List.of(
        crd("batch.volcano.sh", "v1alpha1", "Job", "jobs", "vcjob", true),
        crd("scheduling.volcano.sh", "v1beta1", "PodGroup", "podgroups", "pg", true),
        crd("scheduling.volcano.sh", "v1beta1", "Queue", "queues", "q", false))) {
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }
  }

  static CustomResourceDefinition crd(String group, String version, String kind, String plural, String shortName, boolean namespaced) {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata().withName(plural + "." + group).endMetadata()
        .withNewSpec()
        .withGroup(group)
        .withScope(namespaced ? "Namespaced" : "Cluster")
        .withNewNames().withKind(kind).withPlural(plural).withSingular(kind.toLowerCase()).withShortNames(shortName).endNames()
        .addNewVersion().withName(version).withServed(true).withStorage(true)
        .withNewSubresources().withNewStatus().endStatus().endSubresources()
        .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema().endSchema()
        .endVersion()
        .endSpec()
        .build();
  }

  void start() {
    jobs = client.resources(Job.class).inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Job job) {
        loop.execute(() -> guarded(() -> materialise(job)));
      }

      @Override
      public void onUpdate(Job oldJob, Job job) {}

      @Override
      public void onDelete(Job job, boolean unknownFinalState) {
        loop.execute(() -> guarded(() -> collect(job)));
      }
    });
    pods = client.pods().inAnyNamespace().withLabel(JOB_NAME).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {}

      @Override
      public void onUpdate(Pod oldPod, Pod pod) {
        loop.execute(() -> guarded(() -> updateStatus(pod.getMetadata().getNamespace(), pod.getMetadata().getLabels().get(JOB_NAME))));
      }

      @Override
      public void onDelete(Pod pod, boolean unknownFinalState) {}
    });
  }

  private void guarded(Runnable r) {
    try {
      r.run();
    } catch (KubernetesClientException e) {
      LOG.log(Level.FINE, "simulated Volcano: " + e.getMessage(), e);
    }
  }

  private void materialise(Job job) {
    String ns = job.getMetadata().getNamespace();
    String name = job.getMetadata().getName();
    String queue = job.getSpec().getQueue() == null ? "default" : job.getSpec().getQueue();
    Map<String, String> placement = placement(job);
    Map<String, Object> devices = devices(job);
    var owner = new OwnerReferenceBuilder().withApiVersion("batch.volcano.sh/v1alpha1").withKind("Job")
        .withName(name).withUid(job.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true).build();
    int min = job.getSpec().getMinAvailable() == null ? 0 : job.getSpec().getMinAvailable();
    PodGroup pg = new PodGroupBuilder()
        .withNewMetadata().withName(name).withNamespace(ns).withOwnerReferences(owner)
        .withLabels(job.getMetadata().getLabels()).endMetadata()
        .withNewSpec().withMinMember(min).withQueue(queue).endSpec()
        .withNewStatus().withPhase("Inqueue").endStatus()
        .build();
    createIfAbsent(() -> client.resources(PodGroup.class).inNamespace(ns).resource(pg).create());
    for (TaskSpec task : job.getSpec().getTasks()) {
      int replicas = task.getReplicas() == null ? 1 : task.getReplicas();
      for (int i = 0; i < replicas; i++) {
        String podName = name + "-" + task.getName() + "-" + i;
        PodTemplateSpec t = task.getTemplate();
        Map<String, String> labels = new HashMap<>(t.getMetadata() == null || t.getMetadata().getLabels() == null ? Map.of() : t.getMetadata().getLabels());
        labels.put(JOB_NAME, name);
        labels.put(TASK_SPEC, task.getName());
        labels.put(QUEUE_NAME, queue);
        Map<String, String> annotations = new HashMap<>(t.getMetadata() == null || t.getMetadata().getAnnotations() == null ? Map.of() : t.getMetadata().getAnnotations());
        annotations.put(GROUP_NAME, name);
        annotations.put(TASK_SPEC, task.getName());
        annotations.put(JOB_NAME, name);
        if (devices.containsKey(podName)) {
          // Volcano's device plugins write the allocation at bind; here the placement's assignment
          annotations.put(Ownership.DEVICES, ApiCodec.toJson(devices.get(podName)));
        }
        Pod pod = new PodBuilder()
            .withNewMetadata().withName(podName).withNamespace(ns).withLabels(labels).withAnnotations(annotations)
            .withOwnerReferences(owner).endMetadata()
            .withSpec(t.getSpec())
            .editSpec()
            .withSchedulerName(job.getSpec().getSchedulerName() == null ? "volcano" : job.getSpec().getSchedulerName())
            .withNodeName(placement.get(podName))
            .endSpec()
            .build();
        createIfAbsent(() -> client.pods().inNamespace(ns).resource(pod).create());
      }
    }
    updateStatus(ns, name);
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> placement(Job job) {
    Map<String, String> ann = job.getMetadata().getAnnotations();
    if (ann == null || ann.get(Ownership.PLACEMENT) == null) {
      return Map.of();
    }
    return ApiCodec.fromJson(ann.get(Ownership.PLACEMENT), Map.class);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> devices(Job job) {
    Map<String, String> ann = job.getMetadata().getAnnotations();
    if (ann == null || ann.get(Ownership.DEVICES) == null) {
      return Map.of();
    }
    return ApiCodec.fromJson(ann.get(Ownership.DEVICES), Map.class);
  }

  private void updateStatus(String ns, String name) {
    Job job = jobs.getStore().getByKey(ns + "/" + name);
    if (job == null) {
      return;
    }
    int pending = 0;
    int running = 0;
    int succeeded = 0;
    int failed = 0;
    int total = 0;
    for (Pod p : pods.getStore().list()) {
      if (!ns.equals(p.getMetadata().getNamespace()) || !name.equals(p.getMetadata().getLabels().get(JOB_NAME))) {
        continue;
      }
      total++;
      String phase = p.getStatus() == null || p.getStatus().getPhase() == null ? "Pending" : p.getStatus().getPhase();
      switch (phase) {
        case "Running" -> running++;
        case "Succeeded" -> succeeded++;
        case "Failed" -> failed++;
        default -> pending++;
      }
    }
    int min = job.getSpec().getMinAvailable() == null ? total : job.getSpec().getMinAvailable();
    String phase;
    if (failed > 0) {
      phase = "Failed";
    } else if (total > 0 && succeeded == total) {
      phase = "Completed";
    } else if (running + succeeded >= Math.max(1, min)) {
      phase = "Running";
    } else {
      phase = "Pending";
    }
    int p0 = pending;
    int r0 = running;
    int s0 = succeeded;
    int f0 = failed;
    client.resources(Job.class).inNamespace(ns).withName(name).editStatus(j -> {
      JobStatus st = j.getStatus() == null ? new JobStatus() : j.getStatus();
      st.setPending(p0);
      st.setRunning(r0);
      st.setSucceeded(s0);
      st.setFailed(f0);
      st.setMinAvailable(min);
      io.fabric8.volcano.api.model.batch.v1alpha1.JobState state = new io.fabric8.volcano.api.model.batch.v1alpha1.JobState();
      state.setPhase(phase);
      st.setState(state);
      j.setStatus(st);
      return j;
    });
    String pgPhase = switch (phase) {
      case "Running", "Completed" -> "Running";
      case "Failed" -> "Running";
      default -> "Inqueue";
    };
    client.resources(PodGroup.class).inNamespace(ns).withName(name).editStatus(g -> {
      if (g.getStatus() == null) {
        g.setStatus(new io.fabric8.volcano.api.model.scheduling.v1beta1.PodGroupStatus());
      }
      g.getStatus().setPhase(pgPhase);
      g.getStatus().setRunning(r0);
      g.getStatus().setSucceeded(s0);
      g.getStatus().setFailed(f0);
      return g;
    });
  }

  private void collect(Job job) {
    String ns = job.getMetadata().getNamespace();
    String name = job.getMetadata().getName();
    client.pods().inNamespace(ns).withLabel(JOB_NAME, name).delete();
    client.resources(PodGroup.class).inNamespace(ns).withName(name).delete();
  }

  private static void createIfAbsent(Runnable create) {
    try {
      create.run();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  @Override
  public void close() {
    if (jobs != null) {
      jobs.close();
    }
    if (pods != null) {
      pods.close();
    }
    loop.shutdownNow();
    client.close();
  }
}
