package io.argosy.scheduler.simulate;

import io.fabric8.kubernetes.api.model.Node;
import java.util.List;
import java.util.Map;

/**
 * One member cluster for a simulation: Karmada labels, taints ({@code key[=value]:Effect}) and the
 * Node objects as the device plugins publish them (a fleet file's templates already expanded).
 */
public record ClusterInput(String name, Map<String, String> labels, List<String> taints, List<Node> nodes) {
  public ClusterInput {
    labels = Map.copyOf(labels);
    taints = List.copyOf(taints);
    nodes = List.copyOf(nodes);
  }
}
