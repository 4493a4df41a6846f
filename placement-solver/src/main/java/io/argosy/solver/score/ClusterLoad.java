package io.argosy.solver.score;

import io.argosy.solver.problem.ClusterPacker;
import io.argosy.solver.problem.CompiledCluster;
import io.argosy.solver.problem.CompiledGang;
import io.argosy.solver.problem.PackCache;

/**
 * The gangs assigned to one cluster, with their packing computed on first use through the
 * group's {@link PackCache}. The hard fit constraint and the fragmentation constraint read the same
 * instance, so a move repacks each touched cluster once, and only from the first changed gang.
 */
public final class ClusterLoad {

  private final CompiledCluster cluster;
  private final CompiledGang[] gangs;
  private final PackCache cache;
  private ClusterPacker.Packing packing;

  ClusterLoad(CompiledCluster cluster, CompiledGang[] gangs, PackCache cache) {
    this.cluster = cluster;
    this.gangs = gangs;
    this.cache = cache;
  }

  public CompiledCluster cluster() {
    return cluster;
  }

  public int gangCount() {
    return gangs.length;
  }

  public ClusterPacker.Packing packing() {
    ClusterPacker.Packing p = packing;
    if (p == null) {
      p = cache.pack(gangs);
      packing = p;
    }
    return p;
  }

  public int unplacedPods() {
    return packing().unplacedPods();
  }

  /** Fragmentation after the cycle minus before it, milli-GPU (negative when placement reduces it). */
  public long fragmentationGrowth() {
    return packing().fragmentation() - cluster.fragmentationBefore();
  }
}
