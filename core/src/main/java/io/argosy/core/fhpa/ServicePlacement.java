package io.argosy.core.fhpa;

import io.argosy.fhpa.divide.Division;
import io.argosy.queue.placement.ClusterAffinity;
import io.argosy.queue.placement.Placement;
import io.argosy.queue.placement.ReplicaScheduling;
import io.argosy.queue.placement.StaticClusterWeight;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Deployment's Karmada placement turned into what federated-hpa divides by: the eligible clusters
 * ({@code clusterAffinity}, or the first of {@code clusterAffinities} that matches any cluster) and
 * the {@link Division}. No policy, or {@code Duplicated}, runs the full count in every eligible
 * cluster, as Karmada does; {@code Divided} without a preference divides by equal weights.
 * Cluster tolerations and spread constraints are not applied to services (docs/services.md).
 */
public record ServicePlacement(List<String> clusters, Division division) {

  /** What placement needs to know about a member cluster. */
  public record ClusterFacts(String name, Map<String, String> labels, Map<String, String> fields) {}

  public static ServicePlacement of(Placement placement, List<ClusterFacts> fleet) {
    Placement p = placement == null ? Placement.ANY : placement;
    List<String> eligible = new ArrayList<>();
    if (p.clusterAffinities().isEmpty()) {
      eligible.addAll(matching(p.clusterAffinity(), fleet));
    } else {
      for (var term : p.clusterAffinities()) {
        List<String> m = matching(term.affinity(), fleet);
        if (!m.isEmpty()) {
          eligible.addAll(m);
          break;
        }
      }
    }
    return new ServicePlacement(eligible, division(p.replicaScheduling(), fleet));
  }

  private static List<String> matching(ClusterAffinity a, List<ClusterFacts> fleet) {
    List<String> out = new ArrayList<>();
    for (ClusterFacts c : fleet) {
      if (a.matches(c.name(), c.labels(), c.fields())) {
        out.add(c.name());
      }
    }
    return out;
  }

  static Division division(ReplicaScheduling rs, List<ClusterFacts> fleet) {
    if (rs == null || rs.type() == ReplicaScheduling.Type.Duplicated) {
      return Division.DUPLICATED;
    }
    if (rs.divisionPreference() == ReplicaScheduling.DivisionPreference.Aggregated) {
      return Division.AGGREGATED;
    }
    if (rs.dynamicWeight() != null) {
      return Division.DYNAMIC;
    }
    Map<String, Integer> weights = new LinkedHashMap<>();
    for (StaticClusterWeight w : rs.staticWeights()) {
      for (ClusterFacts c : fleet) {
        if (w.targetCluster().matches(c.name(), c.labels(), c.fields())) {
          weights.putIfAbsent(c.name(), (int) Math.min(Integer.MAX_VALUE, w.weight()));
        }
      }
    }
    return Division.staticWeights(weights);
  }
}
