package io.argosy.agent.inventory;

import io.argosy.gpu.fit.Assignment;
import io.argosy.gpu.fit.ContainerAssignment;
import io.argosy.gpu.inventory.NodeInventory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The agent's bridge to gpu-model's node reader and pod usage. */
public final class NodeInventories {
  private NodeInventories() {}

  public static NodeInventory read(Node node) {
    Map<String, Quantity> alloc = node.getStatus() == null || node.getStatus().getAllocatable() == null
        ? Map.of() : node.getStatus().getAllocatable();
    long cpu = milli(alloc.get("cpu"));
    long mem = amount(alloc.get("memory"));
    int pods = (int) amount(alloc.get("pods"));
    Map<String, Long> countable = new TreeMap<>();
    alloc.forEach((k, v) -> {
      if (k.contains("/")) {
        countable.put(k, amount(v));
      }
    });
    List<String> taints = new ArrayList<>();
    if (node.getSpec() != null && node.getSpec().getTaints() != null) {
      for (Taint t : node.getSpec().getTaints()) {
        taints.add(t.getKey() + (t.getValue() == null || t.getValue().isEmpty() ? "" : "=" + t.getValue()) + ":" + t.getEffect());
      }
    }
    boolean ready = node.getStatus() != null && node.getStatus().getConditions() != null
        && node.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
        && !(node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable()));
    Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    return new NodeInventory(node.getMetadata().getName(), labels, taints, ready, cpu, mem, pods, List.of(), countable);
  }

  public static Assignment usageOf(Pod pod, NodeInventory node) {
    Assignment own = Reports.argosyAssignment(pod);
    if (own != null) {
      return own;
    }
    long cpu = 0;
    long mem = 0;
    List<ContainerAssignment> containers = new ArrayList<>();
    for (Container c : pod.getSpec().getContainers()) {
      Map<String, Quantity> req = c.getResources() == null || c.getResources().getRequests() == null ? Map.of() : c.getResources().getRequests();
      cpu += milli(req.get("cpu"));
      mem += amount(req.get("memory"));
      containers.add(new ContainerAssignment(c.getName(), List.of(), Map.of()));
    }
    return new Assignment(node.name(), cpu, mem, containers);
  }

  static long milli(Quantity q) {
    return q == null ? 0 : Quantity.getAmountInBytes(q).multiply(BigDecimal.valueOf(1000)).longValue();
  }

  static long amount(Quantity q) {
    return q == null ? 0 : Quantity.getAmountInBytes(q).longValue();
  }
}
