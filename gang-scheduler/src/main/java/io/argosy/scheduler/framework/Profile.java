package io.argosy.scheduler.framework;

import io.argosy.scheduler.fleet.PlacementMode;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The plugins at each extension point of the cycle, in order:
 *
 * <ol>
 *   <li>order — the queue's fair-share order ({@code JobQueues.beginCycle}), not a plugin here;
 *   <li>{@link ClusterFilter}s — placement policy, taints, readiness, quota, backfill reservations;
 *   <li>{@link ClusterChooser} — which clusters to try and compare;
 *   <li>{@link NodeFilter}s then the device fit of gpu-model — per node class;
 *   <li>{@link NodeScorer}s per {@link PlacementMode}, summed with weights;
 *   <li>reserve — all or nothing on a {@code Trial}, built into the cycle;
 *   <li>{@link Permit}s — gang and quota checks of the whole placement;
 *   <li>bind — {@code FleetState.adopt} and the binding in the cycle's result.
 * </ol>
 */
public record Profile(
    List<ClusterFilter> clusterFilters,
    ClusterChooser chooser,
    List<NodeFilter> nodeFilters,
    Map<PlacementMode, List<WeightedScorer>> scorers,
    List<Permit> permits) {

  public Profile {
    clusterFilters = List.copyOf(clusterFilters);
    nodeFilters = List.copyOf(nodeFilters);
    Map<PlacementMode, List<WeightedScorer>> m = new EnumMap<>(PlacementMode.class);
    for (PlacementMode mode : PlacementMode.values()) {
      List<WeightedScorer> s = scorers.get(mode);
      if (s == null || s.isEmpty()) {
        throw new IllegalArgumentException("no scorer for placement mode " + mode.label());
      }
      m.put(mode, List.copyOf(s));
    }
    scorers = m;
    permits = List.copyOf(permits);
  }

  public List<WeightedScorer> scorers(PlacementMode mode) {
    return scorers.get(mode);
  }
}
