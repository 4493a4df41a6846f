package io.argosy.solver.domain;

import ai.timefold.solver.core.api.domain.solution.PlanningEntityCollectionProperty;
import ai.timefold.solver.core.api.domain.solution.PlanningScore;
import ai.timefold.solver.core.api.domain.solution.PlanningSolution;
import ai.timefold.solver.core.api.domain.solution.ProblemFactCollectionProperty;
import ai.timefold.solver.core.api.domain.valuerange.ValueRangeProvider;
import ai.timefold.solver.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore;
import io.argosy.solver.problem.CompiledCluster;
import io.argosy.solver.problem.CompiledProblem;
import java.util.ArrayList;
import java.util.List;

/** The planning solution: the clusters (values) and one assignment per pending gang. */
@PlanningSolution
public class PlacementSolution {

  private CompiledProblem problem;

  @ValueRangeProvider
  @ProblemFactCollectionProperty
  private List<CompiledCluster> clusters;

  @PlanningEntityCollectionProperty
  private List<GangAssignment> assignments;

  @PlanningScore
  private HardMediumSoftLongScore score;

  public PlacementSolution() {}

  public PlacementSolution(CompiledProblem problem, List<CompiledCluster> clusters, List<GangAssignment> assignments) {
    this.problem = problem;
    this.clusters = clusters;
    this.assignments = assignments;
  }

  /** A solution with gang i on cluster {@code start[i]} (-1 = unassigned). */
  public static PlacementSolution from(CompiledProblem problem, int[] start) {
    List<GangAssignment> list = new ArrayList<>(problem.gangs().size());
    for (int i = 0; i < problem.gangs().size(); i++) {
      list.add(new GangAssignment(problem.gangs().get(i), start[i] < 0 ? null : problem.clusters().get(start[i])));
    }
    return new PlacementSolution(problem, problem.clusters(), list);
  }

  /** Cluster index per gang, -1 for unassigned. */
  public int[] toArray() {
    int[] out = new int[assignments.size()];
    for (GangAssignment a : assignments) {
      out[a.getGang().index()] = a.getCluster() == null ? -1 : a.getCluster().index();
    }
    return out;
  }

  public CompiledProblem getProblem() {
    return problem;
  }

  public List<CompiledCluster> getClusters() {
    return clusters;
  }

  public List<GangAssignment> getAssignments() {
    return assignments;
  }

  public HardMediumSoftLongScore getScore() {
    return score;
  }

  public void setScore(HardMediumSoftLongScore score) {
    this.score = score;
  }
}
