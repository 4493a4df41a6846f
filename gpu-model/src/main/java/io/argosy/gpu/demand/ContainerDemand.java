package io.argosy.gpu.demand;

import java.util.List;

/**
 * What one container asks for. Accelerators are per container because devices are assigned per
 * container (the device plugin's Allocate call is per container).
 */
public record ContainerDemand(
    String name, long cpuMilli, long memoryBytes, List<AcceleratorDemand> accelerators) {

  public ContainerDemand {
    accelerators = List.copyOf(accelerators);
  }

  public boolean hasAccelerators() {
    return !accelerators.isEmpty();
  }
}
