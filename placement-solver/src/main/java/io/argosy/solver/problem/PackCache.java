package io.argosy.solver.problem;

import io.argosy.solver.packing.PackState;

/**
 * Remembers the last two packings of one cluster with a checkpoint before every gang, so that a
 * new gang list resumes from the longest common prefix instead of packing from scratch. Two entries
 * because Timefold evaluates a move and then undoes it: the undo asks for the packing before the
 * move, which is still here. Single-threaded, like the score director that owns it.
 */
public final class PackCache {

  private final CompiledCluster cluster;
  private final Entry[] entries = new Entry[2];
  private int lastWritten = 1;

  public PackCache(CompiledCluster cluster) {
    this.cluster = cluster;
  }

  private static final class Entry {
    final CompiledGang[] gangs;
    /** checkpoints[i]: state before gang i; checkpoints[n]: final state. */
    final PackState[] checkpoints;
    /** unplaced pods and gangs before gang i. */
    final int[] unplacedPods;
    final int[] unplacedGangs;
    ClusterPacker.Packing result;

    Entry(int n) {
      gangs = new CompiledGang[n];
      checkpoints = new PackState[n + 1];
      unplacedPods = new int[n + 1];
      unplacedGangs = new int[n + 1];
    }
  }

  /** The packing of {@code gangs} (sorted by index), reusing what the cache holds. */
  public ClusterPacker.Packing pack(CompiledGang[] gangs) {
    int bestPrefix = -1;
    Entry best = null;
    for (Entry e : entries) {
      if (e == null) {
        continue;
      }
      int p = commonPrefix(e.gangs, gangs);
      if (p == gangs.length && p == e.gangs.length) {
        return e.result;
      }
      if (p > bestPrefix) {
        bestPrefix = p;
        best = e;
      }
    }
    Entry fresh = new Entry(gangs.length);
    int start = 0;
    if (best != null) {
      start = bestPrefix;
      System.arraycopy(best.checkpoints, 0, fresh.checkpoints, 0, start + 1);
      System.arraycopy(best.unplacedPods, 0, fresh.unplacedPods, 0, start + 1);
      System.arraycopy(best.unplacedGangs, 0, fresh.unplacedGangs, 0, start + 1);
    } else {
      fresh.checkpoints[0] = cluster.initialState();
    }
    System.arraycopy(gangs, 0, fresh.gangs, 0, gangs.length);
    PackState state = fresh.checkpoints[start].copy();
    int pods = fresh.unplacedPods[start];
    int misfits = fresh.unplacedGangs[start];
    for (int i = start; i < gangs.length; i++) {
      CompiledGang g = gangs[i];
      if (!state.placeGang(g.shapes(), g.podCounts(), g.policyOn(cluster))) {
        pods += g.podCount();
        misfits++;
      }
      // checkpoints are shared between entries, so each one is a state nobody mutates again
      fresh.checkpoints[i + 1] = i + 1 < gangs.length ? state.copy() : state;
      fresh.unplacedPods[i + 1] = pods;
      fresh.unplacedGangs[i + 1] = misfits;
    }
    PackState last = fresh.checkpoints[gangs.length];
    fresh.result = new ClusterPacker.Packing(pods, misfits, last.fragmentation(cluster.measure()), last);
    lastWritten = 1 - lastWritten;
    entries[lastWritten] = fresh;
    return fresh.result;
  }

  private static int commonPrefix(CompiledGang[] a, CompiledGang[] b) {
    int n = Math.min(a.length, b.length);
    int i = 0;
    while (i < n && a[i] == b[i]) {
      i++;
    }
    return i;
  }
}
