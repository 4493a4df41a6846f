package io.argosy.scheduler.framework;

import io.argosy.scheduler.fleet.ClusterState;
import java.util.List;

/**
 * Extension point "choose cluster": in which order the clusters that passed the filters are tried,
 * and how many that can take the gang are compared before the best is taken. The greedy default
 * compares a few; a global optimiser (placement-solver) can put its choice first and compare one,
 * the rest of the order being the fallback when its cluster turns out not to fit at node level.
 */
public interface ClusterChooser {
  String name();

  List<ClusterState> order(CycleContext ctx, GangSpec gang, List<ClusterState> candidates);

  /** Clusters that fit to compare before choosing (at least 1). */
  int compare(CycleContext ctx, GangSpec gang);

  /** True when the chooser wants the whole pending set before the cycle ({@link #plan}). */
  default boolean plansCycles() {
    return false;
  }

  /** Called before the cycle with every pending gang in queue order, when {@link #plansCycles()}. */
  default void plan(CycleContext ctx, List<GangSpec> pending) {}
}
