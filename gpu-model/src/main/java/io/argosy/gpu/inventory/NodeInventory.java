package io.argosy.gpu.inventory;

import java.util.List;
import java.util.Map;

/**
 * A node's schedulable capacity as Argosy models it: allocatable CPU, memory and pods, one entry
 * per physical accelerator, and every other extended resource as a countable. Immutable; read from a
 * fabric8 {@code Node} by {@link InventoryReader}. Usage lives in {@code io.argosy.gpu.fit.NodeState}.
 *
 * @param name node name
 * @param labels node labels (for affinity and type matching)
 * @param taints node taints as {@code key=value:Effect} strings
 * @param ready the node's Ready condition, and not cordoned
 * @param cpuMilli allocatable CPU
 * @param memoryBytes allocatable memory
 * @param pods allocatable pod count
 * @param devices physical accelerators
 * @param countable allocatable amounts of extended resources not modelled as devices
 */
public record NodeInventory(
    String name,
    Map<String, String> labels,
    List<String> taints,
    boolean ready,
    long cpuMilli,
    long memoryBytes,
    int pods,
    List<Device> devices,
    Map<String, Long> countable) {

  public NodeInventory {
    labels = Map.copyOf(labels);
    taints = List.copyOf(taints);
    devices = List.copyOf(devices);
    countable = Map.copyOf(countable);
  }
}
