package io.argosy.api;

import io.argosy.gpu.inventory.NodeInventory;
import java.util.Map;
import java.util.Objects;

/**
 * One node as the agent sees it: its device inventory (with labels, taints and readiness) plus the
 * raw condition statuses, so that the core can say why a node is not schedulable.
 *
 * @param inventory the node's inventory as {@code InventoryReader} reads it
 * @param conditions condition type to status, e.g. {@code Ready=True}, {@code MemoryPressure=False}
 * @param unschedulable {@code spec.unschedulable} (cordoned)
 */
public record NodeReport(NodeInventory inventory, Map<String, String> conditions, boolean unschedulable) {

  public NodeReport {
    Objects.requireNonNull(inventory, "inventory");
    conditions = conditions == null ? Map.of() : Map.copyOf(conditions);
  }

  public String name() {
    return inventory.name();
  }
}
