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
 * A compound move: put one gang on a cluster, evict the gangs that stand in its way there, and
 * re-home each evicted gang on another cluster where it fits (or leave it pending). It crosses in
 * one step the valley that single change moves cannot: making room always loses placed demand first.
 */
public final class EjectionMove extends AbstractMove<PlacementSolution> {

  private final List<GangAssignment> entities;
  private final List<CompiledCluster> targets;

  public EjectionMove(List<GangAssignment> entities, List<CompiledCluster> targets) {
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
  public EjectionMove rebase(ScoreDirector<PlacementSolution> destinationScoreDirector) {
    List<GangAssignment> rebasedEntities = new ArrayList<>(entities.size());
    List<CompiledCluster> rebasedTargets = new ArrayList<>(targets.size());
    for (int i = 0; i < entities.size(); i++) {
      rebasedEntities.add(destinationScoreDirector.lookUpWorkingObject(entities.get(i)));
      rebasedTargets.add(targets.get(i));
    }
    return new EjectionMove(rebasedEntities, rebasedTargets);
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
    return "EjectionMove(GangAssignment.cluster)";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EjectionMove m && entities.equals(m.entities) && targets.equals(m.targets);
  }

  @Override
  public int hashCode() {
    return Objects.hash(entities, targets);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("eject{");
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
