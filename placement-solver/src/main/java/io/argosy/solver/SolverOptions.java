package io.argosy.solver;

import io.argosy.solver.packing.FragmentationMeasure;
import io.argosy.solver.packing.PartialNodeFragmentation;
import java.time.Duration;

/**
 * Settings of a {@link PlacementSolver} that stay fixed across cycles.
 *
 * @param fragmentation the per-node fragmentation measure (swap in the FGD measure here)
 * @param overheadReserve time kept back from the cycle budget for building the solver, the initial
 *     score calculation, the termination check's granularity and reading the result back
 * @param lateAcceptanceSize late acceptance history length
 * @param ejectionWeight relative frequency of ejection moves against change and swap moves (1 each)
 * @param repackWeight relative frequency of cluster-repack moves
 */
public record SolverOptions(
    FragmentationMeasure fragmentation, Duration overheadReserve, int lateAcceptanceSize,
    double ejectionWeight, double repackWeight) {

  public static SolverOptions defaults() {
    return new SolverOptions(PartialNodeFragmentation.INSTANCE, Duration.ofMillis(10), 50, 1.0, 1.0);
  }

  public SolverOptions withFragmentation(FragmentationMeasure measure) {
    return new SolverOptions(measure, overheadReserve, lateAcceptanceSize, ejectionWeight, repackWeight);
  }

  public SolverOptions withMoveWeights(double ejection, double repack) {
    return new SolverOptions(fragmentation, overheadReserve, lateAcceptanceSize, ejection, repack);
  }

  public SolverOptions withLateAcceptanceSize(int size) {
    return new SolverOptions(fragmentation, overheadReserve, size, ejectionWeight, repackWeight);
  }
}
