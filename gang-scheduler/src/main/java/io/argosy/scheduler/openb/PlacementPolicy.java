package io.argosy.scheduler.openb;

/**
 * Scores placing one task on one node and picks the node's GPUs for it. The caller has already
 * checked that the task fits ({@link TaskDemand#fits(NodeView)}); it places the task on the node
 * with the highest score and breaks exact ties uniformly at random, as kube-scheduler does.
 *
 * <p>Implementations must not allocate in {@link #score}: the openb experiment calls it millions of
 * times per run.
 */
public interface PlacementPolicy {

  /** The policy's CLI name. */
  String name();

  /**
   * Score of the task on the node, higher is better (finite). Writes the GPUs the task would use
   * into {@code choice}.
   */
  double score(NodeView node, TaskDemand task, GpuChoice choice);

  /**
   * True when the score depends only on the node's own state and the task, so a caller may cache it
   * until the node changes or {@link #version()} moves.
   */
  default boolean nodeLocal() {
    return true;
  }

  /**
   * True when the score reads the node's free memory. Most policies do not, so a caller may share a
   * cached score between tasks that differ only in memory and check memory separately.
   */
  default boolean scoresMemory() {
    return false;
  }

  /** Changes whenever the policy's own state (e.g. its workload estimate) changes. */
  default long version() {
    return 0;
  }

  /** Tells the policy that a task arrived, before it is placed (placed or not). */
  default void arrived(TaskDemand task) {}
}
