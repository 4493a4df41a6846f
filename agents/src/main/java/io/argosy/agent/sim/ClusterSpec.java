package io.argosy.agent.sim;

import io.fabric8.kubernetes.api.model.Node;
import java.util.List;
import java.util.Map;

/**
 * One member cluster of a fleet file.
 *
 * @param name cluster name
 * @param labels cluster labels (Karmada's cluster labels: region, zone, provider...)
 * @param taints cluster taints as {@code key=value:Effect}
 * @param volcano whether the simulated cluster serves Volcano's CRDs and runs a simulated Volcano controller
 * @param nodes every node, templates already expanded
 */
public record ClusterSpec(
    String name, Map<String, String> labels, List<String> taints, boolean volcano, List<Node> nodes) {

  public ClusterSpec {
    labels = Map.copyOf(labels);
    taints = List.copyOf(taints);
    nodes = List.copyOf(nodes);
  }
}
