package io.argosy.solver.packing;

import static io.argosy.solver.Fixtures.cluster;
import static io.argosy.solver.Fixtures.gang;
import static io.argosy.solver.Fixtures.gpuNodes;
import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.gpu.frag.TaskClass;
import io.argosy.gpu.frag.WorkloadMix;
import io.argosy.solver.PlacementSolver;
import io.argosy.solver.SolverOptions;
import io.argosy.solver.model.PlacementPlan;
import io.argosy.solver.model.PlacementProblem;
import io.argosy.solver.model.SolveBudget;
import io.argosy.solver.problem.CompiledProblem;
import io.argosy.solver.problem.ProblemCompiler;
import java.util.List;
import org.junit.jupiter.api.Test;

class FgdFragmentationTest {

  /** Every task of the mix wants 4 whole GPUs. */
  private final WorkloadMix fourGpuTasks = WorkloadMix.of(List.of(TaskClass.of(8_000, 4, 1000, 1.0)));

  @Test
  void freeGpusTheMixCannotUseAreFragmented() {
    FgdFragmentation fgd = new FgdFragmentation(fourGpuTasks);
    CompiledProblem p = ProblemCompiler.compile(
        PlacementProblem.of(List.of(), List.of(cluster("A", 0, gpuNodes(1, 3, 8), gpuNodes(1, 8, 8)))), fgd);
    // 3 free GPUs cannot hold a 4-GPU task: all 3000 milli are fragmented; 8 free can: none is
    assertThat(p.clusters().get(0).fragmentationBefore()).isEqualTo(3_000);
  }

  @Test
  void theSolverRunsWithTheFgdMeasureSwappedIn() {
    PlacementSolver solver = new PlacementSolver(SolverOptions.defaults().withFragmentation(new FgdFragmentation(fourGpuTasks)));
    PlacementProblem problem = PlacementProblem.of(
        List.of(gang("small", 1, 2, 4, "A", "B"), gang("big", 1, 2, 8, "A")),
        List.of(cluster("A", 8_000, gpuNodes(2, 8, 8), gpuNodes(1, 0, 8)), cluster("B", 0, gpuNodes(4, 4, 4))))
        .withBudget(SolveBudget.moves(200, 7));
    PlacementPlan plan = solver.place(problem).plan();
    assertThat(plan.clusterOf("big")).contains("A");
    assertThat(plan.score().feasible()).isTrue();
  }
}
