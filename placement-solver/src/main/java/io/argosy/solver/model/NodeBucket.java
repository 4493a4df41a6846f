package io.argosy.solver.model;

import java.util.List;

/**
 * {@code count} nodes of a cluster with identical free shapes: free CPU, memory, pod slots and free
 * devices. The gang-scheduler groups its per-node free state into buckets; coarser grouping (rounding
 * free amounts down) keeps the check fast at the cost of some pessimism.
 */
public record NodeBucket(int count, long cpuMilli, long memoryBytes, int pods, List<DeviceGroup> devices) {

  public NodeBucket {
    devices = List.copyOf(devices);
  }

  public static NodeBucket of(int count, long cpuMilli, long memoryBytes, DeviceGroup... devices) {
    return new NodeBucket(count, cpuMilli, memoryBytes, 110, List.of(devices));
  }

  /** Free GPU worth of one node of the bucket in milli-GPU. */
  public long freeGpuMilliPerNode() {
    long sum = 0;
    for (DeviceGroup g : devices) {
      sum += g.freeGpuMilli();
    }
    return sum;
  }
}
