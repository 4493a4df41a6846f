package io.argosy.scheduler.simulate;

import io.argosy.scheduler.cycle.PendingJob;
import io.argosy.scheduler.fleet.GangBinding;
import io.argosy.scheduler.framework.Reservation;
import io.argosy.scheduler.invariant.InvariantChecker.Violation;
import io.argosy.scheduler.preempt.Preemption;
import java.util.List;

/**
 * The outcome of a simulation: bindings still held at the end (a preempted job's earlier binding is
 * not listed), jobs still pending with their reasons, every eviction, the backfill reservations of
 * the last cycle, and the invariant checker's findings (empty unless the scheduler is wrong).
 */
public record SimulationResult(
    List<GangBinding> bindings,
    List<PendingJob> pending,
    List<Preemption> preempted,
    List<Reservation> reservations,
    List<Violation> violations,
    int cycles) {}
