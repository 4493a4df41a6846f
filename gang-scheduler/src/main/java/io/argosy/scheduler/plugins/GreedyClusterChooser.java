package io.argosy.scheduler.plugins;

import io.argosy.scheduler.fleet.ClusterState;
import io.argosy.scheduler.framework.ClusterChooser;
import io.argosy.scheduler.framework.CycleContext;
import io.argosy.scheduler.framework.GangSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The greedy cluster choice: clusters with the most free CPU relative to the gang first (a cheap
 * proxy for "likely to fit"), then by name; the cycle places the gang in the first few that can take
 * it and keeps the one whose placement scores best.
 */
public final class GreedyClusterChooser implements ClusterChooser {
  @Override
  public String name() {
    return "Greedy";
  }

  @Override
  public List<ClusterState> order(CycleContext ctx, GangSpec gang, List<ClusterState> candidates) {
    if (candidates.size() < 2) {
      return candidates;
    }
    List<ClusterState> out = new ArrayList<>(candidates);
    out.sort(Comparator.comparingLong(ClusterState::freeCpuMilli).reversed().thenComparing(ClusterState::name));
    return out;
  }

  @Override
  public int compare(CycleContext ctx, GangSpec gang) {
    return ctx.config().clustersEvaluated();
  }
}
