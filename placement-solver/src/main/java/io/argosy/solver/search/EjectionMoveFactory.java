package io.argosy.solver.search;

import ai.timefold.solver.core.api.score.director.ScoreDirector;
import ai.timefold.solver.core.impl.heuristic.selector.move.factory.MoveIteratorFactory;
import io.argosy.solver.domain.GangAssignment;
import io.argosy.solver.domain.PlacementSolution;
import io.argosy.solver.problem.ClusterPacker;
import io.argosy.solver.problem.CompiledCluster;
import io.argosy.solver.problem.CompiledGang;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Builds {@link EjectionMove}s against the working solution: pick a gang (usually a pending one) and
 * one of its admitted clusters; if it does not fit there, evict the cheapest gangs that compete for
 * the same accelerators (priority-weighted demand, randomised) until it does; re-home each evicted
 * gang on the first of a few random other clusters where it fits.
 */
public final class EjectionMoveFactory implements MoveIteratorFactory<PlacementSolution, EjectionMove> {

  /** Most gangs evicted by one move. */
  static final int MAX_EVICTIONS = 6;
  /** Clusters tried when re-homing one evicted gang. */
  static final int REHOME_TRIES = 3;
  /** Attempts to find a target pair that can be made to fit before giving up on this move. */
  static final int ATTEMPTS = 4;

  @Override
  public long getSize(ScoreDirector<PlacementSolution> scoreDirector) {
    PlacementSolution s = scoreDirector.getWorkingSolution();
    return (long) s.getAssignments().size() * s.getClusters().size();
  }

  /** Every (pending gang, admitted cluster) pair in order, each made to fit by evicting the cheapest gangs. */
  @Override
  public Iterator<EjectionMove> createOriginalMoveIterator(ScoreDirector<PlacementSolution> scoreDirector) {
    PlacementSolution s = scoreDirector.getWorkingSolution();
    List<EjectionMove> moves = new ArrayList<>();
    Random fixed = new Random(0);
    for (GangAssignment a : s.getAssignments()) {
      if (a.getCluster() != null) {
        continue;
      }
      for (CompiledCluster c : s.getClusters()) {
        if (a.getGang().allowed(c.index())) {
          EjectionMove m = build(new View(s), a, c, fixed);
          if (m != null) {
            moves.add(m);
          }
        }
      }
    }
    return moves.iterator();
  }

