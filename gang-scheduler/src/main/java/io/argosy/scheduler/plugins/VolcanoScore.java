package io.argosy.scheduler.plugins;

import io.argosy.gpu.fit.Assignment;
import io.argosy.gpu.fit.NodeState;
import io.argosy.gpu.score.Scorer;
import io.argosy.gpu.score.ScoringPolicy;
import io.argosy.scheduler.framework.CycleContext;
import io.argosy.scheduler.framework.NodeScorer;
import io.argosy.scheduler.framework.PodSpec;

/**
 * Volcano's weighted binpack (or spread: 100 minus it) over cpu, memory and the node's accelerators,
 * combined with HAMi's device-level binpack/spread, as gpu-model's {@link Scorer} computes them.
 */
public final class VolcanoScore implements NodeScorer {
  @Override
  public String name() {
    return "VolcanoBinpackSpread";
  }

  @Override
  public double score(CycleContext ctx, PodSpec pod, ScoringPolicy policy, NodeState node, Assignment candidate) {
    return Scorer.score(node, pod.demand(), candidate, policy);
  }
}
