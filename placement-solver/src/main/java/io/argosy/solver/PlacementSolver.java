package io.argosy.solver;

import ai.timefold.solver.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore;
import ai.timefold.solver.core.api.solver.Solver;
import ai.timefold.solver.core.api.solver.SolverConfigOverride;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.heuristic.selector.move.composite.UnionMoveSelectorConfig;
import ai.timefold.solver.core.config.heuristic.selector.move.factory.MoveIteratorFactoryConfig;
import ai.timefold.solver.core.config.heuristic.selector.move.generic.ChangeMoveSelectorConfig;
import ai.timefold.solver.core.config.heuristic.selector.move.generic.SwapMoveSelectorConfig;
import ai.timefold.solver.core.config.localsearch.LocalSearchPhaseConfig;
import ai.timefold.solver.core.config.localsearch.decider.acceptor.LocalSearchAcceptorConfig;
import ai.timefold.solver.core.config.localsearch.decider.forager.LocalSearchForagerConfig;
import ai.timefold.solver.core.config.solver.EnvironmentMode;
import ai.timefold.solver.core.config.solver.SolverConfig;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;
import io.argosy.solver.domain.GangAssignment;
import io.argosy.solver.domain.PlacementSolution;
import io.argosy.solver.greedy.Contention;
import io.argosy.solver.greedy.GreedyPlacer;
import io.argosy.solver.model.ContentionReport;
import io.argosy.solver.model.CycleTimings;
import io.argosy.solver.model.GangPlacement;
import io.argosy.solver.model.PlacementDecision;
import io.argosy.solver.model.PlacementPlan;
import io.argosy.solver.model.PlacementProblem;
import io.argosy.solver.model.SolveBudget;
import io.argosy.solver.problem.CompiledProblem;
import io.argosy.solver.problem.ProblemCompiler;
import io.argosy.solver.score.PlacementConstraintProvider;
import io.argosy.solver.score.PlanEvaluator;
import io.argosy.solver.search.ClusterRepackMoveFactory;
import io.argosy.solver.search.EjectionMoveFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The placement entry point the gang-scheduler calls once per cycle, from its one scheduler thread
 * (the overhead tracker assumes cycles do not overlap; the cached solver factories are thread-safe).
 *
 * <p>{@link #place} runs the greedy, checks contention, and only when the pending set is contended
 * (or the greedy stranded GPU gangs, see {@link ContentionReport}) improves the greedy plan by
 * local search within what is left of the cycle budget. The returned
 * decision carries the greedy plan as the fallback.
 */
public final class PlacementSolver {

  private static final Duration MIN_SEARCH = Duration.ofMillis(5);

  private final SolverOptions options;
  private final Map<Long, SolverFactory<PlacementSolution>> factories = new ConcurrentHashMap<>();
  private final OverheadTracker overhead = new OverheadTracker();

  public PlacementSolver() {
    this(SolverOptions.defaults());
  }

  public PlacementSolver(SolverOptions options) {
    this.options = options;
  }

  public SolverOptions options() {
    return options;
  }

  /**
   * Greedy, then the solver when contended and there is time left. The search is sized to end the
   * cycle within the budget's time; a machine short of CPU can still stretch the wall time.
   */
  public PlacementDecision place(PlacementProblem problem) {
    long start = System.nanoTime();
    CompiledProblem compiled = ProblemCompiler.compile(problem, options.fragmentation());
    int[] greedy = GreedyPlacer.place(compiled);
    PlacementPlan greedyPlan = plan(compiled, greedy, PlacementPlan.Method.GREEDY, start);
    ContentionReport contention = Contention.check(problem, pendingGpuGangs(compiled, greedy));
    long greedyDone = System.nanoTime();
    Duration greedyTime = Duration.ofNanos(greedyDone - start);
    Duration left = problem.budget().time().minusNanos(greedyDone - start).minus(reserve(problem.budget()));
    if (!contention.solverWorthwhile() || left.compareTo(MIN_SEARCH) < 0) {
      Duration total = Duration.ofNanos(System.nanoTime() - start);
      return new PlacementDecision(greedyPlan, greedyPlan, contention, new CycleTimings(greedyTime, Duration.ZERO, total));
    }
    int[] best = search(compiled, greedy, problem.budget(), left);
    long searchDone = System.nanoTime();
    PlacementPlan plan = plan(compiled, best, PlacementPlan.Method.SOLVER, start);
    Duration total = Duration.ofNanos(System.nanoTime() - start);
    return new PlacementDecision(plan, greedyPlan, contention,
        new CycleTimings(greedyTime, Duration.ofNanos(searchDone - greedyDone), total));
  }

  /** The greedy plan alone. */
  public PlacementPlan greedy(PlacementProblem problem) {
    long start = System.nanoTime();
    CompiledProblem compiled = ProblemCompiler.compile(problem, options.fragmentation());
    return plan(compiled, GreedyPlacer.place(compiled), PlacementPlan.Method.GREEDY, start);
  }

  /** The solver's plan whether or not the set is contended (benchmarks and tests). */
  public PlacementPlan solve(PlacementProblem problem) {
    long start = System.nanoTime();
    CompiledProblem compiled = ProblemCompiler.compile(problem, options.fragmentation());
    int[] greedy = GreedyPlacer.place(compiled);
    Duration left = problem.budget().time().minusNanos(System.nanoTime() - start).minus(reserve(problem.budget()));
    if (left.compareTo(MIN_SEARCH) < 0 || compiled.gangs().isEmpty()) {
      return plan(compiled, greedy, PlacementPlan.Method.SOLVER, start);
    }
    return plan(compiled, search(compiled, greedy, problem.budget(), left), PlacementPlan.Method.SOLVER, start);
  }

  private int[] search(CompiledProblem compiled, int[] start, SolveBudget budget, Duration searchTime) {
    TerminationConfig termination = new TerminationConfig()
        .withSpentLimit(Duration.ofMillis(searchTime.toMillis()))
        .withUnimprovedSpentLimit(Duration.ofMillis(Math.max(1, budget.unimproved().toMillis())));
    if (budget.moveLimit() > 0) {
      termination.setMoveCountLimit(budget.moveLimit());
    }
    SolverFactory<PlacementSolution> factory = factory(budget.seed());
    long begin = System.nanoTime();
    Solver<PlacementSolution> solver = factory
        .buildSolver(new SolverConfigOverride<PlacementSolution>().withTerminationConfig(termination));
    PlacementSolution best = solver.solve(PlacementSolution.from(compiled, start));
    overhead.record(System.nanoTime() - begin - TimeUnit.MILLISECONDS.toNanos(searchTime.toMillis()));
    HardMediumSoftLongScore score = best.getScore();
    // the search starts from the feasible greedy plan and keeps the best, so this holds; guard anyway
    return score != null && score.hardScore() == 0 ? best.toArray() : start;
  }

  /**
   * Time kept back from the search: the configured minimum plus what recent cycles spent outside
   * the search's own clock (building the solver, the first score calculation, the last step's
   * overrun, reading the result back), which grows when the machine is loaded. Never more than
   * half the budget, so a few slow cycles (a cold JIT) cannot switch the search off for good.
   */
  private Duration reserve(SolveBudget budget) {
    Duration r = options.overheadReserve().plusNanos(overhead.high());
    Duration cap = budget.time().dividedBy(2);
    return r.compareTo(cap) > 0 ? cap : r;
  }

  private SolverFactory<PlacementSolution> factory(long seed) {
    return factories.computeIfAbsent(seed, s -> SolverFactory.create(config(s)));
  }

  /** The solver configuration: local search only (construction is the greedy), reproducible. */
  SolverConfig config(long seed) {
    SolverOptions.MoveWeights w = options.moveWeights();
    UnionMoveSelectorConfig moves = new UnionMoveSelectorConfig().withMoveSelectors(
        new ChangeMoveSelectorConfig().withFixedProbabilityWeight(w.change()),
        new SwapMoveSelectorConfig().withFixedProbabilityWeight(w.swap()),
        new MoveIteratorFactoryConfig()
            .withMoveIteratorFactoryClass(EjectionMoveFactory.class)
            .withFixedProbabilityWeight(w.ejection()),
        new MoveIteratorFactoryConfig()
            .withMoveIteratorFactoryClass(ClusterRepackMoveFactory.class)
            .withFixedProbabilityWeight(w.repack()));
    LocalSearchPhaseConfig localSearch = new LocalSearchPhaseConfig()
        .withMoveSelectorConfig(moves)
        .withAcceptorConfig(new LocalSearchAcceptorConfig().withLateAcceptanceSize(options.lateAcceptanceSize()))
        .withForagerConfig(new LocalSearchForagerConfig().withAcceptedCountLimit(options.acceptedCountLimit()));
    return new SolverConfig()
        .withSolutionClass(PlacementSolution.class)
        .withEntityClasses(GangAssignment.class)
        .withConstraintProviderClass(PlacementConstraintProvider.class)
        .withEnvironmentMode(EnvironmentMode.REPRODUCIBLE)
        .withRandomSeed(seed)
        .withPhases(localSearch)
        .withTerminationConfig(new TerminationConfig().withSpentLimit(SolveBudget.DEFAULT.time()));
  }

  private static int pendingGpuGangs(CompiledProblem compiled, int[] assignment) {
    int n = 0;
    for (int i = 0; i < assignment.length; i++) {
      if (assignment[i] < 0 && compiled.gangs().get(i).gpuMilli() > 0) {
        n++;
      }
    }
    return n;
  }

  private static PlacementPlan plan(CompiledProblem compiled, int[] assignment, PlacementPlan.Method method, long start) {
    PlanEvaluator.Evaluation e = PlanEvaluator.evaluate(compiled, assignment);
    List<GangPlacement> placements = new ArrayList<>(assignment.length);
    for (int i = 0; i < assignment.length; i++) {
      placements.add(new GangPlacement(
          compiled.gangs().get(i).id(), assignment[i] < 0 ? null : compiled.clusters().get(assignment[i]).name()));
    }
    return new PlacementPlan(method, placements, e.score(), e.metrics(), Duration.ofNanos(System.nanoTime() - start));
  }
}
