package io.argosy.solver.packing;

/**
 * How much of a node's free GPU capacity counts as fragmented (milli-GPU). The soft constraint
 * penalises the growth of the cluster sum over a cycle, so any per-node measure fits here, the FGD
 * measure of {@code io.argosy.gpu.frag} included (an adapter from {@link NodeView} to its node type).
 * Implementations must be pure functions of the view.
 */
@FunctionalInterface
public interface FragmentationMeasure {

  long fragmentedMilli(NodeView node);
}
