package io.argosy.scheduler.plugins;

import io.argosy.scheduler.fleet.NodeSlot;
import io.argosy.scheduler.fleet.Taint;
import io.argosy.scheduler.framework.NodeFilter;
import io.argosy.scheduler.framework.PodSpec;
import java.util.List;

/** Node taints with NoSchedule/NoExecute need a toleration (kube-scheduler's TaintToleration filter). */
public final class NodeTaintToleration implements NodeFilter {
  @Override
  public String name() {
    return "NodeTaintToleration";
  }

  @Override
  public String filter(PodSpec pod, NodeSlot node) {
    List<String> taints = node.inventory().taints();
    for (int i = 0; i < taints.size(); i++) {
      Taint t = Taint.parse(taints.get(i));
      if (t.repels() && !pod.constraints().tolerates(t, pod.demand().resources())) {
        return "untolerated taint " + t;
      }
    }
    return null;
  }
}
