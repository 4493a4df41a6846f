package io.argosy.bench.solver;

import io.argosy.solver.model.PlacementProblem;

/**
 * One generated placement cycle.
 *
 * @param family scenario family, e.g. {@code mixed-8}
 * @param seed the generator seed of this instance
 * @param problem the cycle
 * @param description how it was built, one line
 */
record Scenario(String family, long seed, PlacementProblem problem, String description) {}
