package io.argosy.agent.sim;

import java.util.List;
import java.util.Optional;

/** A parsed fleet file: the member clusters, their labels and taints, and their Node objects. */
public record FleetSpec(List<ClusterSpec> clusters) {
  public FleetSpec {
    clusters = List.copyOf(clusters);
  }

  public Optional<ClusterSpec> cluster(String name) {
    return clusters.stream().filter(c -> c.name().equals(name)).findFirst();
  }
}
