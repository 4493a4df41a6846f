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
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;

/**
 * Ejection moves: put one gang (usually a pending one) on one of its admitted clusters, evict what
 * stands in its way there, and re-home each evicted gang on another cluster where it fits, or leave
 * it pending. Packing follows queue order, so gangs queued after the newcomer that no longer fit are
 * the ones it pushes out; if the newcomer itself does not fit, the cheapest earlier gangs competing
 * for its accelerators go first (randomised), and those that fit again afterwards stay.
 */
public final class EjectionMoveFactory implements MoveIteratorFactory<PlacementSolution, RepackMove> {

  /** Most gangs evicted by one move. */
  static final int MAX_EVICTIONS = 6;
  /** Clusters tried when re-homing one evicted gang. */
  static final int REHOME_TRIES = 2;

  @Override
  public long getSize(ScoreDirector<PlacementSolution> scoreDirector) {
    PlacementSolution s = scoreDirector.getWorkingSolution();
    return (long) s.getAssignments().size() * s.getClusters().size();
  }

  /** Every (pending gang, admitted cluster) pair in order, victims taken cheapest first. */
  @Override
  public Iterator<RepackMove> createOriginalMoveIterator(ScoreDirector<PlacementSolution> scoreDirector) {
    PlacementSolution s = scoreDirector.getWorkingSolution();
    List<RepackMove> moves = new ArrayList<>();
    Random fixed = new Random(0);
    SolutionView view = new SolutionView(s);
    for (GangAssignment a : view.pending) {
      for (CompiledCluster c : s.getClusters()) {
        if (a.getGang().allowed(c.index())) {
          RepackMove m = build(view, a, c, fixed);
          if (m != null) {
            moves.add(m);
          }
        }
      }
    }
    return moves.iterator();
  }

  @Override
  public Iterator<RepackMove> createRandomMoveIterator(ScoreDirector<PlacementSolution> scoreDirector, Random random) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return !scoreDirector.getWorkingSolution().getAssignments().isEmpty();
      }

      @Override
      public RepackMove next() {
        PlacementSolution s = scoreDirector.getWorkingSolution();
        if (s.getAssignments().isEmpty()) {
          throw new NoSuchElementException();
        }
        SolutionView view = new SolutionView(s);
        GangAssignment a = pickGang(view, random);
        CompiledCluster c = pickCluster(s, a, random);
        RepackMove m = c == null ? null : build(view, a, c, random);
        if (m != null) {
          return m;
        }
        // no room to be made there: a plain change the forager will judge (and usually reject)
        List<CompiledCluster> target = new ArrayList<>(1);
        target.add(c);
        return new RepackMove("Ejection", List.of(a), target);
      }
    };
  }

  /** Usually a pending gang, drawn in proportion to its weighted demand (what placing it is worth). */
  private static GangAssignment pickGang(SolutionView v, Random random) {
    if (!v.pending.isEmpty() && (v.placed.isEmpty() || random.nextInt(10) < 8)) {
      return SolutionView.drawByValue(v.pending, random);
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
  static RepackMove build(SolutionView view, GangAssignment a, CompiledCluster c, Random random) {
    CompiledGang gang = a.getGang();
    List<CompiledGang> members = new ArrayList<>(view.byCluster.get(c.index()).size() + 1);
    for (GangAssignment m : view.byCluster.get(c.index())) {
      members.add(m.getGang());
    }
    SolutionView.insertByIndex(members, gang);
    Set<CompiledGang> misfits = new HashSet<>(ClusterPacker.misfits(c, members));
    List<CompiledGang> evicted = new ArrayList<>();
    if (misfits.contains(gang)) {
      List<CompiledGang> earlier = new ArrayList<>();
      for (CompiledGang m : members) {
        if (m.index() < gang.index() && !misfits.contains(m)
            && (gang.resourceMask() == 0 || (m.resourceMask() & gang.resourceMask()) != 0)) {
          earlier.add(m);
        }
      }
      double[] noise = new double[earlier.size()];
      for (int i = 0; i < noise.length; i++) {
        noise[i] = 0.5 + random.nextDouble();
      }
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < earlier.size(); i++) {
        order.add(i);
      }
      order.sort(Comparator.comparingDouble(i -> (earlier.get(i).weightedGpuMilli() + 1) * noise[i]));
      int next = 0;
      while (misfits.contains(gang)) {
        if (evicted.size() == MAX_EVICTIONS || next == order.size()) {
          return null;
        }
        CompiledGang victim = earlier.get(order.get(next++));
        members.remove(victim);
        evicted.add(victim);
        misfits = new HashSet<>(ClusterPacker.misfits(c, members));
      }
      // victims that fit again next to the newcomer stay: only the ones in its way leave
      for (int i = evicted.size() - 1; i >= 0 && evicted.size() > 1; i--) {
        CompiledGang v = evicted.get(i);
        List<CompiledGang> trial = new ArrayList<>(members);
        trial.removeAll(misfits);
        SolutionView.insertByIndex(trial, v);
        if (ClusterPacker.allFit(c, trial)) {
          members = trial;
          evicted.remove(i);
          misfits = new HashSet<>();
        }
      }
    }
    for (CompiledGang m : members) {
      if (m != gang && misfits.contains(m)) {
        evicted.add(m);
      }
    }
    if (evicted.size() > MAX_EVICTIONS) {
      return null;
    }

    List<GangAssignment> entities = new ArrayList<>();
    List<CompiledCluster> targets = new ArrayList<>();
    entities.add(a);
    targets.add(c);
    List<List<CompiledGang>> arriving = view.emptyArrivals();
    evicted.sort(Comparator.comparingLong((CompiledGang e) -> -e.weightedGpuMilli()));
    for (CompiledGang e : evicted) {
      CompiledCluster home = view.rehome(e, c, a, arriving, REHOME_TRIES, random);
      entities.add(view.assignment(e));
      targets.add(home);
      if (home != null) {
        arriving.get(home.index()).add(e);
      }
    }
    return new RepackMove("Ejection", entities, targets);
  }
}
