package io.argosy.solver;

import static io.argosy.solver.Fixtures.cluster;
import static io.argosy.solver.Fixtures.gang;
import static io.argosy.solver.Fixtures.gpuNodes;
import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.solver.model.PlacementDecision;
import io.argosy.solver.model.PlacementPlan;
import io.argosy.solver.model.PlacementProblem;
import io.argosy.solver.model.SolveBudget;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlacementSolverTest {

  private final PlacementSolver solver = new PlacementSolver();

  /**
   * Greedy puts the first gang (2 × 4 GPUs) on the busier cluster A, filling one of A's two 8-GPU
   * nodes; the second gang (2 × 8 GPUs, only admitted on A) then no longer fits. Moving the first
   * gang to B's 4-GPU nodes places both.
   */
  @Test
  void solverPlacesStrictlyMoreWeightedDemandThanGreedyWhereGreedyStrandsCapacity() {
    PlacementProblem problem = PlacementProblem.of(
        List.of(gang("small", 1, 2, 4, "A", "B"), gang("big", 1, 2, 8, "A")),
        List.of(cluster("A", 8_000, gpuNodes(2, 8, 8), gpuNodes(1, 0, 8)), cluster("B", 0, gpuNodes(4, 4, 4))))
        .withBudget(SolveBudget.moves(200, 7));

    PlacementDecision decision = solver.place(problem);

    PlacementPlan greedy = decision.greedy();
    assertThat(greedy.clusterOf("small")).contains("A");
    assertThat(greedy.clusterOf("big")).isEmpty();
    assertThat(decision.contention().contended()).isFalse();
    assertThat(decision.contention().stranded()).isTrue();
    assertThat(decision.solverUsed()).isTrue();
    PlacementPlan plan = decision.plan();
    assertThat(plan.clusterOf("small")).contains("B");
    assertThat(plan.clusterOf("big")).contains("A");
    assertThat(plan.score().feasible()).isTrue();
    assertThat(plan.metrics().placedWeightedGpuMilli()).isEqualTo(24_000);
    assertThat(greedy.metrics().placedWeightedGpuMilli()).isEqualTo(8_000);
  }

  @Test
  void aSetThatFitsKeepsTheGreedyPlanWithoutSearching() {
    PlacementProblem problem = PlacementProblem.of(
        List.of(gang("a", 1, 2, 4, "A", "B"), gang("b", 1, 1, 8, "B")),
        List.of(cluster("A", 0, gpuNodes(2, 8, 8)), cluster("B", 0, gpuNodes(2, 8, 8))));

    PlacementDecision decision = solver.place(problem);

    assertThat(decision.solverUsed()).isFalse();
    assertThat(decision.contention().solverWorthwhile()).isFalse();
    assertThat(decision.plan()).isSameAs(decision.greedy());
    assertThat(decision.plan().metrics().unplacedGangs()).isZero();
    assertThat(decision.timings().search()).isZero();
  }

  @Test
  void theDecisionKeepsTheGreedyPlanAsFallbackWhenTheSolverRuns() {
    PlacementProblem problem = PlacementProblem.of(
        List.of(gang("small", 1, 2, 4, "A", "B"), gang("big", 1, 2, 8, "A")),
        List.of(cluster("A", 8_000, gpuNodes(2, 8, 8), gpuNodes(1, 0, 8)), cluster("B", 0, gpuNodes(4, 4, 4))))
        .withBudget(SolveBudget.moves(200, 3));

    PlacementDecision decision = solver.place(problem);

    assertThat(decision.greedy().method()).isEqualTo(PlacementPlan.Method.GREEDY);
    assertThat(decision.plan().method()).isEqualTo(PlacementPlan.Method.SOLVER);
    assertThat(decision.greedy().clusterOf("big")).isEmpty();
    assertThat(decision.plan().score().byConstraint())
        .containsEntry("Priority-weighted placed GPU demand", 24_000L)
        .containsEntry("Gang fits cluster nodes and devices", 0L);
  }
}
