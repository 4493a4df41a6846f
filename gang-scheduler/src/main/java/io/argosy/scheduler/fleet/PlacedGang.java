package io.argosy.scheduler.fleet;

import io.argosy.queue.job.JobId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A job the fleet state holds pods for: its bindings (one, or one per cluster for a divided job)
 * and the pods they hold now. Preemption and reclaim evict whole placed gangs.
 */
public final class PlacedGang {
  private final JobId job;
  final List<BindingRecord> bindings = new ArrayList<>(1);
  /** Pods held now. */
  final List<HeldPod> pods = new ArrayList<>(1);

  PlacedGang(JobId job) {
    this.job = job;
  }

  public JobId job() {
    return job;
  }

  public List<BindingRecord> bindings() {
    return List.copyOf(bindings);
  }

  /** The earliest binding time: when the job started in the scheduler's view. */
  public Instant boundAt() {
    Instant t = null;
    for (BindingRecord b : bindings) {
      if (t == null || b.boundAt().isBefore(t)) {
        t = b.boundAt();
      }
    }
    return t;
  }

  /** Clusters it has pods or bindings in. */
  public List<String> clusters() {
    List<String> out = new ArrayList<>();
    for (BindingRecord b : bindings) {
      if (!out.contains(b.binding().cluster())) {
        out.add(b.binding().cluster());
      }
    }
    for (HeldPod h : pods) {
      if (!out.contains(h.cluster.name())) {
        out.add(h.cluster.name());
      }
    }
    return out;
  }

  /** The pods held now, with their clusters. */
  public List<HeldPodRef> pods() {
    List<HeldPodRef> out = new ArrayList<>(pods.size());
    for (HeldPod h : pods) {
      out.add(new HeldPodRef(h.cluster, h));
    }
    return out;
  }

  /** True when some pod of the gang is held in the cluster. */
  public boolean holdsIn(ClusterState c) {
    for (HeldPod h : pods) {
      if (h.cluster == c) {
        return true;
      }
    }
    return false;
  }

  /** A held pod and the cluster it is in. */
  public record HeldPodRef(ClusterState cluster, HeldPod pod) {}
}
