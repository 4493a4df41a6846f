package io.argosy.agent.inventory;

import io.argosy.gpu.InvalidSpecException;
import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.fit.Assignment;
import io.argosy.gpu.inventory.InventoryReader;
import io.argosy.gpu.inventory.NodeInventory;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The agent's bridge to gpu-model: nodes through {@link InventoryReader#read(Node)}, pods through
 * the Argosy annotation when the agent wrote one (exact) and {@link InventoryReader#usageOf} otherwise.
 */
public final class NodeInventories {
  private static final Logger LOG = Logger.getLogger(NodeInventories.class.getName());
  private static final Catalog CATALOG = Catalog.builtin();
  /** One reader per thread: each agent reads on its own loop thread. */
  private static final ThreadLocal<InventoryReader> READER = ThreadLocal.withInitial(() -> new InventoryReader(CATALOG));

  private NodeInventories() {}

  /**
   * The node's inventory. A node whose device annotations or labels cannot be read is reported not
   * ready, without devices, so that nothing is placed on it until its plugins publish sane values.
   */
  public static NodeInventory read(Node node) {
    try {
      return READER.get().read(node);
    } catch (InvalidSpecException e) {
      LOG.warning("node " + node.getMetadata().getName() + ": " + e.getMessage() + "; reporting it not ready");
      NodeInventory base = READER.get().read(withoutDevices(node));
      return new NodeInventory(base.name(), base.labels(), base.taints(), false, base.cpuMilli(), base.memoryBytes(),
          base.pods(), List.of(), base.countable());
    }
  }

  /** The node with only cpu, memory and pods, and no annotations: what is left when its devices cannot be read. */
  static Node withoutDevices(Node node) {
    Node copy = new io.fabric8.kubernetes.api.model.NodeBuilder(node).editMetadata().withAnnotations(Map.of()).endMetadata().build();
    for (var m : List.of(copy.getStatus().getCapacity(), copy.getStatus().getAllocatable())) {
      if (m != null) {
        m.keySet().removeIf(k -> k.contains("/"));
      }
    }
    return copy;
  }

  /** What a bound pod holds; see {@link InventoryReader#usageOf} (Argosy's own record first). */
  public static Assignment usageOf(Pod pod, NodeInventory node) {
    try {
      return READER.get().usageOf(pod, node);
    } catch (RuntimeException e) {
      // a pod the API server admitted must still count: CPU and memory at least
      return InventoryReader.requestsOnly(pod, node.name());
    }
  }
}
