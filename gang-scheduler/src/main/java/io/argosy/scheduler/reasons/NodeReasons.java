package io.argosy.scheduler.reasons;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why a pod fit no node of a cluster, aggregated: how many nodes failed for each reason key
 * ({@code insufficient nvidia.com/gpu}, {@code node affinity}, ...). A node that fails several checks
 * counts under each, as in Volcano's and kube-scheduler's messages. Built only on the failure path.
 */
public final class NodeReasons {
  private final Map<String, int[]> counts = new LinkedHashMap<>();

  public void add(String key, int nodes) {
    counts.computeIfAbsent(key, k -> new int[1])[0] += nodes;
  }

  public boolean isEmpty() {
    return counts.isEmpty();
  }

  /** Reason keys with node counts, most nodes first, ties by key (node classes are visited in no fixed order). */
  public List<Count> sorted() {
    List<Count> out = new ArrayList<>(counts.size());
    counts.forEach((k, v) -> out.add(new Count(k, v[0])));
    out.sort((a, b) -> a.nodes() != b.nodes() ? Integer.compare(b.nodes(), a.nodes()) : a.key().compareTo(b.key()));
    return out;
  }

  /** {@code insufficient nvidia.com/gpu on 12 nodes, node affinity on 2}. */
  public String render() {
    StringBuilder b = new StringBuilder();
    for (Count c : sorted()) {
      if (b.length() > 0) {
        b.append(", ");
      }
      b.append(c.key()).append(" on ").append(c.nodes()).append(c.nodes() == 1 ? " node" : " nodes");
    }
    return b.toString();
  }

  public record Count(String key, int nodes) {}
}
