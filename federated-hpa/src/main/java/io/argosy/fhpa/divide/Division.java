package io.argosy.fhpa.divide;

import java.util.Map;

/**
 * How a workload's replicas are spread over its clusters (Karmada {@code replicaScheduling}).
 *
 * @param staticWeights cluster → weight for {@link Mode#STATIC_WEIGHTED}; clusters absent get none;
 *     empty means every cluster weighs 1
 */
public record Division(Mode mode, Map<String, Integer> staticWeights) {
  public Division {
    staticWeights = staticWeights == null ? Map.of() : Map.copyOf(staticWeights);
  }

  public enum Mode {
    /** Every cluster runs the full replica count. */
    DUPLICATED,
    /** {@code Divided} + {@code Weighted} with {@code staticWeightList}. */
    STATIC_WEIGHTED,
    /** {@code Divided} + {@code Aggregated}: as few clusters as capacity allows. */
    AGGREGATED,
    /** {@code Divided} + {@code Weighted} + {@code dynamicWeight: AvailableReplicas}. */
    DYNAMIC_WEIGHT
  }

  public static final Division DUPLICATED = new Division(Mode.DUPLICATED, Map.of());
  public static final Division DYNAMIC = new Division(Mode.DYNAMIC_WEIGHT, Map.of());
  public static final Division AGGREGATED = new Division(Mode.AGGREGATED, Map.of());

  public static Division staticWeights(Map<String, Integer> weights) {
    return new Division(Mode.STATIC_WEIGHTED, weights);
  }

  /** The total a cluster split adds up to: the desired count, except Duplicated (each cluster gets all). */
  public boolean divides() {
    return mode != Mode.DUPLICATED;
  }
}
