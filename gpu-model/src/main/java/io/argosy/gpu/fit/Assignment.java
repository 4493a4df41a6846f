package io.argosy.gpu.fit;

import java.util.List;

/**
 * Where one pod goes on one node: its CPU, memory and pod slot, and per container which devices,
 * partitions or shares. Applying it with {@link NodeState#allocate} and undoing it with
 * {@link NodeState#release} restores the exact prior state.
 */
public record Assignment(String node, long cpuMilli, long memoryBytes, List<ContainerAssignment> containers) {
  public Assignment {
    containers = List.copyOf(containers);
  }
}
