package io.argosy.solver.search;

import ai.timefold.solver.core.api.score.director.ScoreDirector;
import ai.timefold.solver.core.impl.heuristic.selector.move.factory.MoveIteratorFactory;
import io.argosy.solver.domain.GangAssignment;
import io.argosy.solver.domain.PlacementSolution;
import io.argosy.solver.packing.PackState;
import io.argosy.solver.problem.ClusterPacker;
import io.argosy.solver.problem.CompiledCluster;
import io.argosy.solver.problem.CompiledGang;
import io.argosy.solver.problem.CompiledQueue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;

/**
 * Large-neighbourhood moves that re-choose the gangs of one or two clusters (sometimes all of them):
 * take the gangs there plus the pending gangs admitted there, and fill the clusters afresh in a
 * randomised value order (weight × GPU demand^alpha with a random alpha in [0, 1], and noise),
 * within queue quota. Gangs that drop
 * out are re-homed on another cluster where they fit, if one of a few random tries finds one. This
 * is where a whole-set search beats queue order: the queue releases small gangs before a larger one
 * of the same priority that would have used the cluster better.
 */
public final class ClusterRepackMoveFactory implements MoveIteratorFactory<PlacementSolution, RepackMove> {

  static final int REHOME_TRIES = 2;
  static final int MAX_REHOMED = 3;
  private static final int ATTEMPTS = 3;
  /** Share of moves that re-choose the whole fleet: a randomised greedy rebuild, large but costly. */
  static final double WHOLE_FLEET = 0.1;

  @Override
  public long getSize(ScoreDirector<PlacementSolution> scoreDirector) {
    return scoreDirector.getWorkingSolution().getClusters().size();
  }

