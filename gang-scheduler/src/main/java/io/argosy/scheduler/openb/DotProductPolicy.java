package io.argosy.scheduler.openb;

/**
 * Tetris-style dot product (the FGD paper's "DotProd" baseline, merged GPU dimension, max-spec
 * normalisation): the dot product of the node's free (CPU, GPU) vector and the task's request,
 * both divided by the largest spec; the smaller the product the higher the score, {@code int(100 *
 * (1 - dot / 2))}. GPUs are chosen best-fit.
 */
public final class DotProductPolicy implements PlacementPolicy {

  @Override
  public String name() {
    return "dotprod";
  }

  @Override
  public double score(NodeView node, TaskDemand task, GpuChoice choice) {
    choice.set(GpuChoice.bestFit(node, task));
    double cpu = (node.cpuFreeMilli() / BestFitPolicy.MAX_CPU) * (task.cpuMilli() / BestFitPolicy.MAX_CPU);
    double gpu =
        (node.gpuFreeTotal() / BestFitPolicy.MAX_GPU) * (task.totalGpuMilli() / BestFitPolicy.MAX_GPU);
    return (long) (100 * (1 - (cpu + gpu) / 2));
  }
}
