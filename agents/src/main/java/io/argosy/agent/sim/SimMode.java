package io.argosy.agent.sim;

import java.util.Locale;

/** Fleet-file accelerator modes, each the way one real device plugin publishes devices. */
public enum SimMode {
  /** Whole devices: NVIDIA device plugin, Ascend device plugin, Metax gpu, Cambricon mlu. */
  WHOLE,
  /** NVIDIA MIG, single strategy: every GPU cut the same way, instances published as nvidia.com/gpu. */
  MIG_SINGLE,
  /** NVIDIA MIG, mixed strategy: instances published as nvidia.com/mig-&lt;profile&gt;. */
  MIG_MIXED,
  /** Shares by memory and cores: HAMi vGPU (NVIDIA), Metax sGPU, Cambricon dynamic sMLU. */
  SHARE,
  /** Static partitions: Ascend vNPU templates, Cambricon MIM. */
  PARTITIONED;

  /** Parses the fleet-file spelling; null when it names no mode. */
  public static SimMode parse(String s) {
    return switch (s.strip().toLowerCase(Locale.ROOT).replace('_', '-')) {
      case "whole", "full", "exclusive" -> WHOLE;
      case "mig-single", "single" -> MIG_SINGLE;
      case "mig-mixed", "mixed", "mig" -> MIG_MIXED;
      case "share", "vgpu", "hami", "sgpu", "smlu", "dynamic-smlu" -> SHARE;
      case "partitioned", "vnpu", "mim", "static-vnpu" -> PARTITIONED;
      default -> null;
    };
  }
}
