package io.argosy.queue.manifest;

/**
 * A well-formed object of a kind Argosy does not handle (a PersistentVolumeClaim, an OverridePolicy,
 * a ResourceClaimTemplate, a custom resource). Reported, not rejected: the caller decides.
 *
 * @param namespace null when not given
 */
public record OtherManifest(int documentIndex, String apiVersion, String kind, String namespace, String name)
    implements Manifest {
  @Override
  public String displayName() {
    return namespace == null ? name : namespace + "/" + name;
  }
}
