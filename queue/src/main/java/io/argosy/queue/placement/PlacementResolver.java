package io.argosy.queue.placement;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the propagation policy for a job: among the policies that select it, the highest
 * {@code priority}, then the most specific selector (name over labelSelector over kind only), then
 * a namespaced PropagationPolicy over a ClusterPropagationPolicy, then name order. Karmada's full
 * tie-breaking (implicit priorities, preemption of claimed resources) is not modelled here.
 */
public final class PlacementResolver {
  private final Map<String, PropagationPolicy> policies = new LinkedHashMap<>();

  /** Adds or replaces a policy (keyed by scope, namespace and name). */
  public void put(PropagationPolicy p) {
    policies.put(key(p.clusterScoped(), p.namespace(), p.name()), p);
  }

  public boolean remove(boolean clusterScoped, String namespace, String name) {
    return policies.remove(key(clusterScoped, namespace, name)) != null;
  }

  public List<PropagationPolicy> policies() {
    return List.copyOf(policies.values());
  }

  /** The winning policy for the target, if any selects it. */
  public Optional<PropagationPolicy> resolve(PolicyTarget target) {
    PropagationPolicy best = null;
    int bestSpecificity = 0;
    for (PropagationPolicy p : policies.values()) {
      int s = p.matchSpecificity(target);
      if (s > 0 && (best == null || ORDER.compare(new Ranked(p, s), new Ranked(best, bestSpecificity)) < 0)) {
        best = p;
        bestSpecificity = s;
      }
    }
    return Optional.ofNullable(best);
  }

  /** The placement of the winning policy, or {@link Placement#ANY}. */
  public Placement placementFor(PolicyTarget target) {
    return resolve(target).map(PropagationPolicy::placement).orElse(Placement.ANY);
  }

  private record Ranked(PropagationPolicy policy, int specificity) {}

  private static final Comparator<Ranked> ORDER =
      Comparator.<Ranked>comparingInt(r -> -r.policy().priority())
          .thenComparingInt(r -> -r.specificity())
          .thenComparing(r -> r.policy().clusterScoped())
          .thenComparing(r -> r.policy().name());

  private static String key(boolean clusterScoped, String namespace, String name) {
    return (clusterScoped ? "cluster/" : "ns/" + namespace + "/") + name;
  }
}
