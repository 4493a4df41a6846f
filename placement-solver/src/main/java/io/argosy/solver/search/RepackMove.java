package io.argosy.solver.search;

import ai.timefold.solver.core.api.score.director.ScoreDirector;
import ai.timefold.solver.core.impl.heuristic.move.AbstractMove;
import io.argosy.solver.domain.GangAssignment;
import io.argosy.solver.domain.PlacementSolution;
import io.argosy.solver.problem.CompiledCluster;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * A compound move that sets several gangs' clusters at once: used by the ejection and cluster-repack
 * neighbourhoods, whose steps are worthless one change at a time (making room always loses placed
 * demand first).
 */
public final class RepackMove extends AbstractMove<PlacementSolution> {

  private final String kind;
  private final List<GangAssignment> entities;
  private final List<CompiledCluster> targets;

  public RepackMove(String kind, List<GangAssignment> entities, List<CompiledCluster> targets) {
    this.kind = kind;
    this.entities = List.copyOf(entities);
    this.targets = new ArrayList<>(targets);
  }

  @Override
  public boolean isMoveDoable(ScoreDirector<PlacementSolution> scoreDirector) {
    for (int i = 0; i < entities.size(); i++) {
      if (entities.get(i).getCluster() != targets.get(i)) {
        return true;
      }
    }
    return false;
  }

  @Override
  protected void doMoveOnGenuineVariables(ScoreDirector<PlacementSolution> scoreDirector) {
    for (int i = 0; i < entities.size(); i++) {
      GangAssignment a = entities.get(i);
      scoreDirector.beforeVariableChanged(a, "cluster");
      a.setCluster(targets.get(i));
      scoreDirector.afterVariableChanged(a, "cluster");
    }
  }

  @Override
  public RepackMove rebase(ScoreDirector<PlacementSolution> destinationScoreDirector) {
    List<GangAssignment> rebased = new ArrayList<>(entities.size());
    for (GangAssignment a : entities) {
      rebased.add(destinationScoreDirector.lookUpWorkingObject(a));
    }
    return new RepackMove(kind, rebased, targets);
  }

  @Override
  public Collection<?> getPlanningEntities() {
    return entities;
  }

  @Override
  public Collection<?> getPlanningValues() {
    LinkedHashSet<Object> values = new LinkedHashSet<>();
    for (CompiledCluster c : targets) {
      if (c != null) {
        values.add(c);
      }
    }
    return values;
  }

  @Override
  public String getSimpleMoveTypeDescription() {
    return kind + "(GangAssignment.cluster)";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RepackMove m && kind.equals(m.kind) && entities.equals(m.entities) && targets.equals(m.targets);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, entities, targets);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(kind).append('{');
    for (int i = 0; i < entities.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      CompiledCluster t = targets.get(i);
      sb.append(entities.get(i).getGang().id()).append("->").append(t == null ? "-" : t.name());
    }
    return sb.append('}').toString();
  }
}
