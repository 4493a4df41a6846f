package io.argosy.solver.model;

import io.argosy.gpu.demand.DemandKind;

/**
 * What one pod asks of one accelerator type, in the units the packing check counts: devices (or
 * partition instances, or countable units) and a per-device share in milli (1000 = the whole device).
 *
 * @param resource the resource name that carries the count, e.g. {@code nvidia.com/gpu},
 *     {@code nvidia.com/mig-3g.40gb}, {@code huawei.com/Ascend910}
 * @param model device model the pod is restricted to ({@code A100-80GB}), or null for any model
 * @param kind WHOLE devices, SHARE of each device, PARTITION instances or COUNTABLE units
 * @param devices devices, instances or units per pod
 * @param milliPerDevice share of each device in milli: 1000 except for SHARE
 * @param memoryMiBPerDevice SHARE only: device memory per device; 0 otherwise
 * @param gpuMilliPerUnit how much one whole unit is worth in GPU demand (milli-GPU): 1000 for a whole
 *     GPU or NPU, the compute fraction for a partition instance (MIG 3g = 3/7 GPU = 428), 0 for a
 *     countable that is not an accelerator
 */
public record AcceleratorShape(
    String resource,
    String model,
    DemandKind kind,
    int devices,
    int milliPerDevice,
    long memoryMiBPerDevice,
    int gpuMilliPerUnit) {

  public static final int FULL = 1000;

  public AcceleratorShape {
    if (kind != DemandKind.SHARE) {
      memoryMiBPerDevice = 0;
    }
  }

  public static AcceleratorShape whole(String resource, String model, int devices) {
    return new AcceleratorShape(resource, model, DemandKind.WHOLE, devices, FULL, 0, FULL);
  }

  public static AcceleratorShape share(
      String resource, String model, int devices, int milliPerDevice, long memoryMiBPerDevice) {
    return new AcceleratorShape(
        resource, model, DemandKind.SHARE, devices, milliPerDevice, memoryMiBPerDevice, FULL);
  }

  public static AcceleratorShape partition(String resource, String model, int instances, int gpuMilliPerInstance) {
    return new AcceleratorShape(resource, model, DemandKind.PARTITION, instances, FULL, 0, gpuMilliPerInstance);
  }

  public static AcceleratorShape countable(String resource, int units) {
    return new AcceleratorShape(resource, null, DemandKind.COUNTABLE, units, FULL, 0, 0);
  }

  /** GPU demand of this request in milli-GPU: devices × share × unit worth. */
  public long gpuMilli() {
    return (long) devices * milliPerDevice * gpuMilliPerUnit / FULL;
  }

  /**
   * The accelerator type this request competes for, e.g. {@code nvidia.com/gpu[A100-80GB]},
   * {@code nvidia.com/mig-3g.40gb}, {@code share:nvidia.com/gpu}. Contention is judged per type key.
   */
  public String typeKey() {
    String base = (kind == DemandKind.SHARE ? "share:" : "") + resource;
    return model == null ? base : base + "[" + model + "]";
  }
}
