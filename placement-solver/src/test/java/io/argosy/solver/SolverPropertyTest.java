package io.argosy.solver;

import static org.assertj.core.api.Assertions.assertThat;

import ai.timefold.solver.core.api.score.analysis.ScoreAnalysis;
import ai.timefold.solver.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore;
import ai.timefold.solver.core.api.solver.SolutionManager;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.solver.EnvironmentMode;
import ai.timefold.solver.core.config.solver.SolverConfig;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;
import io.argosy.solver.domain.PlacementSolution;
import io.argosy.solver.greedy.GreedyPlacer;
import io.argosy.solver.model.GangRequest;
import io.argosy.solver.model.PlacementPlan;
import io.argosy.solver.model.PlacementProblem;
import io.argosy.solver.model.SolveBudget;
import io.argosy.solver.packing.PartialNodeFragmentation;
import io.argosy.solver.problem.CompiledProblem;
import io.argosy.solver.problem.ProblemCompiler;
import io.argosy.solver.score.PlanEvaluator;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Invariants of the solver on random problems: feasibility, quota, monotonicity, score integrity. */
class SolverPropertyTest {

  private static final SolverFactory<PlacementSolution> FACTORY = SolverFactory.create(new SolverConfig()
      .withSolutionClass(PlacementSolution.class)
      .withEntityClasses(io.argosy.solver.domain.GangAssignment.class)
      .withConstraintProviderClass(io.argosy.solver.score.PlacementConstraintProvider.class));
  private static final SolutionManager<PlacementSolution, HardMediumSoftLongScore> MANAGER = SolutionManager.create(FACTORY);

  private final PlacementSolver solver = new PlacementSolver();

  /** The from-scratch evaluator and Timefold's incremental constraint streams agree, constraint by constraint. */
  @Property(tries = 60)
  void evaluatorAndConstraintStreamsAgreeOnEveryConstraint(@ForAll long seed) {
    CompiledProblem p = ProblemCompiler.compile(RandomProblems.generate(seed, 3, 14), PartialNodeFragmentation.INSTANCE);
    Random r = new Random(seed);
    int[] assignment = new int[p.gangs().size()];
    for (int i = 0; i < assignment.length; i++) {
      assignment[i] = r.nextInt(p.clusters().size() + 1) - 1;
    }
    PlanEvaluator.Evaluation e = PlanEvaluator.evaluate(p, assignment);
    ScoreAnalysis<HardMediumSoftLongScore> analysis = MANAGER.analyze(PlacementSolution.from(p, assignment));
    Map<String, Long> byName = new HashMap<>();
    analysis.constraintMap().forEach((ref, c) -> byName.put(ref.constraintName(),
        c.score().hardScore() + c.score().mediumScore() + c.score().softScore()));
    e.score().byConstraint().forEach((name, value) -> assertThat(byName.getOrDefault(name, 0L)).as(name).isEqualTo(value));
    assertThat(analysis.score()).isEqualTo(HardMediumSoftLongScore.of(e.score().hard(), e.score().medium(), e.score().soft()));
  }

  /** Whatever the search does, the plan is feasible, within quota and never below the greedy. */
  @Property(tries = 12)
  void solverPlansAreFeasibleWithinQuotaAndNeverWorseThanGreedy(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
    PlacementProblem problem = RandomProblems.generate(seed, 4, 24).withBudget(SolveBudget.moves(300, seed));
    PlacementPlan greedy = solver.greedy(problem);
    PlacementPlan plan = solver.solve(problem);
    assertThat(plan.score().feasible()).isTrue();
    assertThat(plan.score().medium()).isGreaterThanOrEqualTo(greedy.score().medium());
    Map<String, Map<String, Long>> used = new HashMap<>();
    for (int i = 0; i < problem.gangs().size(); i++) {
      if (plan.placements().get(i).placed()) {
        GangRequest g = problem.gangs().get(i);
        g.quota().forEach((k, v) -> used.computeIfAbsent(g.queue(), q -> new HashMap<>()).merge(k, v, Long::sum));
      }
    }
    problem.queueQuotas().forEach((queue, limits) -> limits.forEach((k, limit) ->
        assertThat(used.getOrDefault(queue, Map.of()).getOrDefault(k, 0L)).as(queue + " " + k).isLessThanOrEqualTo(limit)));
  }

  /** FULL_ASSERT recomputes the score from scratch after every move and fails on any corruption. */
  @Test
  void incrementalScoreStaysCorrectUnderFullAssert() {
    for (long seed = 1; seed <= 3; seed++) {
      PlacementProblem problem = RandomProblems.generate(seed, 4, 20);
      CompiledProblem p = ProblemCompiler.compile(problem, PartialNodeFragmentation.INSTANCE);
      SolverConfig config = solver.config(seed)
          .withEnvironmentMode(EnvironmentMode.FULL_ASSERT)
          .withTerminationConfig(new TerminationConfig().withMoveCountLimit(400L));
      PlacementSolution best = SolverFactory.<PlacementSolution>create(config).buildSolver()
          .solve(PlacementSolution.from(p, GreedyPlacer.place(p)));
      assertThat(best.getScore().hardScore()).isZero();
    }
  }

  @Test
  void sameSeedAndMoveLimitGiveTheSamePlan() {
    PlacementProblem problem = RandomProblems.generate(42, 4, 30).withBudget(SolveBudget.moves(500, 9));
    PlacementPlan a = new PlacementSolver().solve(problem);
    PlacementPlan b = new PlacementSolver().solve(problem);
    assertThat(b.placements()).isEqualTo(a.placements());
    assertThat(b.score()).isEqualTo(a.score());
  }
}
