package io.argosy.scheduler.cycle;

import io.argosy.gpu.demand.AcceleratorDemand;
import io.argosy.gpu.demand.ContainerDemand;
import io.argosy.gpu.demand.DemandKind;
import io.argosy.gpu.demand.PodDemand;
import io.argosy.gpu.frag.TaskClass;
import io.argosy.gpu.frag.WorkloadMix;
import io.argosy.queue.job.Job;
import io.argosy.queue.job.JobId;
import io.argosy.queue.job.Task;
import io.argosy.scheduler.framework.GangSpec;
import io.argosy.scheduler.framework.PodSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scheduler's cache of pending jobs as {@link GangSpec}s (built once per job, dropped when the
 * job leaves the pending set), equal pod specs interned to one instance, and the workload mix the
 * fragmentation measure expects, learnt from every job seen.
 */
final class GangSpecs {
  /** Before any job is seen: FGD's typical mix of whole and shared GPU pods and CPU pods. */
  private static final WorkloadMix DEFAULT_MIX = WorkloadMix.of(List.of(
      TaskClass.of(8000, 1, 1000, 4), TaskClass.of(4000, 1, 500, 2), TaskClass.of(4000, 1, 250, 1),
      TaskClass.of(16000, 2, 1000, 1), TaskClass.of(32000, 4, 1000, 1), TaskClass.of(64000, 8, 1000, 1),
      TaskClass.of(4000, 0, 0, 1)));

  private final Map<JobId, GangSpec> byJob = new HashMap<>();
  private final Map<PodSpec, PodSpec> interned = new HashMap<>();
  private final Map<PodSpec, Long> lastUsed = new HashMap<>();
  private final WorkloadMix.Observer observer = WorkloadMix.observer();
  private double mixWeight;
  private WorkloadMix mix = DEFAULT_MIX;

  GangSpec of(Job job, long epoch) {
    GangSpec g = byJob.get(job.id());
    if (g == null || g.job() != job) {
      g = build(job);
      byJob.put(job.id(), g);
    }
    g.visited = epoch;
    return g;
  }

  private GangSpec build(Job job) {
    List<WorkloadHints.Hint> hints = WorkloadHints.of(job, false);
    List<PodSpec> specs = new ArrayList<>(job.tasks().size());
    for (int i = 0; i < job.tasks().size(); i++) {
      Task t = job.tasks().get(i);
      WorkloadHints.Hint h = hints.get(i);
      PodSpec s = new PodSpec(t.pod(), h.constraints(), h.mode());
      PodSpec canonical = interned.putIfAbsent(s, s);
      s = canonical == null ? s : canonical;
      specs.add(s);
      if (!(s.workloadClass() instanceof TaskClass)) {
        s.workloadClass(taskClass(t.pod(), 1));
      }
      if (t.replicas() > 0) {
        TaskClass one = (TaskClass) s.workloadClass();
        observer.observe(t.replicas() == 1 ? one : one.withWeight(t.replicas()));
      }
    }
    return new GangSpec(job, specs);
  }

  /** Counts a job's pods in the workload estimate (weight: its replicas). */
  void observe(PodDemand pod, int replicas) {
    if (replicas <= 0) {
      return;
    }
    observer.observe(taskClass(pod, replicas));
  }

  /** The mix to use this cycle: learnt once something was observed, else the default. */
  WorkloadMix mix() {
    if (observer.observedWeight() > 0 && observer.observedWeight() != mixWeight) {
      mix = observer.mix(0.95);
      mixWeight = observer.observedWeight();
    }
    return mix;
  }

  void drop(JobId job) {
    byJob.remove(job);
  }

  /** Forgets jobs not seen in this cycle and pod specs not used for a while. */
  void prune(long epoch) {
    byJob.values().removeIf(g -> g.visited != epoch);
    if (epoch % 16 == 0) {
      for (GangSpec g : byJob.values()) {
        for (var t : g.tasks()) {
          lastUsed.put(t.spec(), epoch);
        }
      }
      interned.keySet().removeIf(s -> lastUsed.getOrDefault(s, -1L) < epoch - 16);
      lastUsed.keySet().retainAll(interned.keySet());
    }
  }

  int size() {
    return byJob.size();
  }

  /** FGD's view of a pod: cpu, number of GPUs and the share of each (milli). */
  static TaskClass taskClass(PodDemand pod, double weight) {
    int gpus = 0;
    int milli = 0;
    for (ContainerDemand c : pod.containers()) {
      for (AcceleratorDemand a : c.accelerators()) {
        if (a.kind() == DemandKind.COUNTABLE) {
          continue;
        }
        gpus += (int) Math.min(32, a.count());
        milli = Math.max(milli, shareMilli(a));
      }
    }
    gpus = Math.min(32, gpus);
    return new TaskClass(pod.cpuMilli(), gpus, gpus == 0 ? 0 : Math.max(1, milli), Set.of(), weight);
  }

  private static int shareMilli(AcceleratorDemand a) {
    return switch (a.kind()) {
      case WHOLE -> 1000;
      case SHARE -> {
        int pct = Math.max(a.coresPercent(), a.memoryPercent());
        if (pct <= 0 && a.memoryMiB() > 0) {
          pct = (int) Math.min(100, a.memoryMiB() * 100 / 81920); // absolute memory: against an 80 GiB device
        }
        yield pct <= 0 ? 1000 : Math.min(1000, pct * 10);
      }
      case PARTITION -> partitionMilli(a.profile());
      case COUNTABLE -> 0;
    };
  }

  /** {@code 3g.40gb} is 3 of 7 MIG slices; other profiles count as a quarter device. */
  private static int partitionMilli(String profile) {
    if (profile != null && profile.length() > 1 && Character.isDigit(profile.charAt(0)) && profile.charAt(1) == 'g') {
      return Math.min(1000, (profile.charAt(0) - '0') * 1000 / 7);
    }
    return 250;
  }
}
