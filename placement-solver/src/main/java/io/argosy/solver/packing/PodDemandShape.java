package io.argosy.solver.packing;

/**
 * A pod shape compiled for the packing check: resource and model names interned to ints.
 *
 * @param cpuMilli CPU request
 * @param memoryBytes memory request
 * @param accelerators accelerator requests
 * @param gpuMilli GPU demand of one pod, milli-GPU
 * @param minNodeGpuFree a lower bound of the free GPU (by the nodes' own unit worths) of any node
 *     that can hold the pod; lets the packing skip nodes that are too empty to try
 */
public record PodDemandShape(long cpuMilli, long memoryBytes, Acc[] accelerators, long gpuMilli, long minNodeGpuFree) {

  /**
   * One accelerator request.
   *
   * @param resourceId interned resource name
   * @param modelId interned model, or -1 for any model
   * @param share true for SHARE requests (a slice of each device), false for whole units
   * @param devices devices or units per pod
   * @param milli share per device (1000 for whole units)
   * @param memoryMiB memory per device (SHARE only)
   */
  public record Acc(int resourceId, int modelId, boolean share, int devices, int milli, long memoryMiB) {}

  public boolean hasGpu() {
    return gpuMilli > 0;
  }
}
