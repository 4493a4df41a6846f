package io.argosy.gpu.inventory;

/** How a node's device plugin exposes a physical device. */
public enum DeviceMode {
  /** Whole devices only (plain NVIDIA device plugin, Ascend whole NPU, Metax gpu, Cambricon mlu). */
  WHOLE,
  /** NVIDIA MIG with the single strategy: MIG instances of one profile published as {@code nvidia.com/gpu}. */
  MIG_SINGLE,
  /** NVIDIA MIG with the mixed strategy: instances published as {@code nvidia.com/mig-<profile>}. */
  MIG_MIXED,
  /** Shared by memory and cores: HAMi vGPU and the vendors' share modes (Metax sGPU, Cambricon sMLU, Iluvatar, Ascend by memory). */
  SHARE,
  /** Static partitions of fixed templates: Ascend vNPU ({@code huawei.com/Ascend310P-2c}), Cambricon MIM. */
  PARTITIONED
}
