package io.argosy.scheduler.plugins;

import io.argosy.gpu.fit.Assignment;
import io.argosy.gpu.fit.ContainerAssignment;
import io.argosy.gpu.fit.DeviceGrant;
import io.argosy.gpu.fit.NodeState;
import io.argosy.gpu.frag.Fragmentation;
import io.argosy.gpu.frag.WorkloadMix;
import io.argosy.gpu.inventory.Device;
import io.argosy.gpu.score.ScoringPolicy;
import io.argosy.scheduler.framework.CycleContext;
import io.argosy.scheduler.framework.NodeScorer;
import io.argosy.scheduler.framework.PodSpec;
import java.util.List;

/**
 * FGD (Weng et al., ATC '23): the score is minus the growth of the node's fragmentation measure
 * (gpu-model's {@link Fragmentation}, in milli-GPU expected to be unusable by the workload mix) when
 * the pod takes this assignment. Nodes without accelerators (or with more than 32) score 0; the
 * cycle adds a small Volcano binpack term to break ties.
 */
public final class FragmentationScore implements NodeScorer {
  private static final int MAX = 32;
  private final int[] free = new int[MAX];
  private final int[] after = new int[MAX];
  private final long[] addMem = new long[MAX];
  private final int[] addCores = new int[MAX];
  private final int[] addTasks = new int[MAX];
  private final boolean[] addExclusive = new boolean[MAX];
  private final int[] addPartitionMilli = new int[MAX];

  @Override
  public String name() {
    return "Fragmentation";
  }

  @Override
  public double score(CycleContext ctx, PodSpec pod, ScoringPolicy policy, NodeState node, Assignment candidate) {
    int n = node.deviceCount();
    if (n == 0 || n > MAX) {
      return 0;
    }
    WorkloadMix mix = ctx.workloadMix();
    int model = mix.modelIndex(node.device(0).model());
    for (int i = 0; i < n; i++) {
      free[i] = node.freeMilli(i);
      addMem[i] = 0;
      addCores[i] = 0;
      addTasks[i] = 0;
      addExclusive[i] = false;
      addPartitionMilli[i] = 0;
    }
    List<ContainerAssignment> cs = candidate.containers();
    for (int c = 0; c < cs.size(); c++) {
      List<DeviceGrant> gs = cs.get(c).grants();
      for (int g = 0; g < gs.size(); g++) {
        DeviceGrant grant = gs.get(g);
        int i = grant.deviceIndex();
        if (grant.partitionId() != null) {
          Device d = node.device(i);
          int cores = d.cores() <= 0 ? 100 : d.cores();
          addPartitionMilli[i] += (int) ((long) grant.cores() * 1000 / cores);
        } else {
          addMem[i] += grant.memoryMiB();
          addCores[i] += grant.cores();
          addTasks[i]++;
          addExclusive[i] |= grant.exclusive();
        }
      }
    }
    for (int i = 0; i < n; i++) {
      after[i] = freeAfter(node, i);
    }
    long cpuFree = node.freeCpuMilli();
    double before = Fragmentation.fragmentation(mix, model, cpuFree, free, n);
    double later = Fragmentation.fragmentation(mix, model, Math.max(0, cpuFree - candidate.cpuMilli()), after, n);
    return before - later;
  }

  /** {@link NodeState#freeMilli(int)} of the device once the candidate's grants are added. */
  private int freeAfter(NodeState node, int i) {
    if (addPartitionMilli[i] > 0) {
      return Math.max(0, free[i] - addPartitionMilli[i]);
    }
    if (addTasks[i] == 0) {
      return free[i];
    }
    Device d = node.device(i);
    if (addExclusive[i] || node.exclusive(i) || node.tasks(i) + addTasks[i] >= Math.max(1, d.splitCount())) {
      return 0;
    }
    int cores = d.cores() <= 0 ? 100 : d.cores();
    double mem = d.memoryMiB() <= 0 ? 1.0 : (double) (node.freeMemoryMiB(i) - addMem[i]) / d.memoryMiB();
    double cpu = (double) (node.freeCores(i) - addCores[i]) / cores;
    return (int) Math.max(0, Math.floor(Math.min(mem, cpu) * 1000));
  }
}
