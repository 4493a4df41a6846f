package io.argosy.scheduler.cycle;

import io.argosy.queue.placement.ClusterAffinity;
import io.argosy.queue.placement.ClusterAffinityTerm;
import io.argosy.queue.placement.Placement;
import io.argosy.queue.placement.ReplicaScheduling;
import io.argosy.queue.placement.SpreadConstraint;
import io.argosy.queue.placement.StaticClusterWeight;
import io.argosy.scheduler.fleet.ClusterState;
import io.argosy.scheduler.fleet.GangBinding;
import io.argosy.scheduler.fleet.PodPlacement;
import io.argosy.scheduler.framework.ClusterChooser;
import io.argosy.scheduler.framework.ClusterFilter;
import io.argosy.scheduler.framework.GangSpec;
import io.argosy.scheduler.framework.Permit;
import io.argosy.scheduler.framework.TaskSpec;
import io.argosy.scheduler.reasons.ClusterFailure;
import io.argosy.scheduler.reasons.PendingReasons.Labelled;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;

/**
 * Volcano's allocate action for one gang: filter clusters per affinity term (Karmada's ordered
 * {@code clusterAffinities}: a later term only when no cluster of the earlier ones can take the
 * gang), let the chooser order them, place the gang in the first few that can take it and keep the
 * best, or divide it across clusters when its placement divides replicas. Permits run on every
 * tentative placement.
 */
final class AllocateAction {
  private final Session s;
  private final GangPlacer placer;

  AllocateAction(Session s, GangPlacer placer) {
    this.s = s;
    this.placer = placer;
  }

  /** The clusters of one affinity term that passed every cluster filter. */
  record Term(String prefix, ClusterAffinity affinity, List<ClusterState> candidates) {}

  /** A placement held in the cycle's trial: one binding per cluster used (ids are given at commit). */
  record Chosen(List<GangBinding> bindings) {
    int pods() {
      int n = 0;
      for (GangBinding b : bindings) {
        n += b.pods().size();
      }
      return n;
    }
  }

  // ================================================================== cluster filtering

  /** Every affinity term with its candidate clusters; the clusters filtered out go to {@code failures}. */
  List<Term> terms(GangSpec g, List<Labelled> failures) {
    Placement p = g.job().placement();
    List<ClusterAffinityTerm> named = p.clusterAffinities();
    int count = named.isEmpty() ? 1 : named.size();
    String[][] cache = s.placementVerdicts.get(p);
    if (cache == null) {
      cache = new String[count][];
      s.placementVerdicts.put(p, cache);
    }
    List<Term> out = new ArrayList<>(count);
    boolean unchanged = true;
    for (int t = 0; t < count; t++) {
      ClusterAffinity affinity = named.isEmpty() ? p.clusterAffinity() : named.get(t).affinity();
      String prefix = named.size() > 1 ? "affinity " + named.get(t).affinityName() + ": " : "";
      if (cache[t] == null) {
        cache[t] = placementVerdicts(g, affinity);
      }
      List<ClusterState> candidates = candidates(g, affinity, cache[t], prefix, failures);
      unchanged &= candidates == s.placementPassing(cache[t]);
      out.add(new Term(prefix, affinity, candidates));
    }
    if (unchanged) {
      // every job of this placement whose own filters pass shares one list of terms
      List<Term> shared = s.sharedTerms.putIfAbsent(p, out);
      return shared == null ? out : shared;
    }
    return out;
  }

  private String[] placementVerdicts(GangSpec g, ClusterAffinity affinity) {
    String[] v = new String[s.clusters.size()];
    for (int i = 0; i < v.length; i++) {
      ClusterState c = s.clusters.get(i);
      for (ClusterFilter f : s.profile.clusterFilters()) {
        if (f.placementOnly()) {
          String why = f.filter(s, g, affinity, c);
          if (why != null) {
            v[i] = why;
            break;
          }
        }
      }
    }
    return v;
  }

