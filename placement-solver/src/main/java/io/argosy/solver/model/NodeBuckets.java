package io.argosy.solver.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Helpers for the caller that turns per-node free state into buckets: coarsen a node's free CPU and
 * memory (fewer distinct shapes, a faster check, a little pessimism) and group identical shapes.
 */
public final class NodeBuckets {

  private NodeBuckets() {}

  /** The bucket with free CPU and memory rounded down to multiples of the steps (devices untouched). */
  public static NodeBucket coarsen(NodeBucket b, long cpuStepMilli, long memoryStepBytes) {
    return new NodeBucket(b.count(), b.cpuMilli() / cpuStepMilli * cpuStepMilli,
        b.memoryBytes() / memoryStepBytes * memoryStepBytes, b.pods(), b.devices());
  }

  /**
   * Merges buckets with identical shapes, summing counts, in first-seen order. Devices of a group
   * should be listed most-free first so that equal nodes compare equal.
   */
  public static List<NodeBucket> group(Collection<NodeBucket> buckets) {
    Map<NodeBucket, Integer> counts = new LinkedHashMap<>();
    for (NodeBucket b : buckets) {
      counts.merge(new NodeBucket(1, b.cpuMilli(), b.memoryBytes(), b.pods(), b.devices()), b.count(), Integer::sum);
    }
    List<NodeBucket> out = new ArrayList<>(counts.size());
    counts.forEach((b, n) -> out.add(new NodeBucket(n, b.cpuMilli(), b.memoryBytes(), b.pods(), b.devices())));
    return out;
  }
}
