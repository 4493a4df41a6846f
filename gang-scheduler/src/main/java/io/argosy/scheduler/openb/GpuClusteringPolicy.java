package io.argosy.scheduler.openb;

/**
 * GPU clustering (the FGD paper's baseline): keep tasks of the same kind (sharing, or k whole GPUs)
 * together. Nodes whose GPU tasks are all of the task's kind score in (75, 100], nodes that mix it
 * with other kinds (50, 75], idle nodes (25, 50], nodes with only other kinds (0, 25]; within a band
 * the fuller node wins. CPU-only tasks score 0. Integer arithmetic as in the paper's simulator.
 */
public final class GpuClusteringPolicy implements PlacementPolicy {

  private static final long MAX_GPU = 8_000;

  @Override
  public String name() {
    return "clustering";
  }

  @Override
  public double score(NodeView node, TaskDemand task, GpuChoice choice) {
    choice.set(GpuChoice.bestFit(node, task));
    if (task.gpuCount() == 0) {
      return 0;
    }
    int kind = task.sharesGpu() ? 0 : task.gpuCount();
    long fullness = 25 * (MAX_GPU - node.gpuFreeTotal()) / MAX_GPU;
    if (node.gpuTasksOfKind(kind) > 0) {
      return node.gpuTaskKinds() == 1 ? fullness + 75 : fullness + 50;
    }
    return node.gpuTaskKinds() == 0 ? fullness + 25 : fullness;
  }
}
