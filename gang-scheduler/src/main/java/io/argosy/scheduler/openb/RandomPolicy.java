package io.argosy.scheduler.openb;

import java.util.SplittableRandom;

/**
 * Any node the task fits, uniformly at random: every node gets a random score, so the outcome does
 * not depend on the tie-break. A sharing task takes a random GPU with room, as the paper's Random
 * baseline does.
 */
public final class RandomPolicy implements PlacementPolicy {

  private final SplittableRandom random;

  public RandomPolicy(long seed) {
    this.random = new SplittableRandom(seed);
  }

  @Override
  public String name() {
    return "random";
  }

  @Override
  public double score(NodeView node, TaskDemand task, GpuChoice choice) {
    if (task.sharesGpu()) {
      int[] free = node.gpuFreeMilli();
      int seen = 0;
      int pick = 0;
      for (int g = 0; g < node.gpuCount(); g++) {
        if (free[g] >= task.gpuMilliPerGpu() && random.nextInt(++seen) == 0) {
          pick = 1 << g;
        }
      }
      choice.set(pick);
    } else {
      choice.set(GpuChoice.bestFit(node, task));
    }
    return random.nextDouble();
  }

  /** The score and GPU pick are random on every call, so they must not be cached. */
  @Override
  public boolean nodeLocal() {
    return false;
  }
}
