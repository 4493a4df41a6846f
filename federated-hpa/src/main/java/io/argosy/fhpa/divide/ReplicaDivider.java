package io.argosy.fhpa.divide;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a workload's desired replicas over its eligible clusters, as Karmada's scheduler does for
 * Deployments. Static weights are recomputed from the total (deterministic, so stable). Dynamic
 * weights and Aggregated are incremental, so that running pods stay where they are: the first split
 * and every scale-up divide the <em>new</em> replicas by each cluster's available replicas (free
 * capacity, from gpu-model's estimator, so GPU requests count); a scale-down removes replicas in
 * proportion to what each cluster runs. Remainders go to the heaviest clusters, ties by name.
 *
 * <p>When capacity is short (the new replicas exceed the clusters' available replicas) Karmada
 * refuses to schedule; Argosy still divides by available replicas (pods beyond capacity stay
 * Pending in their cluster and are visible there), or evenly when nothing is available.
 */
public final class ReplicaDivider {
  private ReplicaDivider() {}

  /**
   * @param clusters eligible clusters, in placement order
   * @param available each cluster's available replicas for the pod template (dynamic and aggregated)
   * @param previous the current split (empty the first time); clusters no longer eligible are dropped
   * @return cluster → replicas for every eligible cluster (zeros included), summing to {@code total}
   *     unless Duplicated
   */
  public static Map<String, Integer> divide(int total, List<String> clusters, Division division,
      Map<String, Long> available, Map<String, Integer> previous) {
    Map<String, Integer> out = new LinkedHashMap<>();
    if (clusters.isEmpty()) {
      return out;
    }
    switch (division.mode()) {
      case DUPLICATED -> clusters.forEach(c -> out.put(c, total));
      case STATIC_WEIGHTED -> {
        Map<String, Long> w = new LinkedHashMap<>();
        for (String c : clusters) {
          w.put(c, division.staticWeights().isEmpty() ? 1L : (long) division.staticWeights().getOrDefault(c, 0));
        }
        out.putAll(byWeights(total, w));
      }
      case DYNAMIC_WEIGHT, AGGREGATED -> out.putAll(incremental(total, clusters, division.mode(), available, previous));
      default -> throw new IllegalStateException(division.mode().toString());
    }
    return out;
  }

  private static Map<String, Integer> incremental(int total, List<String> clusters, Division.Mode mode,
      Map<String, Long> available, Map<String, Integer> previous) {
    Map<String, Integer> base = new LinkedHashMap<>();
    int assigned = 0;
    for (String c : clusters) {
      int p = Math.max(0, previous.getOrDefault(c, 0));
      base.put(c, p);
      assigned += p;
    }
    if (total < assigned) { // scale down in proportion to what runs
      Map<String, Long> w = new LinkedHashMap<>();
      base.forEach((c, p) -> w.put(c, (long) p));
      return byWeights(total, w);
    }
    int extra = total - assigned;
    Map<String, Integer> add = mode == Division.Mode.AGGREGATED
        ? aggregated(extra, clusters, available, base)
        : byWeights(extra, availableWeights(clusters, available));
    add.forEach((c, n) -> base.merge(c, n, Integer::sum));
    return base;
  }

  /** Fewest clusters whose available replicas hold {@code n}, clusters already running some first, then by availability. */
  private static Map<String, Integer> aggregated(int n, List<String> clusters, Map<String, Long> available, Map<String, Integer> base) {
    List<String> order = new ArrayList<>(clusters);
    order.sort(Comparator.<String>comparingInt(c -> base.getOrDefault(c, 0) > 0 ? 0 : 1)
        .thenComparing(c -> -available.getOrDefault(c, 0L))
        .thenComparing(Comparator.naturalOrder()));
    Map<String, Long> chosen = new LinkedHashMap<>();
    long sum = 0;
    for (String c : order) {
      if (sum >= n && !chosen.isEmpty()) {
        break;
      }
      long a = Math.max(0, available.getOrDefault(c, 0L));
      if (a == 0 && base.getOrDefault(c, 0) == 0) {
        continue;
      }
      chosen.put(c, a);
      sum += a;
    }
    if (chosen.isEmpty()) {
      return byWeights(n, availableWeights(clusters, available));
    }
    return byWeights(n, chosen);
  }

  private static Map<String, Long> availableWeights(List<String> clusters, Map<String, Long> available) {
    Map<String, Long> w = new LinkedHashMap<>();
    for (String c : clusters) {
      w.put(c, Math.max(0, available.getOrDefault(c, 0L)));
    }
    return w;
  }

  /** Floor of each proportional share, remainder one by one to the heaviest (then by name); all-zero weights count equally. */
  static Map<String, Integer> byWeights(int total, Map<String, Long> weights) {
    Map<String, Integer> out = new LinkedHashMap<>();
    long sum = weights.values().stream().mapToLong(Long::longValue).sum();
    Map<String, Long> w = new LinkedHashMap<>(weights);
    if (sum == 0) {
      w.replaceAll((c, v) -> 1L);
      sum = w.size();
    }
    int given = 0;
    for (Map.Entry<String, Long> e : w.entrySet()) {
      int share = (int) (total * e.getValue() / sum);
      out.put(e.getKey(), share);
      given += share;
    }
    List<String> order = new ArrayList<>(w.keySet());
    order.sort(Comparator.<String>comparingLong(c -> -w.get(c)).thenComparing(Comparator.naturalOrder()));
    for (int i = 0; given < total; i = (i + 1) % order.size()) {
      String c = order.get(i);
      if (w.get(c) > 0) {
        out.merge(c, 1, Integer::sum);
        given++;
      }
    }
    return out;
  }
}
