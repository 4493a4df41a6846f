package io.argosy.scheduler.framework;

import io.argosy.gpu.demand.PodDemand;
import io.argosy.scheduler.fleet.PlacementMode;
import java.util.Objects;

/**
 * What one pod of a task needs, as the cycle fits it: its demand, its node constraints and the
 * placement mode its workload asks for. Equal specs share one instance (interned by the scheduler),
 * so fits are memoised per (node class, spec).
 *
 * @param modeOverride the workload's {@value PlacementMode#LABEL} annotation, or null
 */
public final class PodSpec {
  private final PodDemand demand;
  private final NodeConstraints constraints;
  private final PlacementMode modeOverride;
  private final boolean perNode;
  private final int hash;
  private io.argosy.queue.quota.ResourceVector resources;
  private Object workloadClass;

  /** One pod's resource vector (quota keys), computed once per interned spec. */
  public io.argosy.queue.quota.ResourceVector resources() {
    if (resources == null) {
      resources = io.argosy.queue.quota.ResourceVector.of(demand.resources());
    }
    return resources;
  }

  /** A value derived once per interned spec by its user (the workload-mix class of the pod). */
  public Object workloadClass() {
    return workloadClass;
  }

  public void workloadClass(Object c) {
    workloadClass = c;
  }

  /** This cycle's number of the spec (memo key), valid while {@link #epoch} is the cycle's. */
  private int id = -1;
  private long epoch = -1;

  public PodSpec(PodDemand demand, NodeConstraints constraints, PlacementMode modeOverride) {
    this.demand = demand;
    this.constraints = constraints;
    this.modeOverride = modeOverride;
    this.perNode = constraints.perNode() || !demand.selector().useUuids().isEmpty()
        || !demand.selector().noUseUuids().isEmpty();
    this.hash = Objects.hash(demand, constraints, modeOverride);
  }

  public PodDemand demand() {
    return demand;
  }

  public NodeConstraints constraints() {
    return constraints;
  }

  public PlacementMode modeOverride() {
    return modeOverride;
  }

  /** True when the pod must be fitted node by node (constraints or device UUIDs name single nodes). */
  public boolean perNode() {
    return perNode;
  }

  /** The spec's number in the cycle {@code epoch}, taking {@code next} when it has none yet in that cycle. */
  public int idIn(long epoch, int next) {
    if (this.epoch != epoch) {
      this.epoch = epoch;
      this.id = next;
    }
    return id;
  }

  /** The spec's number in the current cycle. */
  public int id() {
    return id;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PodSpec p && p.hash == hash && p.demand.equals(demand) && p.constraints.equals(constraints)
        && p.modeOverride == modeOverride;
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
