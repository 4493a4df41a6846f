package io.argosy.api;

import io.argosy.gpu.fit.Assignment;
import java.util.Objects;

/**
 * One pod of a binding.
 *
 * @param name the pod's deterministic name, {@link PodNames#of(String, String, int)}
 * @param task the job's task the pod belongs to (Volcano task name; {@code main} for a batch Job or Pod)
 * @param index the pod's index within its task, 0-based
 * @param node the node it is pinned to
 * @param assignment the CPU, memory and devices it takes there
 */
public record PodBinding(String name, String task, int index, String node, Assignment assignment) {
  public PodBinding {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(assignment, "assignment");
  }
}
