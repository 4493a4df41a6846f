package io.argosy.queue.placement;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the propagation policy for a job as Karmada's detector does: a namespaced
 * PropagationPolicy that selects it beats every ClusterPropagationPolicy; within a scope the
 * highest {@code priority} wins, then the most specific selector (name over labelSelector over
 * kind only), then name order. When nothing selects the job, the cluster-wide default policy (a
 * ClusterPropagationPolicy annotated {@value PropagationPolicy#DEFAULT_ANNOTATION}) places it.
 * Karmada's preemption of resources already claimed by another policy is not modelled: a policy
 * change re-resolves only jobs not yet bound.
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

  /** The cluster-wide default policy, if one is defined (the first by name when several claim it). */
  public Optional<PropagationPolicy> clusterDefault() {
    return policies.values().stream().filter(PropagationPolicy::clusterDefault)
        .min(Comparator.comparing(PropagationPolicy::name));
  }

  /** The winning policy for the target, if any selects it (or a default exists). */
  public Optional<PropagationPolicy> resolve(PolicyTarget target) {
    Optional<PropagationPolicy> namespaced = best(target, false);
    if (namespaced.isPresent()) {
      return namespaced;
    }
    Optional<PropagationPolicy> cluster = best(target, true);
    return cluster.isPresent() ? cluster : clusterDefault();
  }

  private Optional<PropagationPolicy> best(PolicyTarget target, boolean clusterScoped) {
    PropagationPolicy best = null;
    int bestSpecificity = 0;
    for (PropagationPolicy p : policies.values()) {
      if (p.clusterScoped() != clusterScoped) {
        continue;
      }
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
          .thenComparing(r -> r.policy().name());

  private static String key(boolean clusterScoped, String namespace, String name) {
    return (clusterScoped ? "cluster/" : "ns/" + namespace + "/") + name;
  }
}
