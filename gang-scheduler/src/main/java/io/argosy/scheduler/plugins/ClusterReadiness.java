package io.argosy.scheduler.plugins;

import io.argosy.queue.placement.ClusterAffinity;
import io.argosy.scheduler.fleet.ClusterState;
import io.argosy.scheduler.framework.ClusterFilter;
import io.argosy.scheduler.framework.CycleContext;
import io.argosy.scheduler.framework.GangSpec;

/** A cluster whose agent is not connected and ready takes nothing (Karmada's cluster Ready condition). */
public final class ClusterReadiness implements ClusterFilter {
  @Override
  public String name() {
    return "ClusterReadiness";
  }

  @Override
  public String filter(CycleContext ctx, GangSpec gang, ClusterAffinity term, ClusterState cluster) {
    if (!cluster.ready()) {
      return "cluster not ready";
    }
    return cluster.nodeCount() == 0 ? "cluster has no nodes" : null;
  }

  @Override
  public boolean placementOnly() {
    return true;
  }
}
