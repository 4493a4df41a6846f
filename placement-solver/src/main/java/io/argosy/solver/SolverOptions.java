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
 * @param acceptedCountLimit moves accepted per step before the best of them is taken
 * @param moveWeights relative frequency of change, swap, ejection and cluster-repack moves
 */
public record SolverOptions(
    FragmentationMeasure fragmentation, Duration overheadReserve, int lateAcceptanceSize,
    int acceptedCountLimit, MoveWeights moveWeights) {

  /** Relative frequencies of the four neighbourhoods. */
  public record MoveWeights(double change, double swap, double ejection, double repack) {}

  public static SolverOptions defaults() {
    return new SolverOptions(
        PartialNodeFragmentation.INSTANCE, Duration.ofMillis(10), 50, 1, new MoveWeights(0.2, 0.2, 1, 4));
  }

  public SolverOptions withFragmentation(FragmentationMeasure measure) {
    return new SolverOptions(measure, overheadReserve, lateAcceptanceSize, acceptedCountLimit, moveWeights);
  }

  public SolverOptions withMoveWeights(MoveWeights weights) {
    return new SolverOptions(fragmentation, overheadReserve, lateAcceptanceSize, acceptedCountLimit, weights);
  }

  public SolverOptions withAcceptance(int lateAcceptance, int acceptedCount) {
    return new SolverOptions(fragmentation, overheadReserve, lateAcceptance, acceptedCount, moveWeights);
  }
}
