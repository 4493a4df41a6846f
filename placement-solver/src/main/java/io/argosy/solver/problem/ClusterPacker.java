package io.argosy.solver.problem;

import io.argosy.solver.packing.PackState;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-cluster feasibility check: packs the gangs assigned to a cluster onto its node buckets in
 * queue order (the same order the greedy placed them in), each gang all-or-nothing. Gangs that do
 * not fit are counted, not placed.
 */
public final class ClusterPacker {

  private ClusterPacker() {}

  /**
   * Result of packing one cluster.
   *
   * @param unplacedPods pods of gangs that did not fit
   * @param unplacedGangs gangs that did not fit
   * @param fragmentation fragmentation after packing (milli-GPU)
   * @param state the node states after packing
   */
  public record Packing(int unplacedPods, int unplacedGangs, long fragmentation, PackState state) {
    public boolean allFit() {
      return unplacedGangs == 0;
    }
  }

  /** True when every gang of {@code gangs} (sorted by index) fits; stops at the first that does not. */
  public static boolean allFit(CompiledCluster cluster, List<CompiledGang> gangs) {
    PackState state = cluster.initialState();
    for (CompiledGang g : gangs) {
      if (!state.placeGang(g.shapes(), g.podCounts(), g.policyOn(cluster))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The gangs of {@code gangs} (sorted by index) that do not fit. Removing them leaves the packing
   * of the others unchanged, since a gang that does not fit leaves no trace.
   */
  public static List<CompiledGang> misfits(CompiledCluster cluster, List<CompiledGang> gangs) {
    PackState state = cluster.initialState();
    List<CompiledGang> out = new ArrayList<>();
    for (CompiledGang g : gangs) {
      if (!state.placeGang(g.shapes(), g.podCounts(), g.policyOn(cluster))) {
        out.add(g);
      }
    }
    return out;
  }

  /** Packs {@code gangs}, which must be sorted by index. */
  public static Packing pack(CompiledCluster cluster, List<CompiledGang> gangs) {
    PackState state = cluster.initialState();
    int unplacedPods = 0;
    int unplacedGangs = 0;
    for (CompiledGang g : gangs) {
      if (!state.placeGang(g.shapes(), g.podCounts(), g.policyOn(cluster))) {
        unplacedPods += g.podCount();
        unplacedGangs++;
      }
    }
    return new Packing(unplacedPods, unplacedGangs, state.fragmentation(cluster.measure()), state);
  }
}
