package io.argosy.scheduler.openb;

import io.argosy.gpu.InvalidSpecException;
import java.util.Set;

/**
 * What one task (an openb pod, or one pod of a gang) asks of a node, in the primitive form the
 * placement policies score.
 *
 * @param cpuMilli CPU request in millicores
 * @param memoryMib memory request in MiB
 * @param gpuCount number of GPUs (0 for a CPU-only task)
 * @param gpuMilliPerGpu share of each GPU in thousandths; below 1000 only with one GPU
 * @param allowedModels GPU models the task may use; empty means any
 */
public record TaskDemand(
    long cpuMilli, long memoryMib, int gpuCount, int gpuMilliPerGpu, Set<String> allowedModels) {

  /** A whole GPU in milli-GPU. */
  public static final int WHOLE = 1000;

  public TaskDemand {
    if (cpuMilli < 0) {
      throw new InvalidSpecException("cpu_milli", "must not be negative, got " + cpuMilli);
    }
    if (memoryMib < 0) {
      throw new InvalidSpecException("memory_mib", "must not be negative, got " + memoryMib);
    }
    if (gpuCount < 0 || gpuCount > 32) {
      throw new InvalidSpecException("num_gpu", "must be between 0 and 32, got " + gpuCount);
    }
    if (gpuMilliPerGpu < 0 || gpuMilliPerGpu > WHOLE) {
      throw new InvalidSpecException(
          "gpu_milli", "must be between 0 and 1000, got " + gpuMilliPerGpu);
    }
    if (gpuCount > 0 && gpuMilliPerGpu == 0) {
      throw new InvalidSpecException("gpu_milli", "must be positive when num_gpu > 0");
    }
    if (gpuCount > 1 && gpuMilliPerGpu < WHOLE) {
      throw new InvalidSpecException(
          "gpu_milli", "a task with several GPUs must take them whole, got " + gpuMilliPerGpu);
    }
    if (gpuCount == 0 && gpuMilliPerGpu != 0) {
      throw new InvalidSpecException("gpu_milli", "must be 0 when num_gpu is 0");
    }
    allowedModels = allowedModels == null ? Set.of() : Set.copyOf(allowedModels);
  }

  /** True for a task that shares one GPU with others. */
  public boolean sharesGpu() {
    return gpuCount == 1 && gpuMilliPerGpu < WHOLE;
  }

  /** Total milli-GPU requested. */
  public long totalGpuMilli() {
    return (long) gpuCount * gpuMilliPerGpu;
  }

  /** Whether a node with GPUs of this model may serve the task (CPU-only tasks go anywhere). */
  public boolean allows(String model) {
    return gpuCount == 0 || allowedModels.isEmpty() || allowedModels.contains(model);
  }

  /**
   * Whether the task fits the node: CPU, memory, GPU model, and GPUs (one GPU with enough free share
   * for a sharing task, enough whole free GPUs otherwise).
   */
  public boolean fits(NodeView node) {
    return node.memoryFreeMib() >= memoryMib && fitsIgnoringMemory(node);
  }

  /** {@link #fits} without the memory check, for callers that check memory apart. */
  public boolean fitsIgnoringMemory(NodeView node) {
    if (node.cpuFreeMilli() < cpuMilli) {
      return false;
    }
    if (gpuCount == 0) {
      return true;
    }
    if (!allows(node.gpuModel())) {
      return false;
    }
    int[] free = node.gpuFreeMilli();
    int need = gpuCount;
    for (int g = 0, n = node.gpuCount(); g < n; g++) {
      if (free[g] >= gpuMilliPerGpu && --need == 0) {
        return true;
      }
    }
    return false;
  }
}
