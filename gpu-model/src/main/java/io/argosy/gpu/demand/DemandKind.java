package io.argosy.gpu.demand;

/** How an accelerator request consumes devices. The node's device mode decides how it is served. */
public enum DemandKind {
  /**
   * Whole devices, e.g. {@code nvidia.com/gpu: 2} without share fields, {@code huawei.com/Ascend910},
   * {@code metax-tech.com/gpu}, {@code cambricon.com/mlu}. On an NVIDIA MIG-single node each unit is
   * one MIG instance of the node's single profile; on a HAMi node each unit takes a whole free device.
   */
  WHOLE,
  /**
   * A slice of each of {@code count} devices: HAMi vGPU ({@code nvidia.com/gpumem}, {@code gpucores}),
   * Volcano vGPU, Iluvatar vcuda, Metax sGPU, Cambricon sMLU/vmlu, Ascend shares by memory, and the
   * HAMi share forms of other vendors. Each device must have the memory and cores free.
   */
  SHARE,
  /** Instances of a fixed partition profile: NVIDIA MIG (mixed), Ascend vNPU template, Cambricon MIM. */
  PARTITION,
  /** Any other extended resource: counted against node allocatable, as kube-scheduler does. */
  COUNTABLE
}
