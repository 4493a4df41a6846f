package io.argosy.gpu.frag;

import io.argosy.gpu.InvalidSpecException;
import java.util.Set;

/**
 * One kind of task in a workload mix: what a task of this kind asks for and how popular it is. The
 * FGD paper calls these "typical pods".
 *
 * @param cpuMilli CPU request in millicores
 * @param gpuCount number of GPUs; 0 for a CPU-only task
 * @param gpuMilliPerGpu share of each GPU in thousandths (1000 = the whole GPU; below 1000 only with
 *     {@code gpuCount == 1} in practice, but the measure does not need that)
 * @param allowedModels GPU models the task may run on; empty means any model
 * @param weight popularity, any non-negative number; a {@link WorkloadMix} normalises the weights
 */
public record TaskClass(
    long cpuMilli, int gpuCount, int gpuMilliPerGpu, Set<String> allowedModels, double weight) {

  public TaskClass {
    if (cpuMilli < 0) {
      throw new InvalidSpecException("cpuMilli", "must not be negative, got " + cpuMilli);
    }
    if (gpuCount < 0) {
      throw new InvalidSpecException("gpuCount", "must not be negative, got " + gpuCount);
    }
    if (gpuMilliPerGpu < 0 || gpuMilliPerGpu > WorkloadMix.WHOLE_GPU) {
      throw new InvalidSpecException(
          "gpuMilliPerGpu", "must be between 0 and 1000, got " + gpuMilliPerGpu);
    }
    if (gpuCount > 0 && gpuMilliPerGpu == 0) {
      throw new InvalidSpecException("gpuMilliPerGpu", "must be positive when gpuCount > 0");
    }
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new InvalidSpecException("weight", "must be a finite non-negative number, got " + weight);
    }
    allowedModels = allowedModels == null ? Set.of() : Set.copyOf(allowedModels);
  }

  /** A task with no model restriction. */
  public static TaskClass of(long cpuMilli, int gpuCount, int gpuMilliPerGpu, double weight) {
    return new TaskClass(cpuMilli, gpuCount, gpuMilliPerGpu, Set.of(), weight);
  }

  /** True for a task that asks for no GPU at all. */
  public boolean cpuOnly() {
    return gpuCount == 0;
  }

  /** Whether a GPU of this model may serve the task; a CPU-only node passes null. */
  public boolean allows(String model) {
    return allowedModels.isEmpty() || (model != null && allowedModels.contains(model));
  }

  /** The same task with another weight. */
  public TaskClass withWeight(double newWeight) {
    return new TaskClass(cpuMilli, gpuCount, gpuMilliPerGpu, allowedModels, newWeight);
  }

  /** Same demand, ignoring the weight: the key under which observations are counted. */
  boolean sameDemand(TaskClass o) {
    return cpuMilli == o.cpuMilli
        && gpuCount == o.gpuCount
        && gpuMilliPerGpu == o.gpuMilliPerGpu
        && allowedModels.equals(o.allowedModels);
  }
}
