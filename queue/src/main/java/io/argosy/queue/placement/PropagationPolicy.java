package io.argosy.queue.placement;

import java.util.List;

/**
 * A Karmada {@code PropagationPolicy} (namespaced) or {@code ClusterPropagationPolicy}.
 *
 * @param namespace the policy's namespace, or null when cluster-scoped
 * @param priority {@code spec.priority}, default 0; higher wins when several policies match
 * @param clusterDefault a ClusterPropagationPolicy annotated {@value #DEFAULT_ANNOTATION}{@code : "true"}:
 *     it places every job no other policy selects
 */
public record PropagationPolicy(
    String name,
    String namespace,
    boolean clusterScoped,
    int priority,
    List<ResourceSelector> resourceSelectors,
    Placement placement,
    boolean clusterDefault) {

  /** The annotation that makes a ClusterPropagationPolicy the cluster-wide default. */
  public static final String DEFAULT_ANNOTATION = "policy.argosy.io/cluster-default";

  public PropagationPolicy {
    resourceSelectors = List.copyOf(resourceSelectors);
    placement = placement == null ? Placement.ANY : placement;
  }

  public PropagationPolicy(String name, String namespace, boolean clusterScoped, int priority,
      List<ResourceSelector> resourceSelectors, Placement placement) {
    this(name, namespace, clusterScoped, priority, resourceSelectors, placement, false);
  }

  /** {@code Kind name} or {@code Kind namespace/name}, as {@code argosy describe job} shows it. */
  public String displayName() {
    return clusterScoped ? "ClusterPropagationPolicy " + name : "PropagationPolicy " + namespace + "/" + name;
  }

  /**
   * The specificity of the best selector matching the target, or 0 when none matches. A namespaced
   * policy only selects objects of its own namespace.
   */
  public int matchSpecificity(PolicyTarget t) {
    if (!clusterScoped && namespace != null && !namespace.equals(t.namespace())) {
      return 0;
    }
    int best = 0;
    for (ResourceSelector s : resourceSelectors) {
      if (s.matches(t)) {
        best = Math.max(best, s.specificity());
      }
    }
    return best;
  }
}
