package io.argosy.scheduler.fleet;

import io.argosy.gpu.fit.NodeState;
import io.argosy.gpu.inventory.NodeInventory;

/**
 * One node of a cluster in the fleet state: its inventory, its usage ({@link NodeState}: observed
 * plus assumed pods), its shape and the equivalence class it is in now. The index is stable for the
 * node's life and breaks ties between equally good nodes (lowest first).
 */
public final class NodeSlot {
  private final int index;
  private final String name;
  NodeInventory inventory;
  NodeState state;
  int shape;
  NodeClass nodeClass;
  int heapPos = -1;
  /** This node's share of the cluster's free totals, as last added. */
  long freeCpu;
  long freeMemory;
  long freePods;
  int wholeVendor = -1;
  int freeWhole;
  int[] freeWholeByVendor;

  NodeSlot(int index, NodeInventory inventory) {
    this.index = index;
    this.name = inventory.name();
    this.inventory = inventory;
    this.state = new NodeState(inventory);
  }

  public int index() {
    return index;
  }

  public String name() {
    return name;
  }

  public NodeInventory inventory() {
    return inventory;
  }

  /**
   * The node's live usage. Read it freely; change it only through {@link FleetState} or a
   * {@link Trial}, which keep classes and totals in step.
   */
  public NodeState state() {
    return state;
  }

  /** The interned {@link NodeShape} number. */
  public int shape() {
    return shape;
  }

  public NodeClass nodeClass() {
    return nodeClass;
  }
}
