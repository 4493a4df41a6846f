package io.argosy.scheduler.cycle;

import io.argosy.queue.job.Job;
import io.argosy.scheduler.fleet.ClusterState;
import io.argosy.scheduler.fleet.PlacedGang;
import io.argosy.scheduler.framework.GangSpec;
import io.argosy.scheduler.framework.Reservation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Backfill's reservation step, for a gang that nothing else could place: per candidate cluster not
 * yet reserved this cycle, release the gangs running there in the order their runtime estimates end
 * (on the trial) until the gang fits; the earliest such time over the clusters becomes its
 * reservation. From then on in the cycle, {@code BackfillReservation} lets another job into that
 * cluster only if its own estimate ends by then. No reservation when the gang would not fit even
 * after every gang with an estimate ended (jobs without estimates never free capacity in this model).
 * At most one reservation per cluster per cycle (EASY backfilling): the first blocked gang in the
 * queue order gets it.
 */
final class BackfillAction {
  private final Session s;
  private final GangPlacer placer;

  BackfillAction(Session s, GangPlacer placer) {
    this.s = s;
    this.placer = placer;
  }

  /** Reserves a cluster for the gang if its demand frees up somewhere; returns the reservation or null. */
  Reservation reserve(GangSpec g, List<AllocateAction.Term> terms) {
    Reservation best = null;
    for (AllocateAction.Term t : terms) {
      for (ClusterState c : t.candidates()) {
        if (s.reservations.containsKey(c.name())) {
          continue;
        }
        Instant start = earliestStart(g, c);
        if (start != null && (best == null || start.isBefore(best.start()))) {
          best = new Reservation(g.job().id(), c.name(), start);
        }
      }
      if (best != null) {
        break; // an earlier affinity term wins, as in placement
      }
    }
    if (best != null) {
      s.reservations.put(best.cluster(), best);
    }
    return best;
  }

  record Ending(Instant end, PlacedGang gang) {}

  /** By end time, then by job: a total order. */
  static final Comparator<Ending> ENDING_ORDER = Comparator.comparing(Ending::end).thenComparing(e -> e.gang().job());

  /** Gangs in the cluster with a runtime estimate, by when they end, then by job (a total order). */
  static List<Ending> endings(Session s, ClusterState c) {
    List<Ending> endings = new ArrayList<>();
    for (PlacedGang pg : s.gangsIn(c)) {
      Ending e = ending(s, pg);
      if (e != null) {
        endings.add(e);
      }
    }
    endings.sort(ENDING_ORDER);
    return endings;
  }

  /** When the placed gang ends by its runtime estimate, or null without one. */
  static Ending ending(Session s, PlacedGang pg) {
    Job held = s.queues.submitted(pg.job());
    Duration estimate = held == null ? null : held.runtimeEstimate();
    return estimate != null && pg.boundAt() != null ? new Ending(pg.boundAt().plus(estimate), pg) : null;
  }

  private Instant earliestStart(GangSpec g, ClusterState c) {
    List<Ending> endings = s.endingsIn(c);
    if (endings.isEmpty()) {
      return null;
    }
    int mark = s.trial.size();
    Instant start = null;
    try {
      for (int i = 0; i < endings.size() && start == null; ) {
        Instant end = endings.get(i).end();
        for (; i < endings.size() && endings.get(i).end().equals(end); i++) {
          for (PlacedGang.HeldPodRef r : endings.get(i).gang().pods()) {
            s.trial.release(r.cluster(), r.pod());
          }
        }
        GangPlacer.Attempt a = placer.place(g, c);
        if (a.placed()) {
          start = end.isBefore(s.now) ? s.now : end;
        }
      }
    } finally {
      s.trial.undoTo(mark);
    }
    return start;
  }
}
