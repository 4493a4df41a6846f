package io.argosy.queue.placement;

import java.util.List;

/**
 * Karmada {@code replicaScheduling}. For a job, {@code Duplicated} (or no replicaScheduling at all)
 * keeps the whole gang in one cluster; {@code Divided} allows the gang to be split across clusters,
 * {@code Aggregated} into as few as possible, {@code Weighted} by static weights or by available
 * replicas.
 *
 * @param divisionPreference null unless {@code Divided}
 * @param staticWeights {@code weightPreference.staticWeightList}
 * @param dynamicWeight {@code weightPreference.dynamicWeight} ({@code AvailableReplicas}), or null
 */
public record ReplicaScheduling(
    Type type, DivisionPreference divisionPreference, List<StaticClusterWeight> staticWeights, String dynamicWeight) {

  public ReplicaScheduling {
    staticWeights = staticWeights == null ? List.of() : List.copyOf(staticWeights);
  }

  public enum Type {
    Duplicated,
    Divided
  }

  public enum DivisionPreference {
    Aggregated,
    Weighted
  }
}
