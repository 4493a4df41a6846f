package io.argosy.agent.sim;

import java.util.Map;

/**
 * A fleet-file node template: {@code count} identical nodes named {@code <namePrefix>-<i>}.
 *
 * @param namePrefix node name prefix
 * @param count how many nodes
 * @param cpu allocatable CPU as a quantity ({@code 64}, {@code 63500m})
 * @param memory allocatable memory as a quantity ({@code 512Gi})
 * @param pods allocatable pod count
 * @param labels extra node labels
 * @param annotations extra node annotations
 * @param accelerator devices per node, or null for a CPU-only node
 */
public record NodeTemplate(
    String namePrefix,
    int count,
    String cpu,
    String memory,
    int pods,
    Map<String, String> labels,
    Map<String, String> annotations,
    AcceleratorSpec accelerator) {

  public NodeTemplate {
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
  }
}
