package io.argosy.scheduler.framework;

import io.argosy.queue.job.Job;
import io.argosy.queue.job.Task;
import io.argosy.queue.quota.ResourceVector;
import java.util.ArrayList;
import java.util.List;

/**
 * A pending job as the cycle sees it: its tasks with interned pod specs, how many pods are
 * mandatory, and the demand of those pods. Built once per job and kept while the job is pending.
 */
public final class GangSpec {
  private final Job job;
  private final List<TaskSpec> tasks;
  private final int totalPods;
  private final int mandatoryPods;
  private final ResourceVector mandatoryDemand;
  private final long mandatoryCpu;
  private final long mandatoryMemory;
  private static final int VENDORS = io.argosy.gpu.catalog.Vendor.values().length;
  private final long[] mandatoryWhole = new long[VENDORS];
  private final String[] wholeResource = new String[VENDORS];
  /** Cycle-scoped: this gang's shape number and the cycle it was computed in. */
  public int shapeId = -1;
  public long shapeEpoch = -1;
  /** Cycle-scoped: last cycle the gang was visited (for pruning the cache). */
  public long visited = -1;
  /** The pod list {@link #models} was computed for (identity), and the model charges of those pods. */
  public Object modelsFor;
  public ResourceVector models;

  public GangSpec(Job job, List<PodSpec> specs) {
    this.job = job;
    List<Task> ts = job.tasks();
    int[] mandatory = new int[ts.size()];
    int sum = 0;
    for (int i = 0; i < ts.size(); i++) {
      mandatory[i] = ts.get(i).minAvailable();
      sum += mandatory[i];
    }
    for (int i = 0; i < ts.size() && sum < job.minAvailable(); i++) {
      int add = Math.min(ts.get(i).replicas() - mandatory[i], job.minAvailable() - sum);
      mandatory[i] += add;
      sum += add;
    }
    List<TaskSpec> out = new ArrayList<>(ts.size());
    ResourceVector min = ResourceVector.EMPTY;
    int total = 0;
    long cpu = 0;
    long memory = 0;
    for (int i = 0; i < ts.size(); i++) {
      Task t = ts.get(i);
      cpu += t.pod().cpuMilli() * mandatory[i];
      memory += t.pod().memoryBytes() * mandatory[i];
      for (var c : t.pod().containers()) {
        for (var a : c.accelerators()) {
          if (a.kind() == io.argosy.gpu.demand.DemandKind.WHOLE) {
            mandatoryWhole[a.vendor().ordinal()] += a.count() * mandatory[i];
            if (wholeResource[a.vendor().ordinal()] == null) {
              wholeResource[a.vendor().ordinal()] = a.resource();
            }
          }
        }
      }
      ResourceVector pod = specs.get(i).resources();
      out.add(new TaskSpec(t, specs.get(i), mandatory[i], pod));
      min = min.plus(pod.times(mandatory[i]));
      total += t.replicas();
    }
    this.tasks = List.copyOf(out);
    this.totalPods = total;
    this.mandatoryPods = sum;
    this.mandatoryDemand = min;
    this.mandatoryCpu = cpu;
    this.mandatoryMemory = memory;
  }

  /** True when a task asks for an accelerator or extended resource. */
  public boolean hasAccelerators() {
    for (TaskSpec t : tasks) {
      if (t.spec().demand().hasAccelerators()) {
        return true;
      }
    }
    return false;
  }

  /** CPU (millicores) of the mandatory pods. */
  public long mandatoryCpu() {
    return mandatoryCpu;
  }

  /** Memory (bytes) of the mandatory pods. */
  public long mandatoryMemory() {
    return mandatoryMemory;
  }

  /** The resource name the gang asks a vendor's whole devices under (for messages), or null. */
  public String wholeResource(io.argosy.gpu.catalog.Vendor v) {
    return wholeResource[v.ordinal()];
  }

  /** Whole devices of a vendor the mandatory pods ask for. */
  public long mandatoryWhole(io.argosy.gpu.catalog.Vendor v) {
    return mandatoryWhole[v.ordinal()];
  }

  public Job job() {
    return job;
  }

  public List<TaskSpec> tasks() {
    return tasks;
  }

  public int totalPods() {
    return totalPods;
  }

  /** Pods the gang needs to run at all (at least the job's minAvailable). */
  public int mandatoryPods() {
    return mandatoryPods;
  }

  /** The quota demand of the mandatory pods. */
  public ResourceVector mandatoryDemand() {
    return mandatoryDemand;
  }

  /** True when the job can run with fewer pods than it has (an elastic gang). */
  public boolean elastic() {
    return mandatoryPods < totalPods;
  }
}