  private List<ClusterState> candidates(
      GangSpec g, ClusterAffinity affinity, String[] verdicts, String prefix, List<Labelled> failures) {
    List<ClusterFilter> filters = gangFilters(g);
    List<ClusterState> passing = s.placementPassing(verdicts);
    List<ClusterState> out = null;
    for (int i = 0; !filters.isEmpty() && i < passing.size(); i++) {
      ClusterState c = passing.get(i);
      String why = null;
      for (int f = 0; why == null && f < filters.size(); f++) {
        why = filters.get(f).filter(s, g, affinity, c);
      }
      if (why != null) {
        if (out == null) {
          out = new ArrayList<>(passing.subList(0, i));
        }
        if (failures != null) {
          failures.add(new Labelled(prefix, ClusterFailure.policy(c.name(), why)));
        }
      } else if (out != null) {
        out.add(c);
      }
    }
    if (failures != null) {
      for (int i = 0; i < verdicts.length; i++) {
        if (verdicts[i] != null) {
          failures.add(new Labelled(prefix, ClusterFailure.policy(s.clusters.get(i).name(), verdicts[i])));
        }
      }
    }
    return out == null ? passing : out;
  }

  /** The job-specific cluster filters that may refuse some cluster for this gang, in profile order. */
  private List<ClusterFilter> gangFilters(GangSpec g) {
    List<ClusterFilter> all = s.profile.clusterFilters();
    List<ClusterFilter> out = null;
    for (int f = 0; f < all.size(); f++) {
      ClusterFilter cf = all.get(f);
      if (!cf.placementOnly() && cf.mayRefuse(s, g)) {
        if (out == null) {
          out = new ArrayList<>(all.size());
        }
        out.add(cf);
      }
    }
    return out == null ? List.of() : out;
  }

  // ================================================================== allocate

  /** Places the gang by the terms in order; null when no cluster (or division) can take it. */
  Chosen allocate(GangSpec g, List<Term> terms, List<Labelled> failures) {
    for (Term t : terms) {
      if (t.candidates().isEmpty()) {
        continue;
      }
      Chosen c = best(g, t.candidates(), t.prefix(), failures);
      if (c != null) {
        return c;
      }
      if (g.job().placement().allowsDivision() && t.candidates().size() > 1) {
        c = divide(g, t, failures);
        if (c != null) {
          return c;
        }
      }
    }
    return null;
  }

  /**
   * The chooser's order; places the gang in up to {@code compare} clusters that can take it and keeps
   * the best mean pod score (the trial holds it on return).
   */
  Chosen best(GangSpec g, List<ClusterState> candidates, String prefix, List<Labelled> failures) {
    ClusterChooser chooser = s.profile.chooser();
    List<ClusterState> ordered = chooser.order(s, g, candidates);
    int compare = Math.max(1, chooser.compare(s, g));
    int shape = -1;
    ClusterState bestCluster = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    int found = 0;
    for (int i = 0; i < ordered.size() && found < compare; i++) {
      ClusterState c = ordered.get(i);
      if (shape < 0 && s.mayKnowFailures(c)) {
        shape = s.shapeId(g);
      }
      ClusterFailure known = shape < 0 ? null : s.knownFailure(c, shape);
      if (known != null) {
        add(failures, prefix, known);
        continue;
      }
      Placed p = placeAndPermit(g, c, shape, prefix, failures);
      if (p == null) {
        continue;
      }
      found++;
      boolean last = found == compare || i == ordered.size() - 1;
      boolean better = bestCluster == null || p.score > bestScore;
      if (last && better) {
        return p.chosen;
      }
      if (better) {
        bestCluster = c;
        bestScore = p.score;
      }
      s.trial.undoTo(p.mark);
    }
    if (bestCluster == null) {
      return null;
    }
    Placed again = placeAndPermit(g, bestCluster, shape, prefix, failures);
    if (again == null) {
      throw new IllegalStateException("placement in cluster " + bestCluster.name() + " is not reproducible");
    }
    return again.chosen;
  }

  private record Placed(Chosen chosen, double score, int mark) {}

  /** Places the gang in one cluster and runs the permits; an elastic gang drops its optional pods if they are refused. */
  private Placed placeAndPermit(GangSpec g, ClusterState c, int shape, String prefix, List<Labelled> failures) {
    GangPlacer.Attempt a = placer.place(g, c);
    if (!a.placed()) {
      s.rememberFailure(c, s.shapeId(g), a.failure);
      add(failures, prefix, a.failure);
      return null;
    }
    List<PodPlacement> pods = a.pods;
    List<GangBinding> bs = List.of(provisional(g, c, pods));
    String veto = permit(g, bs);
    if (veto != null && pods.size() > g.mandatoryPods()) {
      s.trial.undoTo(a.mark + g.mandatoryPods());
      pods = pods.subList(0, g.mandatoryPods());
      bs = List.of(provisional(g, c, pods));
      veto = permit(g, bs);
    }
    if (veto != null) {
      s.trial.undoTo(a.mark);
      add(failures, prefix, ClusterFailure.policy(c.name(), veto));
      return null;
    }
    return new Placed(new Chosen(bs), a.meanScore(), a.mark);
  }

