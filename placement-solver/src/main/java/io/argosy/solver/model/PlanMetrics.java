package io.argosy.solver.model;

/**
 * What a plan achieves, in the benchmark's terms.
 *
 * @param placedWeightedGpuMilli Σ over placed gangs of weight × GPU demand (milli-GPU): the objective
 * @param placedGpuMilli Σ over placed gangs of GPU demand (milli-GPU)
 * @param placedGangs gangs placed
 * @param unplacedGangs gangs left pending
 * @param fragmentationMilli fragmented GPU left in the fleet after the plan (milli-GPU, by the
 *     problem's fragmentation measure)
 */
public record PlanMetrics(
    long placedWeightedGpuMilli, long placedGpuMilli, int placedGangs, int unplacedGangs, long fragmentationMilli) {}
