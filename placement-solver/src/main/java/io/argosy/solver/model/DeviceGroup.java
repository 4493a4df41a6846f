package io.argosy.solver.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The devices of one accelerator type on one node, as free amounts per device.
 *
 * <p>A device's free share is in milli (1000 = wholly free). Partition instances (MIG mixed,
 * Ascend vNPU, Cambricon MIM) are listed as devices of their own resource, each 1000 or 0. Shared
 * groups (HAMi vGPU and the vendors' share modes) also carry free memory per device; a WHOLE
 * request takes only devices that are wholly free, a SHARE request any device with enough milli
 * and memory left.
 *
 * @param resource the resource name requests use, e.g. {@code nvidia.com/gpu}, {@code nvidia.com/mig-3g.40gb}
 * @param model catalog model name, e.g. {@code A100-80GB}; null when unknown (then only model-agnostic requests match)
 * @param shared true when devices can be shared by SHARE requests
 * @param memoryMiB total memory of one device (shared groups), 0 otherwise
 * @param gpuMilliPerUnit GPU worth of one device in milli-GPU (1000; a MIG 3g instance 428; 0 for countables)
 * @param freeMilli free share per device, each 0..1000
 * @param freeMemoryMiB free memory per device (shared groups; same length as freeMilli), else empty
 */
public record DeviceGroup(
    String resource,
    String model,
    boolean shared,
    long memoryMiB,
    int gpuMilliPerUnit,
    List<Integer> freeMilli,
    List<Long> freeMemoryMiB) {

  public DeviceGroup {
    freeMilli = List.copyOf(freeMilli);
    freeMemoryMiB = List.copyOf(freeMemoryMiB);
  }

  /** {@code free} wholly free devices and {@code used} taken ones, exclusive use. */
  public static DeviceGroup whole(String resource, String model, int free, int used) {
    return new DeviceGroup(resource, model, false, 0, AcceleratorShape.FULL, repeat(AcceleratorShape.FULL, free, used), List.of());
  }

  /** Free partition instances of one profile worth {@code gpuMilliPerInstance} each. */
  public static DeviceGroup partitions(String resource, String model, int free, int gpuMilliPerInstance) {
    return new DeviceGroup(resource, model, false, 0, gpuMilliPerInstance, repeat(AcceleratorShape.FULL, free, 0), List.of());
  }

  /** Shareable devices with the given free share and memory per device. */
  public static DeviceGroup shared(String resource, String model, long memoryMiB, List<Integer> freeMilli, List<Long> freeMemoryMiB) {
    return new DeviceGroup(resource, model, true, memoryMiB, AcceleratorShape.FULL, freeMilli, freeMemoryMiB);
  }

  /** {@code devices} wholly free shareable devices of {@code memoryMiB} each. */
  public static DeviceGroup sharedFree(String resource, String model, long memoryMiB, int devices) {
    return shared(
        resource, model, memoryMiB,
        Collections.nCopies(devices, AcceleratorShape.FULL), Collections.nCopies(devices, memoryMiB));
  }

  /** Units of a countable extended resource that is not a device (e.g. RDMA). */
  public static DeviceGroup countable(String resource, int free) {
    return new DeviceGroup(resource, null, false, 0, 0, repeat(AcceleratorShape.FULL, free, 0), List.of());
  }

  /** Free GPU worth of the group in milli-GPU. */
  public long freeGpuMilli() {
    long sum = 0;
    for (int m : freeMilli) {
      sum += m;
    }
    return sum * gpuMilliPerUnit / AcceleratorShape.FULL;
  }

  private static List<Integer> repeat(int value, int n, int zeros) {
    List<Integer> out = new ArrayList<>(n + zeros);
    out.addAll(Collections.nCopies(n, value));
    out.addAll(Collections.nCopies(zeros, 0));
    return out;
  }
}
