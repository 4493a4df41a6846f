package io.argosy.agent.apply;

import io.argosy.api.Ownership;
import io.argosy.api.PodNames;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.volcano.api.model.batch.v1alpha1.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The agent's writes to its member cluster (blocking fabric8 calls; run off the agent's loop).
 * Creates are idempotent: an object that already exists with the same binding label counts as
 * created; one that exists without it is a conflict the binding cannot overwrite.
 */
public final class MemberWriter {

  /** An object with the binding's name exists and was not made by this binding. */
  public static final class ConflictException extends RuntimeException {
    public ConflictException(String message) {
      super(message);
    }
  }

  private final KubernetesClient client;

  public MemberWriter(KubernetesClient client) {
    this.client = client;
  }

  /** Creates what is missing; returns the names it created now (empty on a redelivery). */
  public List<String> apply(Materializer.Plan plan, String bindingId) {
    List<String> created = new ArrayList<>();
    if (plan.volcanoJob() != null) {
      Job job = plan.volcanoJob();
      if (create(() -> client.resources(Job.class).inNamespace(job.getMetadata().getNamespace()).resource(job).create(),
          () -> client.resources(Job.class).inNamespace(job.getMetadata().getNamespace()).withName(job.getMetadata().getName()).get(),
          bindingId, "Volcano Job")) {
        created.addAll(plan.names());
      }
      return created;
    }
    for (Pod pod : plan.pods()) {
      String ns = pod.getMetadata().getNamespace();
      if (create(() -> client.pods().inNamespace(ns).resource(pod).create(),
          () -> client.pods().inNamespace(ns).withName(pod.getMetadata().getName()).get(), bindingId, "pod")) {
        created.add("Pod/" + ns + "/" + pod.getMetadata().getName());
      }
    }
    return created;
  }

  private static boolean create(Runnable create, java.util.function.Supplier<HasMetadata> get, String bindingId, String what) {
    try {
      create.run();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      HasMetadata existing = get.get();
      Map<String, String> labels = existing == null || existing.getMetadata().getLabels() == null ? Map.of() : existing.getMetadata().getLabels();
      if (!bindingId.equals(labels.get(Ownership.BINDING))) {
        throw new ConflictException(what + " " + existing.getMetadata().getNamespace() + "/" + existing.getMetadata().getName()
            + " already exists and was not created by binding " + bindingId);
      }
      return false;
    }
  }

  /**
   * Deletes what Argosy created for a job (one binding's objects when {@code bindingId} is set):
   * Volcano Jobs (their pods go with them) and pods, selected by ownership labels, nothing else.
   */
  public List<String> withdraw(String jobId, String bindingId, boolean volcano) {
    List<String> deleted = new ArrayList<>();
    String ns = jobId.contains("/") ? jobId.substring(0, jobId.indexOf('/')) : "default";
    Map<String, String> selector = new java.util.LinkedHashMap<>();
    selector.put(Ownership.MANAGED_BY, Ownership.ARGOSY);
    selector.put(Ownership.JOB, PodNames.labelValue(jobId));
    if (bindingId != null) {
      selector.put(Ownership.BINDING, bindingId);
    }
    if (volcano) {
      for (Job j : client.resources(Job.class).inNamespace(ns).withLabels(selector).list().getItems()) {
        client.resources(Job.class).inNamespace(ns).withName(j.getMetadata().getName()).delete();
        deleted.add("Job.batch.volcano.sh/" + ns + "/" + j.getMetadata().getName());
      }
    }
    for (Pod p : client.pods().inNamespace(ns).withLabels(selector).list().getItems()) {
      client.pods().inNamespace(ns).withName(p.getMetadata().getName()).delete();
      deleted.add("Pod/" + ns + "/" + p.getMetadata().getName());
    }
    return deleted;
  }

  /**
   * Deletes the named objects (what the agent's informer caches show a withdrawal covers): one
   * DELETE each, no LIST. Returns what existed and was deleted ({@code Kind/namespace/name}).
   */
  public List<String> delete(List<String> volcanoJobs, List<String> pods) {
    List<String> deleted = new ArrayList<>();
    for (String key : volcanoJobs) {
      String ns = key.substring(0, key.indexOf('/'));
      String name = key.substring(key.indexOf('/') + 1);
      if (!client.resources(Job.class).inNamespace(ns).withName(name).delete().isEmpty()) {
        deleted.add("Job.batch.volcano.sh/" + key);
      }
    }
    for (String key : pods) {
      String ns = key.substring(0, key.indexOf('/'));
      String name = key.substring(key.indexOf('/') + 1);
      if (!client.pods().inNamespace(ns).withName(name).delete().isEmpty()) {
        deleted.add("Pod/" + key);
      }
    }
    return deleted;
  }

  /** Deletes the given pods (a rejected binding's partial creation). */
  public void deletePods(String namespace, List<String> names) {
    for (String n : names) {
      client.pods().inNamespace(namespace).withName(n).delete();
    }
  }
}
