package io.argosy.core.control;

import io.argosy.queue.JobQueues;
import io.argosy.queue.QueueSpec;
import io.argosy.queue.placement.PlacementResolver;
import io.argosy.queue.placement.PropagationPolicy;
import io.argosy.queue.priority.PriorityClassSpec;
import io.argosy.queue.priority.PriorityClasses;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What submissions are validated against, published by the scheduler thread after every change:
 * the queues, priority classes and placement policies. A submission layers its own queues,
 * classes and policies on top ({@link #with}) so later documents of the same file may use them.
 */
public record Catalog(Map<String, QueueSpec> queues, List<PriorityClassSpec> priorityClasses, List<PropagationPolicy> policies) {
  public static final Catalog EMPTY = new Catalog(Map.of(JobQueues.DEFAULT_QUEUE, QueueSpec.of(JobQueues.DEFAULT_QUEUE)),
      List.of(), List.of());

  public Catalog {
    queues = Map.copyOf(queues);
    priorityClasses = List.copyOf(priorityClasses);
    policies = List.copyOf(policies);
  }

  /** This catalog plus the given objects (replacing those of the same name). */
  public Catalog with(List<QueueSpec> moreQueues, List<PriorityClassSpec> moreClasses, List<PropagationPolicy> morePolicies) {
    Map<String, QueueSpec> q = new LinkedHashMap<>(queues);
    moreQueues.forEach(s -> q.put(s.name(), s));
    Map<String, PriorityClassSpec> pc = new LinkedHashMap<>();
    priorityClasses.forEach(c -> pc.put(c.name(), c));
    moreClasses.forEach(c -> pc.put(c.name(), c));
    Map<String, PropagationPolicy> pp = new LinkedHashMap<>();
    policies.forEach(p -> pp.put(key(p), p));
    morePolicies.forEach(p -> pp.put(key(p), p));
    return new Catalog(q, List.copyOf(pc.values()), List.copyOf(pp.values()));
  }

  static String key(PropagationPolicy p) {
    return p.clusterScoped() ? p.name() : p.namespace() + "/" + p.name();
  }

  /** Why a job cannot go to this queue, or empty: it must exist, be a leaf and be open. */
  public Optional<String> refusal(String queue) {
    QueueSpec s = queues.get(queue);
    if (s == null) {
      return Optional.of("queue " + queue + " does not exist");
    }
    for (QueueSpec other : queues.values()) {
      if (queue.equals(other.parent())) {
        return Optional.of("queue " + queue + " has child queues; jobs can only be submitted to leaf queues");
      }
    }
    if (!s.open()) {
      return Optional.of("queue " + queue + " is closed");
    }
    return Optional.empty();
  }

  /** The queue and its ancestors, the queue first. */
  public List<QueueSpec> path(String queue) {
    java.util.ArrayList<QueueSpec> out = new java.util.ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (QueueSpec s = queues.get(queue); s != null && seen.add(s.name()); s = s.parent() == null ? null : queues.get(s.parent())) {
      out.add(s);
    }
    return out;
  }

  public PriorityClasses classes() {
    PriorityClasses c = new PriorityClasses();
    for (PriorityClassSpec s : priorityClasses) {
      if (!s.name().startsWith("system-")) {
        c.put(s);
      }
    }
    return c;
  }

  public PlacementResolver resolver() {
    PlacementResolver r = new PlacementResolver();
    policies.forEach(r::put);
    return r;
  }
}
