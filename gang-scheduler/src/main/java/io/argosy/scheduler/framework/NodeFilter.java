package io.argosy.scheduler.framework;

import io.argosy.scheduler.fleet.NodeSlot;

/**
 * Extension point "filter nodes", before the device fit. Evaluated once per node class (all members
 * share shape and labels except per-node ones), so it must look only at the shape, labels, taints and
 * readiness of the node, or make the spec {@link PodSpec#perNode()}.
 */
public interface NodeFilter {
  String name();

  /** Null when the node passes, else the aggregation key of the reason, e.g. {@code node affinity}. */
  String filter(PodSpec pod, NodeSlot node);
}
