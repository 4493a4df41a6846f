package io.argosy.solver.problem;

import io.argosy.gpu.score.Policy;
import io.argosy.solver.model.GangRequest;
import io.argosy.solver.packing.PodDemandShape;

/**
 * A gang compiled for the search.
 *
 * @param index position in the problem's gang list (queue order; also the packing order)
 * @param request the input it came from
 * @param job its job
 * @param queue its queue
 * @param shapes distinct pod shapes, largest GPU demand first
 * @param podCounts pods per shape
 * @param podCount pods in total
 * @param gpuMilli GPU demand, milli-GPU
 * @param weightedGpuMilli weight × GPU demand
 * @param ranks affinity rank per cluster index, -1 when affinity excludes the cluster
 * @param tolerated per cluster index, whether the gang tolerates its taints
 * @param quotaUsage usage aligned with the queue's keys
 * @param resourceMask bit per interned accelerator resource (mod 64) the gang asks for
 */
public record CompiledGang(
    int index,
    GangRequest request,
    CompiledJob job,
    CompiledQueue queue,
    PodDemandShape[] shapes,
    int[] podCounts,
    int podCount,
    long gpuMilli,
    long weightedGpuMilli,
    int[] ranks,
    boolean[] tolerated,
    long[] quotaUsage,
    long resourceMask) {

  public String id() {
    return request.id();
  }

  public long weight() {
    return request.weight();
  }

  public boolean affinityAllows(int cluster) {
    return ranks[cluster] >= 0;
  }

  public boolean allowed(int cluster) {
    return ranks[cluster] >= 0 && tolerated[cluster];
  }

  /** The gang's policy, else the cluster's. */
  public Policy policyOn(CompiledCluster cluster) {
    return request.policy() != null ? request.policy() : cluster.policy();
  }

  // identity semantics: Timefold hashes group keys on every move, and one compiled object stands
  // for exactly one input object
  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  @Override
  public String toString() {
    return id();
  }
}
