package io.argosy.scheduler.framework;

import io.argosy.gpu.fit.Assignment;
import io.argosy.gpu.fit.NodeState;
import io.argosy.gpu.score.ScoringPolicy;

/**
 * Extension point "score": how good it is to put the pod on the node with this assignment (higher
 * is better). Must depend only on the node's shape and usage, the pod and the cycle, so that a score
 * is computed once per node class. Must not change the node.
 */
public interface NodeScorer {
  String name();

  double score(CycleContext ctx, PodSpec pod, ScoringPolicy policy, NodeState node, Assignment candidate);
}
