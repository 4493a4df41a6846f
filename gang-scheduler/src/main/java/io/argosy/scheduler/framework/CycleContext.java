package io.argosy.scheduler.framework;

import io.argosy.gpu.frag.WorkloadMix;
import io.argosy.queue.quota.QuotaLedger;
import java.time.Instant;

/** What plugins may read of the running cycle. */
public interface CycleContext {
  /** The cycle's time (the injected clock, read once per cycle). */
  Instant now();

  SchedulerConfig config();

  /** The fleet as it is now, tentative placements of this cycle included. */
  io.argosy.scheduler.fleet.FleetState fleet();

  QuotaLedger ledger();

  /** The workload the fragmentation measure expects next. */
  WorkloadMix workloadMix();

  /** The backfill reservation on a cluster, or null. */
  Reservation reservation(String cluster);

  /**
   * The clusters that pass every cluster filter for the gang, per affinity term in order (one list
   * without {@code clusterAffinities}).
   */
  java.util.List<java.util.List<io.argosy.scheduler.fleet.ClusterState>> candidates(GangSpec gang);

  /** The cycle's number: memo entries from other cycles are void. */
  long epoch();

  /** Jobs pending in the queues when the cycle began. */
  default int backlog() {
    return 0;
  }
}
