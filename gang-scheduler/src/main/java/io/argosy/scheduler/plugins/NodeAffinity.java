package io.argosy.scheduler.plugins;

import io.argosy.scheduler.fleet.NodeSlot;
import io.argosy.scheduler.framework.NodeFilter;
import io.argosy.scheduler.framework.PodSpec;

/** The pod's nodeSelector and required node affinity (kube-scheduler's NodeAffinity filter). */
public final class NodeAffinity implements NodeFilter {
  @Override
  public String name() {
    return "NodeAffinity";
  }

  @Override
  public String filter(PodSpec pod, NodeSlot node) {
    return pod.constraints().matches(node.name(), node.inventory().labels()) ? null : "node affinity";
  }
}
