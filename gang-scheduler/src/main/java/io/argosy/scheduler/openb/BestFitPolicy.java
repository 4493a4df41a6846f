package io.argosy.scheduler.openb;

/**
 * Best fit as the FGD paper's baseline defines it: the node left with the least free CPU and GPU
 * after the task, each normalised by the largest node spec (128 cores, 8 GPUs) and weighted 1/2,
 * scored {@code int(100 * (1 - leftover))}. GPUs are chosen best-fit.
 */
public final class BestFitPolicy implements PlacementPolicy {

  static final double MAX_CPU = 128_000;
  static final double MAX_GPU = 8_000;

  @Override
  public String name() {
    return "bestfit";
  }

  @Override
  public double score(NodeView node, TaskDemand task, GpuChoice choice) {
    choice.set(GpuChoice.bestFit(node, task));
    double left =
        0.5 * (node.cpuFreeMilli() - task.cpuMilli()) / MAX_CPU
            + 0.5 * (node.gpuFreeTotal() - task.totalGpuMilli()) / MAX_GPU;
    return (long) ((1.0 - left) * 100);
  }
}
