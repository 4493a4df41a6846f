package io.argosy.scheduler.plugins;

import io.argosy.queue.placement.ClusterAffinity;
import io.argosy.scheduler.fleet.ClusterState;
import io.argosy.scheduler.framework.ClusterFilter;
import io.argosy.scheduler.framework.CycleContext;
import io.argosy.scheduler.framework.GangSpec;

/**
 * Karmada's {@code clusterAffinity}: names, exclusions, label selector and field selector over the
 * cluster's provider/region/zone. The cycle passes the affinity being tried; with
 * {@code clusterAffinities} it tries them in order and falls back to the next only when no cluster of
 * the earlier one can take the gang.
 */
public final class ClusterAffinityFilter implements ClusterFilter {
  @Override
  public String name() {
    return "ClusterAffinity";
  }

  @Override
  public String filter(CycleContext ctx, GangSpec gang, ClusterAffinity term, ClusterState cluster) {
    if (term.exclude().contains(cluster.name())) {
      return "excluded by clusterAffinity";
    }
    return term.matches(cluster.name(), cluster.labels(), cluster.fields()) ? null : "does not match clusterAffinity";
  }

  @Override
  public boolean placementOnly() {
    return true;
  }
}
