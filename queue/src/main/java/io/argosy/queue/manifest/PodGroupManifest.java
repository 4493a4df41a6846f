package io.argosy.queue.manifest;

import io.argosy.queue.quota.ResourceVector;
import java.util.Map;

/**
 * A Volcano {@code scheduling.volcano.sh/v1beta1} PodGroup: the gang constraint for pods created
 * outside a Volcano Job.
 *
 * @param minMember pods that must run together
 * @param minTaskMember per-task minimum members
 * @param queue the queue, {@code default} when not set
 * @param priorityClassName or null
 * @param minResources resources the gang needs at least (same units as pod demand), possibly empty
 */
public record PodGroupManifest(
    int documentIndex,
    String namespace,
    String name,
    int minMember,
    Map<String, Integer> minTaskMember,
    String queue,
    String priorityClassName,
    ResourceVector minResources)
    implements Manifest {

  public PodGroupManifest {
    minTaskMember = minTaskMember == null ? Map.of() : Map.copyOf(minTaskMember);
  }

  @Override
  public String apiVersion() {
    return "scheduling.volcano.sh/v1beta1";
  }

  @Override
  public String kind() {
    return "PodGroup";
  }

  @Override
  public String displayName() {
    return namespace + "/" + name;
  }
}
