package io.argosy.queue.manifest;

import io.argosy.queue.override.OverridePolicy;

/** A Karmada {@code policy.karmada.io/v1alpha1} OverridePolicy or ClusterOverridePolicy. */
public record OverridePolicyManifest(int documentIndex, OverridePolicy policy) implements Manifest {
  @Override
  public String apiVersion() {
    return "policy.karmada.io/v1alpha1";
  }

  @Override
  public String kind() {
    return policy.clusterScoped() ? "ClusterOverridePolicy" : "OverridePolicy";
  }

  @Override
  public String displayName() {
    return policy.clusterScoped() ? policy.name() : policy.namespace() + "/" + policy.name();
  }
}
