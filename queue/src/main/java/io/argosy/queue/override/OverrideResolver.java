package io.argosy.queue.override;

import io.argosy.queue.placement.PolicyTarget;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which override policies apply to a job and in what order: ClusterOverridePolicies first, then
 * the job's namespace's OverridePolicies, each group by name, so a namespaced policy has the last
 * word (Karmada applies them in this order).
 */
public final class OverrideResolver {
  private OverrideResolver() {}

  public static List<OverridePolicy> applicable(List<OverridePolicy> all, PolicyTarget target) {
    List<OverridePolicy> out = new ArrayList<>();
    for (OverridePolicy p : all) {
      if (p.selects(target)) {
        out.add(p);
      }
    }
    out.sort(Comparator.comparing((OverridePolicy p) -> !p.clusterScoped()).thenComparing(OverridePolicy::name));
    return out;
  }
}
