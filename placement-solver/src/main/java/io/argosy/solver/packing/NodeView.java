package io.argosy.solver.packing;

/**
 * Read-only view of one node's free capacity after packing, for fragmentation measures. Devices of a
 * group are listed most-free first.
 */
public interface NodeView {

  long cpuMilli();

  long memoryBytes();

  int groupCount();

  String resource(int group);

  /** Catalog model of the group, or null. */
  String model(int group);

  boolean shared(int group);

  /** GPU worth of one whole device (or instance) of the group, milli-GPU. */
  int gpuMilliPerUnit(int group);

  /** Total memory of one device of a shared group, else 0. */
  long memoryMiB(int group);

  int deviceCount(int group);

  /** Free share of a device, 0..1000. */
  int freeMilli(int group, int device);

  /** Free memory of a device of a shared group, else 0. */
  long freeMemoryMiB(int group, int device);

  /** Free GPU worth of the node, milli-GPU. */
  long gpuFreeMilli();
}
