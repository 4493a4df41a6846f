package io.argosy.bench.solver;

import io.argosy.solver.PlacementSolver;
import io.argosy.solver.model.PlacementDecision;
import io.argosy.solver.model.PlacementPlan;
import io.argosy.solver.model.PlacementProblem;
import io.argosy.solver.model.SolveBudget;
import io.argosy.solver.packing.PartialNodeFragmentation;
import io.argosy.solver.problem.ClusterPacker;
import io.argosy.solver.problem.CompiledCluster;
import io.argosy.solver.problem.CompiledGang;
import io.argosy.solver.problem.CompiledProblem;
import io.argosy.solver.problem.ProblemCompiler;
import io.argosy.solver.greedy.GreedyPlacer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cycle time of {@link PlacementSolver#place} with the default 200 ms budget on the contended
 * scenarios (sample percentiles are the point: the budget is a promise about the tail), the greedy
 * alone, and the per-cluster packing check the hard constraint runs on every move.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar SolverCycleBenchmark -rf json -rff benchmarks/results/solver-jmh.json
 * </pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgs = {"-Xmx2g", "-Djava.util.logging.config.file=.ci/logging.properties"})
@State(Scope.Benchmark)
public class SolverCycleBenchmark {

  @Param({"mixed-8", "openb-8"})
  public String family;

  @Param({"1"})
  public long seed;

  private PlacementSolver solver;
  private PlacementProblem problem;
  private CompiledCluster cluster;
  private List<CompiledGang> clusterGangs;
  private long runs;

  @Setup(Level.Trial)
  public void setUp() {
    problem = Scenarios.generate(family, seed, Scenarios.openbDir(), Scenarios.DEFAULT_PODS).problem()
        .withBudget(SolveBudget.of(Duration.ofMillis(200), 0));
    solver = new PlacementSolver();
    CompiledProblem compiled = ProblemCompiler.compile(problem, PartialNodeFragmentation.INSTANCE);
    int[] greedy = GreedyPlacer.place(compiled);
    // the cluster holding the most gangs after the greedy: the most expensive check of the instance
    int best = 0;
    int[] perCluster = new int[compiled.clusters().size()];
    for (int c : greedy) {
      if (c >= 0 && ++perCluster[c] > perCluster[best]) {
        best = c;
      }
    }
    cluster = compiled.clusters().get(best);
    clusterGangs = new ArrayList<>();
    for (int i = 0; i < greedy.length; i++) {
      if (greedy[i] == best) {
        clusterGangs.add(compiled.gangs().get(i));
      }
    }
  }

  @Benchmark
  public PlacementDecision placeCycle() {
    return solver.place(problem.withBudget(problem.budget().withSeed(runs++)));
  }

  @Benchmark
  public PlacementPlan greedyOnly() {
    return solver.greedy(problem);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public ClusterPacker.Packing packBusiestCluster() {
    return ClusterPacker.pack(cluster, clusterGangs);
  }
}
