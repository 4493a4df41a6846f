package io.argosy.scheduler.plugins;

import io.argosy.gpu.fit.NodeState;
import io.argosy.scheduler.openb.NodeView;

/**
 * gpu-model's {@link NodeState} seen through the openb policies' {@link NodeView}, so the cycle
 * scores with the experiment's code. Reused per call (single-threaded): {@link #of} points it at a
 * node and refreshes the free milli-GPU array. NodeState does not record which kinds of GPU tasks a
 * node runs, so the task-kind counts are 0; only policies that do not read them (argosy, fgd, best
 * fit, dot product) are offered as placement modes.
 */
final class NodeStateView implements NodeView {
  private static final int MAX = 32;
  private final int[] free = new int[MAX];
  private NodeState node;
  private int count;

  NodeStateView of(NodeState n) {
    node = n;
    count = Math.min(MAX, n.deviceCount());
    for (int i = 0; i < count; i++) {
      free[i] = n.freeMilli(i);
    }
    return this;
  }

  @Override
  public long cpuFreeMilli() {
    return node.freeCpuMilli();
  }

  @Override
  public long cpuCapacityMilli() {
    return node.cpuAllocatableMilli();
  }

  @Override
  public long memoryFreeMib() {
    return node.freeMemoryBytes() >> 20;
  }

  @Override
  public long memoryCapacityMib() {
    return node.memoryAllocatableBytes() >> 20;
  }

  @Override
  public String gpuModel() {
    return count == 0 ? null : node.device(0).model();
  }

  @Override
  public int gpuCount() {
    return count;
  }

  @Override
  public int[] gpuFreeMilli() {
    return free;
  }

  @Override
  public int gpuTasksOfKind(int kind) {
    return 0;
  }

  @Override
  public int gpuTaskKinds() {
    return 0;
  }
}
