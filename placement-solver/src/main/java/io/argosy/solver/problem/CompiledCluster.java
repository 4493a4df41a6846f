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
    FragmentationMeasure measure) {

  public String name() {
    return offer.name();
  }

  public PackState initialState() {
    return new PackState(states, counts);
  }

  /** GPU utilisation at the start of the cycle, per mille. */
  public long utilisationPermille() {
    long cap = gpuUsedMilli + gpuFreeMilli;
    return cap == 0 ? 0 : gpuUsedMilli * 1000 / cap;
  }

  @Override
  public String toString() {
    return name();
  }
}
