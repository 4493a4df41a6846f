package io.argosy.core.control;

import io.argosy.api.PodBinding;
import io.argosy.api.PodPhase;
import io.argosy.api.PodReport;
import io.argosy.api.WithdrawReason;
import io.argosy.queue.job.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Karmada's descheduler for gangs: a bound gang whose pods stay unschedulable in their member
 * cluster (Pending with {@code PodScheduled=False/Unschedulable}, or on a node that no longer
 * exists) for longer than {@link ControlLoop.Options#unschedulableTimeout()} is withdrawn whole, from
 * every cluster it was placed in, and requeued with the reason recorded. A gang is never partially
 * withdrawn: its pods run together or not at all. Only clusters that are ready are judged (a
 * disconnected cluster's jobs are the grace period's business). Scheduler thread only.
 */
final class Descheduler {
  private final ControlLoop loop;

  Descheduler(ControlLoop loop) {
    this.loop = loop;
  }

  void check(Instant now) {
    Duration timeout = loop.options.unschedulableTimeout();
    Set<JobRecord> due = new LinkedHashSet<>();
    List<String> reasons = new ArrayList<>();
    for (BindingEntry e : loop.bindings.values()) {
      if (e.job.state != JobState.BOUND || e.job.requeueAtNanos != 0) {
        e.unschedulableSince = null;
        continue;
      }
      ClusterRecord c = loop.clusters.get(e.cluster);
      if (c == null || !c.ready()) {
        continue;
      }
      String why = unschedulable(e, c);
      if (why == null) {
        e.unschedulableSince = null;
      } else if (e.unschedulableSince == null) {
        e.unschedulableSince = now;
      } else if (Duration.between(e.unschedulableSince, now).compareTo(timeout) > 0 && due.add(e.job)) {
        reasons.add(why);
      }
    }
    int i = 0;
    for (JobRecord r : due) {
      withdraw(r, "descheduled: " + reasons.get(i++) + " for more than " + human(timeout));
    }
  }

  /** Why one of the binding's pods cannot be scheduled in its cluster, or null when none is stuck. */
  private static String unschedulable(BindingEntry e, ClusterRecord c) {
    String ns = e.job.job.id().namespace();
    for (PodBinding p : e.pods) {
      PodReport r = c.pods.get(ns + "/" + p.name());
      if (r == null || r.phase() != PodPhase.PENDING) {
        continue;
      }
      if ("Unschedulable".equals(r.reason())) {
        return "pod " + p.name() + " unschedulable in cluster " + e.cluster;
      }
      if (r.node() != null && !c.nodes.containsKey(r.node())) {
        return "pod " + p.name() + " bound to node " + r.node() + " which no longer exists in cluster " + e.cluster;
      }
    }
    return null;
  }

  private void withdraw(JobRecord r, String why) {
    if (!r.live() || !r.state.canTransitionTo(JobState.PENDING)) {
      return;
    }
    for (BindingEntry e : List.copyOf(r.bindings.values())) {
      loop.lifecycle().closeBinding(e, why, WithdrawReason.MOVED);
    }
    loop.fleet.evict(r.job.id());
    loop.queues.requeue(r.job.id(), why);
    loop.metrics.requeue("descheduled");
    loop.wantCycle();
  }

  private static String human(Duration d) {
    return d.toMinutes() > 0 && d.toSecondsPart() == 0 ? d.toMinutes() + "m" : d.toMillis() % 1000 == 0
        ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