  @Override
  public Iterator<EjectionMove> createRandomMoveIterator(ScoreDirector<PlacementSolution> scoreDirector, Random random) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return !scoreDirector.getWorkingSolution().getAssignments().isEmpty();
      }

      @Override
      public EjectionMove next() {
        PlacementSolution s = scoreDirector.getWorkingSolution();
        if (s.getAssignments().isEmpty()) {
          throw new NoSuchElementException();
        }
        View view = new View(s);
        EjectionMove fallback = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
          GangAssignment a = pickGang(view, random);
          CompiledCluster c = pickCluster(s, a, random);
          if (c == null) {
            continue;
          }
          EjectionMove m = build(view, a, c, random);
          if (m != null) {
            return m;
          }
          if (fallback == null) {
            fallback = new EjectionMove(List.of(a), singleTarget(c));
          }
        }
        if (fallback != null) {
          return fallback;
        }
        GangAssignment a = s.getAssignments().get(random.nextInt(s.getAssignments().size()));
        return new EjectionMove(List.of(a), singleTarget(null));
      }
    };
  }

  private static List<CompiledCluster> singleTarget(CompiledCluster c) {
    List<CompiledCluster> l = new ArrayList<>(1);
    l.add(c);
    return l;
  }

  /** Gangs per cluster and the pending ones, read from the working solution. */
  static final class View {
    final List<List<GangAssignment>> byCluster = new ArrayList<>();
    final List<GangAssignment> pending = new ArrayList<>();
    final List<GangAssignment> placed = new ArrayList<>();
    final List<CompiledCluster> clusters;

    View(PlacementSolution s) {
      clusters = s.getClusters();
      for (int c = 0; c < s.getClusters().size(); c++) {
        byCluster.add(new ArrayList<>());
      }
      for (GangAssignment a : s.getAssignments()) {
        if (a.getCluster() == null) {
          pending.add(a);
        } else {
          byCluster.get(a.getCluster().index()).add(a);
          placed.add(a);
        }
      }
    }
  }

  private static GangAssignment pickGang(View v, Random random) {
    if (!v.pending.isEmpty() && (v.placed.isEmpty() || random.nextInt(10) < 8)) {
      return v.pending.get(random.nextInt(v.pending.size()));
    }
    return v.placed.get(random.nextInt(v.placed.size()));
  }

  private static CompiledCluster pickCluster(PlacementSolution s, GangAssignment a, Random random) {
    List<CompiledCluster> options = new ArrayList<>();
    for (CompiledCluster c : s.getClusters()) {
      if (c != a.getCluster() && a.getGang().allowed(c.index())) {
        options.add(c);
      }
    }
    return options.isEmpty() ? null : options.get(random.nextInt(options.size()));
  }

  /** The move putting {@code a} on {@code c}, or null when evicting up to the limit does not make room. */
  static EjectionMove build(View view, GangAssignment a, CompiledCluster c, Random random) {
    CompiledGang gang = a.getGang();
    List<GangAssignment> members = new ArrayList<>(view.byCluster.get(c.index()));
    List<GangAssignment> candidates = new ArrayList<>();
    for (GangAssignment m : members) {
      if (gang.resourceMask() == 0 || (m.getGang().resourceMask() & gang.resourceMask()) != 0) {
        candidates.add(m);
      }
    }
    // cheapest first, with noise so repeated attempts explore different victims
    double[] noise = new double[candidates.size()];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = 0.5 + random.nextDouble();
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingDouble(i -> (candidates.get(i).getGang().weightedGpuMilli() + 1) * noise[i]));

    List<GangAssignment> evicted = new ArrayList<>();
    int next = 0;
    while (!fits(c, members, gang)) {
      if (evicted.size() == MAX_EVICTIONS || next == order.size()) {
        return null;
      }
      GangAssignment victim = candidates.get(order.get(next++));
      members.remove(victim);
      evicted.add(victim);
    }

    List<GangAssignment> entities = new ArrayList<>();
    List<CompiledCluster> targets = new ArrayList<>();
    entities.add(a);
    targets.add(c);
    // re-home the evicted gangs, most valuable first, onto clusters as they will be after this move
    List<List<GangAssignment>> added = new ArrayList<>();
    for (int i = 0; i < view.byCluster.size(); i++) {
      added.add(new ArrayList<>());
    }
    evicted.sort(Comparator.comparingLong((GangAssignment e) -> -e.getGang().weightedGpuMilli()));
    for (GangAssignment e : evicted) {
      CompiledCluster home = rehome(view, e, c, a, added, random);
      entities.add(e);
      targets.add(home);
      if (home != null) {
        added.get(home.index()).add(e);
      }
    }
    return new EjectionMove(entities, targets);
  }

  private static CompiledCluster rehome(
      View view, GangAssignment e, CompiledCluster from, GangAssignment incoming,
      List<List<GangAssignment>> added, Random random) {
    List<CompiledCluster> options = new ArrayList<>();
    for (CompiledCluster c : view.clusters) {
      if (c != from && e.getGang().allowed(c.index())) {
        options.add(c);
      }
    }
    for (int t = 0; t < REHOME_TRIES && !options.isEmpty(); t++) {
      CompiledCluster c = options.remove(random.nextInt(options.size()));
      List<GangAssignment> members = new ArrayList<>(view.byCluster.get(c.index()));
      members.remove(incoming);
      members.addAll(added.get(c.index()));
      if (fits(c, members, e.getGang())) {
        return c;
      }
    }
    return null;
  }

  /** True when {@code extra} plus {@code members} all fit {@code c}. */
  private static boolean fits(CompiledCluster c, List<GangAssignment> members, CompiledGang extra) {
    List<CompiledGang> gangs = new ArrayList<>(members.size() + 1);
    for (GangAssignment m : members) {
      gangs.add(m.getGang());
    }
    gangs.add(extra);
    gangs.sort(Comparator.comparingInt(CompiledGang::index));
    return ClusterPacker.pack(c, gangs).allFit();
  }
}
