package io.argosy.solver.model;

import java.util.List;
import java.util.Map;

/**
 * One cycle's placement question: the pending gangs in queue order (fair share, then priority; the
 * greedy takes them in exactly this order), the clusters' free capacity, each queue's remaining
 * quota, and the time budget.
 *
 * @param gangs pending gangs, in the order the queues release them
 * @param clusters member clusters
 * @param queueQuotas remaining quota per queue and resource name; a missing queue or resource is unlimited
 * @param budget time budget and seed
 */
public record PlacementProblem(
    List<GangRequest> gangs,
    List<ClusterOffer> clusters,
    Map<String, Map<String, Long>> queueQuotas,
    SolveBudget budget) {

  public PlacementProblem {
    gangs = List.copyOf(gangs);
    clusters = List.copyOf(clusters);
    queueQuotas = Map.copyOf(queueQuotas);
  }

  public static PlacementProblem of(List<GangRequest> gangs, List<ClusterOffer> clusters) {
    return new PlacementProblem(gangs, clusters, Map.of(), SolveBudget.DEFAULT);
  }

  public PlacementProblem withBudget(SolveBudget newBudget) {
    return new PlacementProblem(gangs, clusters, queueQuotas, newBudget);
  }

  public PlacementProblem withQuotas(Map<String, Map<String, Long>> quotas) {
    return new PlacementProblem(gangs, clusters, quotas, budget);
  }
}
