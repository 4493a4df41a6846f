package io.argosy.scheduler.plugins;

import io.argosy.gpu.demand.AcceleratorDemand;
import io.argosy.gpu.demand.ContainerDemand;
import io.argosy.gpu.demand.PodDemand;
import io.argosy.gpu.fit.Assignment;
import io.argosy.gpu.fit.NodeState;
import io.argosy.gpu.frag.WorkloadMix;
import io.argosy.gpu.score.ScoringPolicy;
import io.argosy.scheduler.framework.CycleContext;
import io.argosy.scheduler.framework.NodeScorer;
import io.argosy.scheduler.framework.PodSpec;
import io.argosy.scheduler.openb.ArgosyPolicy;
import io.argosy.scheduler.openb.GpuChoice;
import io.argosy.scheduler.openb.TaskDemand;
import io.argosy.scheduler.openb.TraceNode;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The default node score: the openb experiment's {@link ArgosyPolicy} (its code, not a copy), fed
 * gpu-model's node state through {@link NodeStateView} and each pod as a {@link TaskDemand}. The
 * policy is rebuilt when the cycle's workload mix or the fleet's devices per model change (its
 * model-pressure term divides by them). Its integer score ties often; the cycle then takes the
 * lowest-index node, the fixed node order the experiment's first-fit tie-break assumes.
 *
 * <p>Pods are mapped to the experiment's task shape: whole devices as whole GPUs, one share as its
 * memory or compute percentage (absolute memory against an 80 GiB device), a MIG profile as its
 * compute slices of 7; several shares or partitions count as whole GPUs.
 */
public final class ArgosyScore implements NodeScorer {
  private final NodeStateView view = new NodeStateView();
  private final GpuChoice choice = new GpuChoice();
  private final Map<PodSpec, TaskDemand> tasks = new IdentityHashMap<>();
  private ArgosyPolicy policy;
  private WorkloadMix policyMix;
  private long policyInventory = -1;

  @Override
  public String name() {
    return "Argosy";
  }

  @Override
  public double score(CycleContext ctx, PodSpec pod, ScoringPolicy scoring, NodeState node, Assignment candidate) {
    return policy(ctx).score(view.of(node), task(pod), choice);
  }

  private ArgosyPolicy policy(CycleContext ctx) {
    if (policy == null || policyMix != ctx.workloadMix() || policyInventory != ctx.fleet().inventoryVersion()) {
      List<TraceNode> capacity = new ArrayList<>();
      ctx.fleet().devicesByModel().forEach((model, n) ->
          capacity.add(new TraceNode(model, 0, 0, (int) Math.min(Integer.MAX_VALUE, n), model)));
      policy = new ArgosyPolicy(ctx.workloadMix(), capacity);
      policyMix = ctx.workloadMix();
      policyInventory = ctx.fleet().inventoryVersion();
      tasks.clear();
    }
    return policy;
  }

  private TaskDemand task(PodSpec pod) {
    TaskDemand t = tasks.get(pod);
    if (t == null) {
      t = taskDemand(pod.demand());
      tasks.put(pod, t);
    }
    return t;
  }

  static TaskDemand taskDemand(PodDemand d) {
    int gpus = 0;
    int milli = 0;
    for (ContainerDemand c : d.containers()) {
      for (AcceleratorDemand a : c.accelerators()) {
        switch (a.kind()) {
          case WHOLE -> {
            gpus += (int) a.count();
            milli = 1000;
          }
          case SHARE, PARTITION -> {
            gpus += (int) a.count();
            milli = Math.max(milli, a.count() > 1 ? 1000 : shareMilli(a));
          }
          case COUNTABLE -> { }
        }
      }
    }
    gpus = Math.min(32, gpus);
    if (gpus > 1) {
      milli = 1000;
    }
    return new TaskDemand(d.cpuMilli(), d.memoryBytes() >> 20, gpus, gpus == 0 ? 0 : Math.max(1, milli), Set.of());
  }

  private static int shareMilli(AcceleratorDemand a) {
    if (a.kind() == io.argosy.gpu.demand.DemandKind.PARTITION) {
      String p = a.profile();
      if (p != null && p.length() > 1 && Character.isDigit(p.charAt(0)) && p.charAt(1) == 'g') {
        return Math.min(1000, (p.charAt(0) - '0') * 1000 / 7);
      }
      return 250;
    }
    int pct = Math.max(a.coresPercent(), a.memoryPercent());
    if (pct <= 0 && a.memoryMiB() > 0) {
      pct = (int) Math.min(100, Math.max(1, a.memoryMiB() * 100 / 81920));
    }
    return pct <= 0 ? 1000 : Math.min(1000, pct * 10);
  }
}
