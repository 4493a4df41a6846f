package io.argosy.scheduler.plugins;

import io.argosy.scheduler.fleet.PlacementMode;
import io.argosy.scheduler.framework.Profile;
import io.argosy.scheduler.framework.SchedulerConfig;
import io.argosy.scheduler.framework.WeightedScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The default plugins at every extension point. */
public final class StandardProfile {
  private StandardProfile() {}

  public static Profile of(SchedulerConfig config) {
    List<io.argosy.scheduler.framework.ClusterFilter> clusterFilters = new ArrayList<>(List.of(
        new ClusterReadiness(), new ClusterAffinityFilter(), new ClusterTaintToleration(), new QuotaFilter()));
    if (config.backfill()) {
      clusterFilters.add(new BackfillReservation());
    }
    VolcanoScore volcano = new VolcanoScore();
    return new Profile(
        clusterFilters,
        config.solver() == null ? new GreedyClusterChooser()
            : new SolverClusterChooser(io.argosy.gpu.catalog.Catalog.builtin()),
        List.of(new NodeReadiness(), new NodeTaintToleration(), new NodeAffinity()),
        Map.of(
            PlacementMode.BINPACK, List.of(new WeightedScorer(volcano, 1)),
            PlacementMode.SPREAD, List.of(new WeightedScorer(volcano, 1)),
            PlacementMode.FRAGMENTATION, List.of(
                new WeightedScorer(new FragmentationScore(), 1), new WeightedScorer(volcano, config.tieBreakWeight())),
            PlacementMode.ARGOSY, List.of(new WeightedScorer(new ArgosyScore(), 1))),
        List.of(new GangPermit(), new QuotaPermit()));
  }
}
