package io.argosy.solver.model;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Default mapping from PriorityClass values to objective weights. Raw priority values are unfit as
 * weights (they run from negative to 2e9), so the distinct priorities of one cycle are ranked: the
 * lowest gets weight 1, the next 2, and so on. One GPU of a higher priority is then always worth
 * more than one GPU of a lower one, yet a much larger lower-priority gang can still win the GPUs.
 */
public final class PriorityWeights {

  private PriorityWeights() {}

  public static Map<Integer, Long> denseRanks(Collection<Integer> priorities) {
    Map<Integer, Long> out = new TreeMap<>();
    long w = 1;
    for (int p : new TreeSet<>(priorities)) {
      out.put(p, w++);
    }
    return out;
  }
}
