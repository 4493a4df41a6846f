package io.argosy.core.control;

import io.argosy.api.PodBinding;
import io.argosy.api.PodPhase;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A binding that holds (or, after a restart, held) capacity: the scheduler's binding under the id
 * agents see. Scheduler thread only.
 */
final class BindingEntry {
  /** The id agents see: a DNS label, unique for ever (from a stored sequence). */
  final String wireId;
  /** The id the fleet state knows it by. */
  final String fleetId;
  final JobRecord job;
  final String cluster;
  final List<PodBinding> pods;
  final Instant createdAt;
  final long sequence;
  boolean accepted;
  /** Whether the fleet state holds it (a binding restored from the store is assumed when its cluster reports). */
  boolean assumed;
  /** Last phase per pod name, from status events and pod reports. */
  final Map<String, PodPhase> phases = new LinkedHashMap<>();
  final Map<String, String> reasons = new LinkedHashMap<>();
  /** The manifest sent when override policies changed the job's, else null (the job's own is sent). */
  String manifest;
  /** What the override policies changed, one line each (empty when nothing). */
  List<String> overrideChanges = List.of();
  /** Since when one of its pods is seen unschedulable in its cluster (the descheduler's clock), or null. */
  Instant unschedulableSince;

  BindingEntry(String wireId, String fleetId, JobRecord job, String cluster, List<PodBinding> pods, Instant createdAt,
      long sequence, boolean accepted) {
    this.wireId = wireId;
    this.fleetId = fleetId;
    this.job = job;
    this.cluster = cluster;
    this.pods = List.copyOf(pods);
    this.createdAt = createdAt;
    this.sequence = sequence;
    this.accepted = accepted;
  }

  boolean hasPod(String name) {
    for (PodBinding p : pods) {
      if (p.name().equals(name)) {
        return true;
      }
    }
    return false;
  }
}
