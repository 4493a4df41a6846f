package io.argosy.queue.placement;

import java.util.Map;

/** The identity of an object a propagation policy may select: a submitted job or a Deployment. */
public record PolicyTarget(String apiVersion, String kind, String namespace, String name, Map<String, String> labels) {
  public PolicyTarget {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }
}
