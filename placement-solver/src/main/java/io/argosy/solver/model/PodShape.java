package io.argosy.solver.model;

import java.util.List;

/**
 * One pod's request as the packing check sees it.
 *
 * @param cpuMilli CPU request
 * @param memoryBytes memory request
 * @param accelerators accelerator, partition, share and countable requests (usually zero or one)
 */
public record PodShape(long cpuMilli, long memoryBytes, List<AcceleratorShape> accelerators) {

  public PodShape {
    accelerators = List.copyOf(accelerators);
  }

  public static PodShape of(long cpuMilli, long memoryBytes, AcceleratorShape... accelerators) {
    return new PodShape(cpuMilli, memoryBytes, List.of(accelerators));
  }

  /** GPU demand of one pod in milli-GPU. */
  public long gpuMilli() {
    long sum = 0;
    for (AcceleratorShape a : accelerators) {
      sum += a.gpuMilli();
    }
    return sum;
  }
}
