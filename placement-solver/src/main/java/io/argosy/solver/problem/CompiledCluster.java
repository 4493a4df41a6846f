package io.argosy.solver.problem;

import io.argosy.gpu.score.Policy;
import io.argosy.solver.model.ClusterOffer;
import io.argosy.solver.packing.FragmentationMeasure;
import io.argosy.solver.packing.NodeState;
import io.argosy.solver.packing.PackState;

/**
 * A cluster compiled for packing: its initial node states, policy and figures used by constraints.
 *
 * @param index position in the problem's cluster list
 * @param offer the input it came from
 * @param policy effective cluster policy (BINPACK when the offer gives none)
 * @param states distinct initial node states
 * @param counts nodes per state
 * @param gpuUsedMilli GPU already in use
 * @param gpuFreeMilli GPU free at the start of the cycle
 * @param fragmentationBefore fragmentation of the initial states by the problem's measure
 * @param measure the problem's fragmentation measure
 * @param initial the initial states in packing order (copied for every packing)
 */
public record CompiledCluster(
    int index,
    ClusterOffer offer,
    Policy policy,
    NodeState[] states,
    int[] counts,
    long gpuUsedMilli,
    long gpuFreeMilli,
    long fragmentationBefore,
    FragmentationMeasure measure,
    PackState initial) {

  public String name() {
    return offer.name();
  }

  public PackState initialState() {
    return initial.copy();
  }

  /** GPU utilisation at the start of the cycle, per mille. */
  public long utilisationPermille() {
    long cap = gpuUsedMilli + gpuFreeMilli;
    return cap == 0 ? 0 : gpuUsedMilli * 1000 / cap;
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
    return name();
  }
}