  /** One repack per cluster in order, with value order and no noise. */
  @Override
  public Iterator<RepackMove> createOriginalMoveIterator(ScoreDirector<PlacementSolution> scoreDirector) {
    PlacementSolution s = scoreDirector.getWorkingSolution();
    List<RepackMove> moves = new ArrayList<>();
    Random fixed = new Random(0);
    for (CompiledCluster c : s.getClusters()) {
      RepackMove m = build(new SolutionView(s), c, fixed, false);
      if (m != null) {
        moves.add(m);
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
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
          List<CompiledCluster> region = new ArrayList<>(2);
          int n = s.getClusters().size();
          double r = random.nextDouble();
          if (r < WHOLE_FLEET) {
            region.addAll(s.getClusters());
          } else {
            CompiledCluster first = view.drawClusterByPendingValue(random);
            region.add(first);
            if (n > 1 && r < WHOLE_FLEET + (1 - WHOLE_FLEET) / 2) {
              region.add(s.getClusters().get((first.index() + 1 + random.nextInt(n - 1)) % n));
            }
          }
          RepackMove m = build(view, region, random, true);
          if (m != null) {
            return m;
          }
        }
        // nothing to re-choose anywhere we looked: a harmless single change the forager will judge
        GangAssignment a = s.getAssignments().get(random.nextInt(s.getAssignments().size()));
        List<CompiledCluster> target = new ArrayList<>(1);
        target.add(null);
        return new RepackMove("ClusterRepack", List.of(a), target);
      }
    };
  }

  static RepackMove build(SolutionView view, CompiledCluster c, Random random, boolean noise) {
    return build(view, List.of(c), random, noise);
  }

  /**
   * Re-chooses the gangs of {@code region} (one or two clusters): its current gangs and the pending
   * gangs admitted on any of its clusters, filled in value order, each onto the first cluster of the
   * region where it fits (its current one first, then by affinity rank).
   */
  static RepackMove build(SolutionView view, List<CompiledCluster> region, Random random, boolean noise) {
    Set<CompiledCluster> inRegion = new HashSet<>(region);
    List<GangAssignment> current = new ArrayList<>();
    for (CompiledCluster c : region) {
      current.addAll(view.byCluster.get(c.index()));
    }
    List<GangAssignment> candidates = new ArrayList<>(current);
    for (GangAssignment p : view.pending) {
      for (CompiledCluster c : region) {
        if (p.getGang().allowed(c.index())) {
          candidates.add(p);
          break;
        }
      }
    }
    if (candidates.size() == current.size() && region.size() == 1) {
      return null;
    }
    // value order weight × gpu^alpha: alpha 0 is density order (priority first, the fractional
    // knapsack optimum), alpha 1 value order (what lets a big gang displace smaller ones)
    double alpha = noise ? random.nextDouble() : 0.0;
    Map<GangAssignment, Double> key = new HashMap<>();
    for (GangAssignment a : candidates) {
      double size = Math.max(1, a.getGang().gpuMilli()) * (noise ? 0.8 + 0.4 * random.nextDouble() : 1.0);
      key.put(a, a.getGang().weight() * Math.pow(size, alpha) + (alpha == 0 ? size * 1e-9 : 0));
    }
    candidates.sort(Comparator.comparingDouble((GangAssignment a) -> -key.get(a))
        .thenComparingInt(a -> a.getGang().index()));

    Map<CompiledQueue, long[]> usage = view.usageCopy();
    for (GangAssignment a : current) {
      SolutionView.charge(usage, a.getGang(), -1);
    }
    Map<CompiledCluster, PackState> states = new HashMap<>();
    Map<CompiledCluster, List<CompiledGang>> chosen = new HashMap<>();
    for (CompiledCluster c : region) {
      states.put(c, c.initialState());
      chosen.put(c, new ArrayList<>());
    }
    for (GangAssignment a : candidates) {
      CompiledGang g = a.getGang();
      if (!SolutionView.withinQuota(usage, g)) {
        continue;
      }
      for (CompiledCluster c : preference(g, a.getCluster(), region)) {
        if (states.get(c).placeGang(g.shapes(), g.podCounts(), g.policyOn(c))) {
          SolutionView.charge(usage, g, 1);
          SolutionView.insertByIndex(chosen.get(c), g);
          break;
        }
      }
    }
    // the score packs in queue order: drop what does not fit that way (it leaves no trace)
    Map<CompiledGang, CompiledCluster> placedOn = new HashMap<>();
    for (CompiledCluster c : region) {
      List<CompiledGang> list = chosen.get(c);
      list.removeAll(new HashSet<>(ClusterPacker.misfits(c, list)));
      for (CompiledGang g : list) {
        placedOn.put(g, c);
      }
    }

    List<GangAssignment> entities = new ArrayList<>();
    List<CompiledCluster> targets = new ArrayList<>();
    List<CompiledGang> dropped = new ArrayList<>();
    for (GangAssignment a : current) {
      CompiledCluster to = placedOn.get(a.getGang());
      if (to == null) {
        dropped.add(a.getGang());
      } else if (to != a.getCluster()) {
        entities.add(a);
        targets.add(to);
      }
    }
    for (Map.Entry<CompiledGang, CompiledCluster> e : placedOn.entrySet()) {
      GangAssignment a = view.assignment(e.getKey());
      if (a.getCluster() == null) {
        entities.add(a);
        targets.add(e.getValue());
      }
    }
    if (entities.isEmpty() && dropped.isEmpty()) {
      return null;
    }
    dropped.sort(Comparator.comparingLong((CompiledGang g) -> -g.weightedGpuMilli()));
    List<List<CompiledGang>> arriving = view.emptyArrivals();
    for (int i = 0; i < dropped.size(); i++) {
      CompiledGang g = dropped.get(i);
      CompiledCluster home = null;
      if (i < MAX_REHOMED && SolutionView.withinQuota(usage, g)) {
        home = view.rehome(g, inRegion, arriving, REHOME_TRIES, random);
      }
      if (home != null) {
        arriving.get(home.index()).add(g);
        SolutionView.charge(usage, g, 1);
      }
      entities.add(view.assignment(g));
      targets.add(home);
    }
    // entity order must not depend on hash order: reproducible moves need a stable order
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < entities.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingInt(i -> entities.get(i).getGang().index()));
    List<GangAssignment> sortedEntities = new ArrayList<>();
    List<CompiledCluster> sortedTargets = new ArrayList<>();
    for (int i : order) {
      sortedEntities.add(entities.get(i));
      sortedTargets.add(targets.get(i));
    }
    return new RepackMove("ClusterRepack", sortedEntities, sortedTargets);
  }

  /** The region's clusters admitting {@code g}: its current one first, then by affinity rank, then index. */
  private static List<CompiledCluster> preference(CompiledGang g, CompiledCluster current, List<CompiledCluster> region) {
    List<CompiledCluster> out = new ArrayList<>();
    for (CompiledCluster c : region) {
      if (g.allowed(c.index())) {
        out.add(c);
      }
    }
    out.sort(Comparator.comparingInt((CompiledCluster c) -> c == current ? -1 : g.ranks()[c.index()])
        .thenComparingInt(CompiledCluster::index));
    return out;
  }
}
