package io.argosy.scheduler.cycle;

import io.argosy.scheduler.fleet.GangBinding;
import io.argosy.scheduler.framework.Reservation;
import io.argosy.scheduler.preempt.Preemption;
import java.time.Instant;
import java.util.List;

/**
 * What one scheduling cycle decided. The core applies {@link #preemptions()} (delete the victims'
 * pods) before {@link #bindings()}; every binding's capacity is already held as assumed in the fleet
 * state and its job is Bound in the queues.
 *
 * @param expired bindings that were neither confirmed nor rejected within the assume TTL; their
 *     capacity was released and their jobs requeued
 */
public record CycleResult(
    long cycle,
    Instant at,
    List<GangBinding> bindings,
    List<Preemption> preemptions,
    List<PendingJob> pending,
    List<Reservation> reservations,
    List<GangBinding> expired,
    CycleTimings timings) {

  public CycleResult {
    bindings = List.copyOf(bindings);
    preemptions = List.copyOf(preemptions);
    pending = List.copyOf(pending);
    reservations = List.copyOf(reservations);
    expired = List.copyOf(expired);
  }
}