  String permit(GangSpec g, List<GangBinding> placed) {
    for (Permit p : s.profile.permits()) {
      String veto = p.permit(s, g, placed);
      if (veto != null) {
        return veto;
      }
    }
    return null;
  }

  static GangBinding provisional(GangSpec g, ClusterState c, List<PodPlacement> pods) {
    return new GangBinding("", g.job().id(), c.name(), pods);
  }

  private static void add(List<Labelled> failures, String prefix, ClusterFailure f) {
    if (failures != null) {
      failures.add(new Labelled(prefix, f));
    }
  }

  // ================================================================== division across clusters

  /**
   * Karmada's Divided replica scheduling for a gang no single cluster can take: static weights split
   * the pods by weight and every share must fit; otherwise (Aggregated, dynamic AvailableReplicas)
   * clusters that can take the most pods are filled first, in as few clusters as possible and at most
   * {@code maxGroups} of a {@code cluster} spread constraint. Each part is all or nothing with the
   * rest: the gang's mandatory pods must all be placed.
   */
  private Chosen divide(GangSpec g, Term term, List<Labelled> failures) {
    List<GangPlacer.PodRef> all = podOrder(g);
    ReplicaScheduling rs = g.job().placement().replicaScheduling();
    List<ClusterState> clusters = new ArrayList<>(term.candidates());
    clusters.sort(Comparator.comparing(ClusterState::name));
    int mark = s.trial.size();
    List<GangBinding> parts = new ArrayList<>();
    boolean weighted = rs.divisionPreference() == ReplicaScheduling.DivisionPreference.Weighted
        && !rs.staticWeights().isEmpty() && rs.dynamicWeight() == null;
    String failure;
    if (weighted) {
      failure = divideByWeight(g, clusters, all, rs.staticWeights(), parts);
    } else {
      failure = divideAggregated(g, clusters, all, maxGroups(g), parts);
    }
    if (failure == null) {
      failure = checkDivision(g, parts);
    }
    if (failure == null) {
      String veto = permit(g, parts);
      if (veto == null) {
        return new Chosen(parts);
      }
      failure = veto;
    }
    s.trial.undoTo(mark);
    String names = String.join(", ", clusters.stream().map(ClusterState::name).toList());
    add(failures, term.prefix(), ClusterFailure.capacity(names, "divided placement: " + failure));
    return null;
  }

  private String divideByWeight(GangSpec g, List<ClusterState> clusters, List<GangPlacer.PodRef> all,
      List<StaticClusterWeight> weights, List<GangBinding> parts) {
    long[] w = new long[clusters.size()];
    long sum = 0;
    for (int i = 0; i < w.length; i++) {
      ClusterState c = clusters.get(i);
      for (StaticClusterWeight sw : weights) {
        if (sw.targetCluster().matches(c.name(), c.labels(), c.fields())) {
          w[i] = sw.weight();
          break;
        }
      }
      sum += w[i];
    }
    if (sum <= 0) {
      return "no candidate cluster has a static weight";
    }
    int[] share = shares(all.size(), w, clusters);
    int next = 0;
    for (int i = 0; i < clusters.size(); i++) {
      if (share[i] == 0) {
        continue;
      }
      List<GangPlacer.PodRef> mine = all.subList(next, next + share[i]);
      next += share[i];
      GangPlacer.Attempt a = placer.placeSome(g, clusters.get(i), mine, mine.size());
      if (a.pods.size() < mine.size()) {
        return "cluster " + clusters.get(i).name() + " takes " + a.pods.size() + " of its " + mine.size()
            + " weighted pods";
      }
      parts.add(provisional(g, clusters.get(i), a.pods));
    }
    return null;
  }

