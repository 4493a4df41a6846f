package io.argosy.solver.packing;

/**
 * The default, workload-independent measure: a node's free GPU counts as fragmented when the node is
 * partly in use (some GPU device taken or partly taken) and partly free. A wholly free node and a
 * full node count 0. Placing a gang on fresh nodes that it does not fill grows the measure; filling
 * partly used nodes shrinks it, which is what binpacking aims at and what strands multi-GPU gangs.
 */
public final class PartialNodeFragmentation implements FragmentationMeasure {

  public static final PartialNodeFragmentation INSTANCE = new PartialNodeFragmentation();

  @Override
  public long fragmentedMilli(NodeView node) {
    long free = node.gpuFreeMilli();
    if (free == 0) {
      return 0;
    }
    for (int g = 0; g < node.groupCount(); g++) {
      if (node.gpuMilliPerUnit(g) == 0) {
        continue;
      }
      for (int d = 0; d < node.deviceCount(g); d++) {
        if (node.freeMilli(g, d) < 1000 || (node.shared(g) && node.freeMemoryMiB(g, d) < node.memoryMiB(g))) {
          return free;
        }
      }
    }
    return 0;
  }
}
