package io.argosy.queue.manifest;

import io.argosy.queue.priority.PriorityClassSpec;

/** A {@code scheduling.k8s.io/v1} PriorityClass. */
public record PriorityClassManifest(int documentIndex, String apiVersion, PriorityClassSpec spec) implements Manifest {
  @Override
  public String kind() {
    return "PriorityClass";
  }

  @Override
  public String displayName() {
    return spec.name();
  }
}
