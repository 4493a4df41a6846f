package io.argosy.scheduler.fleet;

import io.argosy.gpu.fit.NodeState;
import java.util.Map;

/**
 * Hash and equality of a node's usage, read through {@link NodeState}'s accessors without
 * allocating: everything {@code fit} and the scorers look at (cpu, memory, pods, per-device memory,
 * cores, tasks and exclusivity, partitions in use, countables).
 */
final class UsageKey {
  private UsageKey() {}

  static long hash(NodeState s) {
    long h = s.cpuUsedMilli();
    h = h * 31 + s.memoryUsedBytes();
    h = h * 31 + s.podsUsed();
    int n = s.deviceCount();
    for (int i = 0; i < n; i++) {
      h = h * 31 + s.usedMemoryMiB(i);
      h = h * 31 + s.usedCores(i);
      h = h * 31 + s.tasks(i);
      h = h * 31 + (s.exclusive(i) ? 1 : 0);
    }
    int p = s.partitionCount();
    for (int q = 0; q < p; q++) {
      h = h * 31 + (s.partitionFree(q) ? 0 : 1);
    }
    Map<String, Long> countable = s.inventory().countable();
    if (!countable.isEmpty()) {
      for (String r : countable.keySet()) {
        h = h * 31 + s.countableFree(r);
      }
    }
    return mix(h);
  }

  /** Same usage, for two nodes of the same shape. */
  static boolean same(NodeState a, NodeState b) {
    if (a.cpuUsedMilli() != b.cpuUsedMilli() || a.memoryUsedBytes() != b.memoryUsedBytes()
        || a.podsUsed() != b.podsUsed()) {
      return false;
    }
    int n = a.deviceCount();
    for (int i = 0; i < n; i++) {
      if (a.usedMemoryMiB(i) != b.usedMemoryMiB(i) || a.usedCores(i) != b.usedCores(i) || a.tasks(i) != b.tasks(i)
          || a.exclusive(i) != b.exclusive(i)) {
        return false;
      }
    }
    int p = a.partitionCount();
    for (int q = 0; q < p; q++) {
      if (a.partitionFree(q) != b.partitionFree(q)) {
        return false;
      }
    }
    Map<String, Long> countable = a.inventory().countable();
    if (!countable.isEmpty()) {
      for (String r : countable.keySet()) {
        if (a.countableFree(r) != b.countableFree(r)) {
          return false;
        }
      }
    }
    return true;
  }

  static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
