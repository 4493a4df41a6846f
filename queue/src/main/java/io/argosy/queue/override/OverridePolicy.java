package io.argosy.queue.override;

import io.argosy.queue.placement.PolicyTarget;
import io.argosy.queue.placement.ResourceSelector;
import java.util.List;

/**
 * A Karmada {@code OverridePolicy} (namespaced) or {@code ClusterOverridePolicy}: what differs in the
 * manifest a member cluster receives.
 *
 * @param namespace the policy's namespace, or null when cluster-scoped
 * @param resourceSelectors empty selects every resource (in the policy's namespace when namespaced)
 */
public record OverridePolicy(String name, String namespace, boolean clusterScoped, List<ResourceSelector> resourceSelectors,
    List<OverrideRule> rules) {

  public OverridePolicy {
    resourceSelectors = resourceSelectors == null ? List.of() : List.copyOf(resourceSelectors);
    rules = rules == null ? List.of() : List.copyOf(rules);
  }

  public boolean selects(PolicyTarget t) {
    if (!clusterScoped && namespace != null && !namespace.equals(t.namespace())) {
      return false;
    }
    if (resourceSelectors.isEmpty()) {
      return true;
    }
    for (ResourceSelector s : resourceSelectors) {
      if (s.matches(t)) {
        return true;
      }
    }
    return false;
  }

  /** {@code ClusterOverridePolicy name} or {@code OverridePolicy namespace/name}. */
  public String displayName() {
    return clusterScoped ? "ClusterOverridePolicy " + name : "OverridePolicy " + namespace + "/" + name;
  }
}
