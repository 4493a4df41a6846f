package io.argosy.solver.score;

import ai.timefold.solver.core.api.score.stream.uni.UniConstraintCollector;
import io.argosy.solver.domain.GangAssignment;
import io.argosy.solver.problem.CompiledCluster;
import io.argosy.solver.problem.CompiledGang;
import io.argosy.solver.problem.PackCache;
import java.util.Arrays;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Collects the gangs of one cluster group, kept sorted by queue order so the packing (and therefore
 * the score) depends only on which gangs are there, never on the order moves added them.
 */
final class ClusterLoadCollector implements UniConstraintCollector<GangAssignment, ClusterLoadCollector.Gangs, ClusterLoad> {

  static final ClusterLoadCollector INSTANCE = new ClusterLoadCollector();

  private ClusterLoadCollector() {}

  static final class Gangs {
    private CompiledCluster cluster;
    private PackCache cache;
    private CompiledGang[] items = new CompiledGang[8];
    private int size;

    Runnable add(GangAssignment a) {
      if (cache == null) {
        cluster = a.getCluster();
        cache = new PackCache(cluster);
      }
      CompiledGang g = a.getGang();
      int at = position(g.index());
      if (size == items.length) {
        items = Arrays.copyOf(items, size * 2);
      }
      System.arraycopy(items, at, items, at + 1, size - at);
      items[at] = g;
      size++;
      return () -> remove(g);
    }

    private void remove(CompiledGang g) {
      int at = position(g.index());
      System.arraycopy(items, at + 1, items, at, size - at - 1);
      items[--size] = null;
    }

    private int position(int index) {
      int lo = 0;
      int hi = size;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (items[mid].index() < index) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    ClusterLoad snapshot() {
      return new ClusterLoad(cluster, Arrays.copyOf(items, size), cache);
    }
  }

  @Override
  public Supplier<Gangs> supplier() {
    return Gangs::new;
  }

  @Override
  public BiFunction<Gangs, GangAssignment, Runnable> accumulator() {
    return Gangs::add;
  }

  @Override
  public Function<Gangs, ClusterLoad> finisher() {
    return Gangs::snapshot;
  }
}
