package io.argosy.scheduler.plugins;

import io.argosy.scheduler.fleet.NodeSlot;
import io.argosy.scheduler.framework.NodeFilter;
import io.argosy.scheduler.framework.PodSpec;

/** Not-ready or cordoned nodes take nothing. */
public final class NodeReadiness implements NodeFilter {
  @Override
  public String name() {
    return "NodeReadiness";
  }

  @Override
  public String filter(PodSpec pod, NodeSlot node) {
    return node.state().ready() ? null : "node not ready";
  }
}
