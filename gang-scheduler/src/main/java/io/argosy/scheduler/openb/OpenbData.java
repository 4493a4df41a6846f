package io.argosy.scheduler.openb;

import io.argosy.gpu.frag.TaskClass;
import io.argosy.gpu.frag.WorkloadMix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A loaded experiment input: the nodes, one pod-list variant, and what the policies derive from the
 * trace once (the FGD paper's typical-pod mix).
 */
public final class OpenbData {

  /** Share of the trace's pods the typical pods cover in the paper's runs. */
  public static final double TYPICAL_COVERAGE = 0.95;

  private final String variant;
  private final List<TraceNode> nodes;
  private final List<TracePod> pods;
  private final long capacityGpuMilli;
  private volatile WorkloadMix typicalMix;

  public OpenbData(String variant, List<TraceNode> nodes, List<TracePod> pods) {
    this.variant = variant;
    this.nodes = List.copyOf(nodes);
    this.pods = List.copyOf(pods);
    long cap = 0;
    for (TraceNode n : nodes) {
      cap += (long) n.gpuCount() * TaskDemand.WHOLE;
    }
    if (cap == 0) {
      throw new io.argosy.gpu.InvalidSpecException("nodes", "the node list has no GPUs");
    }
    this.capacityGpuMilli = cap;
  }

  /** Loads the node list and a pod list; the variant is taken from the pod file's name. */
  public static OpenbData load(Path nodeFile, Path podFile) {
    return new OpenbData(
        OpenbTrace.variantOf(podFile), OpenbTrace.loadNodes(nodeFile), OpenbTrace.loadPods(podFile));
  }

  public String variant() {
    return variant;
  }

  public List<TraceNode> nodes() {
    return nodes;
  }

  public List<TracePod> pods() {
    return pods;
  }

  public long capacityGpuMilli() {
    return capacityGpuMilli;
  }

  public int totalGpus() {
    return (int) (capacityGpuMilli / TaskDemand.WHOLE);
  }

  /**
   * The workload mix FGD uses in the paper: every pod of the trace (CPU-only ones included) counted
   * once per (CPU, GPU count, share, allowed models), the most popular classes covering 95% of the
   * pods, renormalised.
   */
  public WorkloadMix typicalMix() {
    WorkloadMix m = typicalMix;
    if (m == null) {
      m = WorkloadMix.fromObserved(asClasses(pods), TYPICAL_COVERAGE);
      typicalMix = m;
    }
    return m;
  }

  /** Each pod as a task class of weight 1, for {@link WorkloadMix#fromObserved}. */
  public static List<TaskClass> asClasses(List<TracePod> pods) {
    List<TaskClass> out = new ArrayList<>(pods.size());
    for (TracePod p : pods) {
      TaskDemand d = p.demand();
      out.add(new TaskClass(d.cpuMilli(), d.gpuCount(), d.gpuMilliPerGpu(), d.allowedModels(), 1));
    }
    return out;
  }
}
