package io.argosy.scheduler.preempt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Finds a small set of whole gangs whose eviction lets the preemptor fit, by asking a what-if
 * predicate (which places the preemptor tentatively with the victims released):
 *
 * <ol>
 *   <li>one victim alone, cheapest first — the fewest possible;
 *   <li>otherwise the cheapest prefix that makes it fit, then every victim that is not needed is put
 *       back, the most expensive first, so the set is minimal (no victim can be spared).
 * </ol>
 *
 * Returns null when even evicting every candidate would not make the preemptor fit: nothing is
 * evicted for a gang that would still not fit.
 */
public final class VictimSearch {
  private VictimSearch() {}

  /** Better sets first: fewer victims, then lower highest priority, then lower total priority, then newer. */
  public static final Comparator<List<Victim>> BETTER = Comparator.<List<Victim>>comparingInt(List::size)
      .thenComparingInt(VictimSearch::maxPriority)
      .thenComparingLong(VictimSearch::sumPriority)
      .thenComparing(VictimSearch::oldest, Comparator.reverseOrder());

  /** @param pool candidates sorted {@link Victim#CHEAPEST_FIRST} */
  public static List<Victim> find(List<Victim> pool, Predicate<List<Victim>> fitsWithout) {
    for (Victim v : pool) {
      if (fitsWithout.test(List.of(v))) {
        return List.of(v);
      }
    }
    List<Victim> set = new ArrayList<>();
    boolean fits = false;
    for (Victim v : pool) {
      set.add(v);
      if (set.size() > 1 && fitsWithout.test(set)) {
        fits = true;
        break;
      }
    }
    if (!fits) {
      return null;
    }
    for (int i = set.size() - 1; i >= 0 && set.size() > 1; i--) {
      List<Victim> without = new ArrayList<>(set);
      without.remove(i);
      if (fitsWithout.test(without)) {
        set = without;
      }
    }
    return Collections.unmodifiableList(set);
  }

  private static int maxPriority(List<Victim> vs) {
    int m = Integer.MIN_VALUE;
    for (Victim v : vs) {
      m = Math.max(m, v.priority());
    }
    return m;
  }

  private static long sumPriority(List<Victim> vs) {
    long s = 0;
    for (Victim v : vs) {
      s += v.priority();
    }
    return s;
  }

  private static java.time.Instant oldest(List<Victim> vs) {
    java.time.Instant t = java.time.Instant.MAX;
    for (Victim v : vs) {
      if (v.boundAt().isBefore(t)) {
        t = v.boundAt();
      }
    }
    return t;
  }
}