  /** Karmada's static weight division: floor of the proportional share, remainders to the heaviest, then by name. */
  static int[] shares(int total, long[] weights, List<ClusterState> clusters) {
    long sum = 0;
    for (long x : weights) {
      sum += x;
    }
    int[] out = new int[weights.length];
    int given = 0;
    for (int i = 0; i < weights.length; i++) {
      out[i] = (int) (total * weights[i] / sum);
      given += out[i];
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] > 0) {
        order.add(i);
      }
    }
    order.sort((a, b) -> weights[a] != weights[b] ? Long.compare(weights[b], weights[a])
        : clusters.get(a).name().compareTo(clusters.get(b).name()));
    for (int k = 0; given < total && !order.isEmpty(); k = (k + 1) % order.size()) {
      out[order.get(k)]++;
      given++;
    }
    return out;
  }

  private String divideAggregated(GangSpec g, List<ClusterState> clusters, List<GangPlacer.PodRef> all,
      int maxGroups, List<GangBinding> parts) {
    // how many pods each cluster could take alone (Karmada's available replicas)
    int[] available = new int[clusters.size()];
    for (int i = 0; i < clusters.size(); i++) {
      GangPlacer.Attempt a = placer.placeSome(g, clusters.get(i), all, all.size());
      available[i] = a.pods.size();
      s.trial.undoTo(a.mark);
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < clusters.size(); i++) {
      if (available[i] > 0) {
        order.add(i);
      }
    }
    order.sort((a, b) -> available[a] != available[b] ? Integer.compare(available[b], available[a])
        : clusters.get(a).name().compareTo(clusters.get(b).name()));
    List<GangPlacer.PodRef> remaining = new ArrayList<>(all);
    for (int i = 0; i < order.size() && !remaining.isEmpty() && parts.size() < maxGroups; i++) {
      ClusterState c = clusters.get(order.get(i));
      GangPlacer.Attempt a = placer.placeSome(g, c, remaining, remaining.size());
      if (a.pods.isEmpty()) {
        continue;
      }
      remaining.removeAll(new HashSet<>(a.refs));
      parts.add(provisional(g, c, a.pods));
    }
    return null;
  }

  /** Every task has its mandatory pods, the job its minAvailable, and the spread's minGroups is met. */
  private String checkDivision(GangSpec g, List<GangBinding> parts) {
    int placed = 0;
    for (TaskSpec t : g.tasks()) {
      int n = 0;
      for (GangBinding b : parts) {
        for (PodPlacement p : b.pods()) {
          if (p.task().equals(t.name())) {
            n++;
          }
        }
      }
      if (n < t.mandatory()) {
        return n + " of task " + t.name() + "'s " + t.mandatory() + " mandatory pods fit across the clusters";
      }
      placed += n;
    }
    if (placed < g.mandatoryPods()) {
      return placed + " of " + g.mandatoryPods() + " mandatory pods fit across the clusters";
    }
    int minGroups = 0;
    for (SpreadConstraint sc : g.job().placement().spreadConstraints()) {
      if ("cluster".equals(sc.spreadByField())) {
        minGroups = Math.max(minGroups, sc.minGroups());
      }
    }
    if (parts.size() < minGroups) {
      return "spread over " + parts.size() + " clusters, below minGroups " + minGroups;
    }
    return null;
  }

  private static int maxGroups(GangSpec g) {
    int max = Integer.MAX_VALUE;
    for (SpreadConstraint sc : g.job().placement().spreadConstraints()) {
      if ("cluster".equals(sc.spreadByField()) && sc.maxGroups() > 0) {
        max = Math.min(max, sc.maxGroups());
      }
    }
    return max;
  }

  /** Mandatory pods of every task first, then the optional ones, task by task. */
  static List<GangPlacer.PodRef> podOrder(GangSpec g) {
    List<GangPlacer.PodRef> out = new ArrayList<>(g.totalPods());
    List<TaskSpec> ts = g.tasks();
    for (int t = 0; t < ts.size(); t++) {
      for (int i = 0; i < ts.get(t).mandatory(); i++) {
        out.add(new GangPlacer.PodRef(t, i));
      }
    }
    for (int t = 0; t < ts.size(); t++) {
      for (int i = ts.get(t).mandatory(); i < ts.get(t).replicas(); i++) {
        out.add(new GangPlacer.PodRef(t, i));
      }
    }
    return out;
  }
}
