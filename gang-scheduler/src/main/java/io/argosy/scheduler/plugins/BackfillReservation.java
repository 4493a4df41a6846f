package io.argosy.scheduler.plugins;

import io.argosy.queue.placement.ClusterAffinity;
import io.argosy.scheduler.fleet.ClusterState;
import io.argosy.scheduler.framework.ClusterFilter;
import io.argosy.scheduler.framework.CycleContext;
import io.argosy.scheduler.framework.GangSpec;
import io.argosy.scheduler.framework.Reservation;
import java.time.Duration;
import java.time.Instant;

/**
 * Backfill: a cluster reserved for a blocked gang takes another job only if that job's runtime
 * estimate ends by the reservation's start, so it cannot delay the reserved gang. Jobs without an
 * estimate cannot backfill.
 */
public final class BackfillReservation implements ClusterFilter {
  @Override
  public String name() {
    return "BackfillReservation";
  }

  @Override
  public String filter(CycleContext ctx, GangSpec gang, ClusterAffinity term, ClusterState cluster) {
    Reservation r = ctx.reservation(cluster.name());
    if (r == null || r.job().equals(gang.job().id())) {
      return null;
    }
    Duration estimate = gang.job().runtimeEstimate();
    if (estimate == null) {
      return "reserved for " + r.job() + " from " + r.start() + "; no runtime estimate to backfill with";
    }
    Instant end = ctx.now().plus(estimate);
    if (end.isAfter(r.start())) {
      return "reserved for " + r.job() + " from " + r.start() + "; runtime estimate " + estimate + " ends after that";
    }
    return null;
  }
}
