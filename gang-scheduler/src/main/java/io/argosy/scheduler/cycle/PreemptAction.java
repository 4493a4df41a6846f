package io.argosy.scheduler.cycle;

import io.argosy.queue.JobStatus;
import io.argosy.queue.job.Job;
import io.argosy.queue.job.JobState;
import io.argosy.queue.quota.QuotaLedger;
import io.argosy.queue.quota.ResourceVector;
import io.argosy.scheduler.fleet.ClusterState;
import io.argosy.scheduler.fleet.PlacedGang;
import io.argosy.scheduler.framework.GangSpec;
import io.argosy.scheduler.preempt.Preemption;
import io.argosy.scheduler.preempt.Victim;
import io.argosy.scheduler.preempt.VictimSearch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Volcano's preempt and reclaim actions for a gang that allocate could not place:
 *
 * <ul>
 *   <li>PREEMPT: victims are preemptible gangs of the same queue with a lower priority (Volcano
 *       preempts within a queue; across queues capacity moves only through reclaim, so a queue's
 *       guarantee is never taken by someone else's priority);
 *   <li>RECLAIM: the gang's queue stays within its deserved share after admitting it, and victims
 *       are preemptible gangs of other reclaimable queues that are above their deserved share, taken
 *       only while their queue still borrows a resource the gang needs.
 * </ul>
 *
 * Victims are whole gangs (every pod in every cluster). Per candidate cluster the smallest set that
 * lets the gang fit is found on the trial ({@link VictimSearch}); the best set over the clusters of
 * the first affinity term that has one is evicted and the gang placed. Nothing is evicted when no
 * set makes the gang fit.
 */
final class PreemptAction {
  private final Session s;
  private final GangPlacer placer;
  private final AllocateAction allocate;
  /** "nothing to preempt for this gang shape" per (kind, shape, priority, queue), valid while the fleet is unchanged. */
  private final Map<String, Long> fruitless = new HashMap<>();

  PreemptAction(Session s, GangPlacer placer, AllocateAction allocate) {
    this.s = s;
    this.placer = placer;
    this.allocate = allocate;
  }

  /**
   * Evicts victims and places the gang, or returns null having changed nothing.
   *
   * @param quotaBlocked the gang's queue has no quota left for it: only victims of its own queue free it
   */
  AllocateAction.Chosen run(GangSpec g, List<AllocateAction.Term> terms, Preemption.Kind kind, boolean quotaBlocked,
      List<Preemption> out) {
    Job job = g.job();
    QuotaLedger ledger = s.ledger();
    if (kind == Preemption.Kind.RECLAIM && !ledger.mayReclaim(job.queue(), g.mandatoryDemand()).allowed()) {
      return null;
    }
    String key = kind + "/" + s.shapeId(g) + "/" + job.priority() + "/" + job.queue() + "/" + quotaBlocked;
    Long at = fruitless.get(key);
    if (at != null && at == s.fleet.version()) {
      return null;
    }
    // reclaim: which queues borrow what the gang needs (the ledger does not change during one search)
    java.util.Set<String> lenders = kind == Preemption.Kind.RECLAIM ? lenders(g) : null;
    if (lenders != null && lenders.isEmpty()) {
      fruitless.put(key, s.fleet.version()); // no cluster has a victim to reclaim
      return null;
    }
    for (AllocateAction.Term t : terms) {
      List<Victim> bestSet = null;
      ClusterState bestCluster = null;
      for (ClusterState c : t.candidates()) {
        if (!placer.mayFitEmpty(g, c)) {
          continue; // a pod of the gang fits no node of the cluster even empty: no victim set helps
        }
        List<Victim> pool = pool(g, c, kind, lenders);
        if (pool.isEmpty()) {
          continue;
        }
        List<Victim> set = VictimSearch.find(pool, vs -> fitsWithout(g, c, vs, kind, quotaBlocked));
        if (set != null && (bestSet == null || VictimSearch.BETTER.compare(set, bestSet) < 0)) {
          bestSet = set;
          bestCluster = c;
        }
      }
      if (bestSet != null) {
        evict(bestSet, g, kind, bestCluster, out);
        AllocateAction.Chosen placed = allocate.best(g, List.of(bestCluster), t.prefix(), null);
        if (placed == null) {
          throw new IllegalStateException("preemptor " + job.id() + " does not fit cluster " + bestCluster.name()
              + " after the eviction that the what-if allowed");
        }
        return placed;
      }
    }
    fruitless.put(key, s.fleet.version());
    return null;
  }

  /**
   * Candidate victims with pods in the cluster, cheapest first, at most {@code maxVictimCandidates}.
   * {@code lenders}: for reclaim, the queues other than the gang's that still borrow something it needs.
   */
  private List<Victim> pool(GangSpec g, ClusterState c, Preemption.Kind kind, java.util.Set<String> lenders) {
    Job job = g.job();
    int limit = s.config.maxVictimCandidates();
    List<Victim> out = new ArrayList<>();
    // the session keeps them cheapest first (a total order), so the first eligible ones are the cheapest
    for (Victim v : s.victimsIn(c)) {
      if (kind == Preemption.Kind.PREEMPT && v.priority() >= job.priority()) {
        break; // lowest priority first: no later one is below the preemptor's
      }
      boolean eligible = kind == Preemption.Kind.PREEMPT
          ? v.queue().equals(job.queue())
          : lenders.contains(v.queue());
      if (eligible && !v.job().equals(job.id())) {
        out.add(v);
        if (out.size() == limit) {
          break;
        }
      }
    }
    return out;
  }

  /**
   * The queues a reclaim for the gang may take from: every queue of the ledger but the gang's own
   * that borrows a resource the gang needs. Computed once per search instead of per victim; when
   * empty, no cluster has a victim and the search ends at once.
   */
  private java.util.Set<String> lenders(GangSpec g) {
    java.util.Set<String> out = new java.util.HashSet<>();
    QuotaLedger ledger = s.ledger();
    for (String q : ledger.names()) {
      if (!q.equals(g.job().queue()) && borrowsWhatIsNeeded(q, g.mandatoryDemand(), ledger.reclaimable(q))) {
        out.add(q);
      }
    }
    return out;
  }

  private static boolean borrowsWhatIsNeeded(String queue, ResourceVector need, ResourceVector reclaimable) {
    for (int i = 0; i < need.size(); i++) {
      if (need.amountAt(i) > 0 && reclaimable.get(need.idAt(i)) > 0) {
        return true;
      }
    }
    return false;
  }

  /** What-if: with the victims released (on the trial), does the gang fit the cluster and its quota? */
  private boolean fitsWithout(GangSpec g, ClusterState c, List<Victim> victims, Preemption.Kind kind, boolean quotaBlocked) {
    if (kind == Preemption.Kind.RECLAIM && !reclaimable(g, victims)) {
      return false;
    }
    if (quotaBlocked) {
      ResourceVector freed = ResourceVector.EMPTY;
      for (Victim v : victims) {
        freed = freed.plus(v.charged());
      }
      if (!s.ledger().check(g.job().queue(), g.mandatoryDemand().minus(freed)).allowed()) {
        return false;
      }
    }
    int mark = s.trial.size();
    for (Victim v : victims) {
      for (PlacedGang.HeldPodRef r : v.gang().pods()) {
        s.trial.release(r.cluster(), r.pod());
      }
    }
    GangPlacer.Attempt a = placer.place(g, c);
    boolean ok = a.placed();
    if (ok && !quotaBlocked) {
      ok = allocate.permit(g, List.of(AllocateAction.provisional(g, c, a.pods))) == null;
    }
    s.trial.undoTo(mark);
    return ok;
  }

  /**
   * Volcano's reclaim rule, cumulatively: each victim's queue must still borrow something the gang
   * needs when that victim is taken.
   */
  private boolean reclaimable(GangSpec g, List<Victim> victims) {
    Map<String, ResourceVector> left = new HashMap<>();
    for (Victim v : victims) {
      ResourceVector r = left.computeIfAbsent(v.queue(), q -> s.ledger().reclaimable(q));
      if (!borrowsWhatIsNeeded(v.queue(), g.mandatoryDemand(), r)) {
        return false;
      }
      left.put(v.queue(), r.minus(v.charged()));
    }
    return true;
  }

  private void evict(List<Victim> victims, GangSpec g, Preemption.Kind kind, ClusterState c, List<Preemption> out) {
    String verb = kind == Preemption.Kind.PREEMPT ? "preempted" : "reclaimed";
    for (Victim v : victims) {
      List<String> clusters = v.gang().clusters();
      s.fleet.evict(v.job());
      String reason = verb + " by " + g.job().id() + " (priority " + g.job().priority() + ", queue "
          + g.job().queue() + ") to fit cluster " + c.name();
      s.queues.preempted(v.job(), reason);
      s.queues.requeue(v.job(), "requeued after being " + verb + " by " + g.job().id());
      out.add(new Preemption(v.job(), clusters, g.job().id(), kind, reason));
    }
  }
}
