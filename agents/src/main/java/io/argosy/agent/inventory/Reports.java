package io.argosy.agent.inventory;

import io.argosy.api.NodeReport;
import io.argosy.api.Ownership;
import io.argosy.api.PodPhase;
import io.argosy.api.PodReport;
import io.argosy.gpu.fit.Assignment;
import io.argosy.gpu.inventory.NodeInventory;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.TreeMap;

/** Turns informer objects into protocol reports: nodes through gpu-model's reader, pods with what they hold. */
public final class Reports {
  private Reports() {}

  public static NodeReport node(Node node) {
    Map<String, String> conditions = new TreeMap<>();
    if (node.getStatus() != null && node.getStatus().getConditions() != null) {
      for (NodeCondition c : node.getStatus().getConditions()) {
        conditions.put(c.getType(), c.getStatus());
      }
    }
    boolean unschedulable = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    return new NodeReport(NodeInventories.read(node), conditions, unschedulable);
  }

  /**
   * A pod's report. What it holds is computed only while it is bound and not terminal (a finished
   * pod frees its node, as kube-scheduler counts it).
   */
  public static PodReport pod(Pod pod, NodeInventory node) {
    var meta = pod.getMetadata();
    Map<String, String> labels = meta.getLabels() == null ? Map.of() : meta.getLabels();
    Map<String, String> annotations = meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
    boolean managed = Ownership.ARGOSY.equals(labels.get(Ownership.MANAGED_BY));
    PodPhase phase = PodPhase.of(pod.getStatus() == null ? null : pod.getStatus().getPhase());
    String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    Assignment held = null;
    if (nodeName != null && !phase.terminal() && node != null) {
      held = NodeInventories.usageOf(pod, node);
    }
    return new PodReport(
        meta.getNamespace(),
        meta.getName(),
        nodeName,
        phase,
        managed ? annotations.get(Ownership.JOB_ID) : null,
        managed ? labels.get(Ownership.BINDING) : null,
        managed ? labels.get(Ownership.TASK) : null,
        held,
        reason(pod));
  }

  /** The pod's reason, its PodScheduled=False condition's reason ({@code Unschedulable}), or its first terminated/waiting container's reason. */
  static String reason(Pod pod) {
    if (pod.getStatus() == null) {
      return null;
    }
    if (pod.getStatus().getReason() != null) {
      return pod.getStatus().getReason();
    }
    if (pod.getStatus().getConditions() != null && !"Running".equals(pod.getStatus().getPhase())) {
      for (var c : pod.getStatus().getConditions()) {
        // a pending pod no node will take: the descheduler withdraws its gang after a while
        if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()) && c.getReason() != null) {
          return c.getReason();
        }
      }
    }
    if (pod.getStatus().getContainerStatuses() != null) {
      for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
        var st = cs.getState();
        if (st == null) {
          continue;
        }
        if (st.getTerminated() != null && st.getTerminated().getExitCode() != null && st.getTerminated().getExitCode() != 0) {
          return st.getTerminated().getReason();
        }
        if (st.getWaiting() != null && st.getWaiting().getReason() != null) {
          return st.getWaiting().getReason();
        }
      }
    }
    return null;
  }

  /** HAMi's allocation annotation: the scheduler chose the devices and the plugin honours the choice. */
  static final String HAMI_ALLOCATED = "hami.io/vgpu-devices-allocated";

  /**
   * Whether a pod's devices are known exactly: Argosy wrote them, or HAMi allocated them. Other pods'
   * whole devices were picked by the device plugin, and which one is not published.
   */
  public static boolean exactDevices(Pod pod) {
    Map<String, String> ann = pod.getMetadata().getAnnotations();
    return ann != null && (ann.containsKey(Ownership.DEVICES) || ann.containsKey(HAMI_ALLOCATED));
  }
}
