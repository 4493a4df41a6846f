package io.argosy.queue.manifest;

import io.argosy.queue.placement.PropagationPolicy;

/** A Karmada {@code policy.karmada.io/v1alpha1} PropagationPolicy or ClusterPropagationPolicy. */
public record PropagationPolicyManifest(int documentIndex, PropagationPolicy policy) implements Manifest {
  @Override
  public String apiVersion() {
    return "policy.karmada.io/v1alpha1";
  }

  @Override
  public String kind() {
    return policy.clusterScoped() ? "ClusterPropagationPolicy" : "PropagationPolicy";
  }

  @Override
  public String displayName() {
    return policy.clusterScoped() ? policy.name() : policy.namespace() + "/" + policy.name();
  }
}
