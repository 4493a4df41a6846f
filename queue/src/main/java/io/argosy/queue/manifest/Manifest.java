package io.argosy.queue.manifest;

/**
 * One parsed document of a submitted file: a job, a queue, a priority class, a pod group, a
 * propagation policy, a service workload, or an object Argosy does not handle.
 */
public sealed interface Manifest
    permits JobManifest, QueueManifest, PriorityClassManifest, PodGroupManifest, PropagationPolicyManifest, OverridePolicyManifest, DependencyManifest,
        DeploymentManifest, OtherManifest {

  /** Position of the document in the file, counting from 0 (empty documents count too). */
  int documentIndex();

  String apiVersion();

  String kind();

  /** {@code namespace/name} for namespaced objects, the name for cluster-scoped ones. */
  String displayName();
}
