package io.argosy.scheduler.plugins;

import io.argosy.queue.placement.ClusterAffinity;
import io.argosy.queue.placement.ClusterToleration;
import io.argosy.scheduler.fleet.ClusterState;
import io.argosy.scheduler.fleet.Taint;
import io.argosy.scheduler.framework.ClusterFilter;
import io.argosy.scheduler.framework.CycleContext;
import io.argosy.scheduler.framework.GangSpec;
import java.util.List;

/**
 * Cluster taints with NoSchedule or NoExecute keep a job away unless its placement's
 * {@code clusterTolerations} tolerate them (Karmada's TaintToleration filter). PreferNoSchedule does
 * not filter.
 */
public final class ClusterTaintToleration implements ClusterFilter {
  @Override
  public String name() {
    return "ClusterTaintToleration";
  }

  @Override
  public String filter(CycleContext ctx, GangSpec gang, ClusterAffinity term, ClusterState cluster) {
    List<ClusterToleration> tolerations = gang.job().placement().clusterTolerations();
    for (Taint t : cluster.taints()) {
      if (!t.repels()) {
        continue;
      }
      boolean tolerated = false;
      for (ClusterToleration tol : tolerations) {
        if (tol.tolerates(t.key(), t.value(), t.effect())) {
          tolerated = true;
          break;
        }
      }
      if (!tolerated) {
        return "taint " + t + " not tolerated";
      }
    }
    return null;
  }

  @Override
  public boolean placementOnly() {
    return true;
  }
}
