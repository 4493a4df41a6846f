package io.argosy.solver.domain;

import ai.timefold.solver.core.api.domain.entity.PlanningEntity;
import ai.timefold.solver.core.api.domain.lookup.PlanningId;
import ai.timefold.solver.core.api.domain.variable.PlanningVariable;
import io.argosy.solver.problem.CompiledCluster;
import io.argosy.solver.problem.CompiledGang;

/** The planning entity: one pending gang and the cluster it goes to (null = stays pending). */
@PlanningEntity
public class GangAssignment {

  @PlanningId
  private Integer id;

  private CompiledGang gang;

  @PlanningVariable(allowsUnassigned = true)
  private CompiledCluster cluster;

  public GangAssignment() {}

  public GangAssignment(CompiledGang gang, CompiledCluster cluster) {
    this.id = gang.index();
    this.gang = gang;
    this.cluster = cluster;
  }

  public Integer getId() {
    return id;
  }

  public CompiledGang getGang() {
    return gang;
  }

  public CompiledCluster getCluster() {
    return cluster;
  }

  public void setCluster(CompiledCluster cluster) {
    this.cluster = cluster;
  }

  public boolean isAssigned() {
    return cluster != null;
  }

  @Override
  public String toString() {
    return gang.id() + "->" + (cluster == null ? "-" : cluster.name());
  }
}
