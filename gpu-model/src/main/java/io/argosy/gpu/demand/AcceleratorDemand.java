package io.argosy.gpu.demand;

import io.argosy.gpu.catalog.Vendor;

/**
 * One accelerator request of one container, already validated.
 *
 * @param vendor the vendor owning the resource name ({@link Vendor#OTHER} for countables)
 * @param kind how it consumes devices
 * @param resource the resource name that carries the count, as written, e.g. {@code nvidia.com/gpu},
 *     {@code nvidia.com/mig-3g.40gb}, {@code huawei.com/Ascend310P-2c}, {@code iluvatar.ai/BI-V150-vgpu}
 * @param model catalog model implied by the resource name ({@code Ascend910B3}, {@code BI-V150}), or null
 * @param profile PARTITION only: the profile name as in the resource ({@code 3g.40gb}, {@code 2c},
 *     {@code 2m.8gb}); null otherwise
 * @param count devices (WHOLE, SHARE), instances (PARTITION) or units (COUNTABLE)
 * @param memoryMiB SHARE: device memory per device in MiB, or -1 when not given
 * @param memoryPercent SHARE: device memory per device in percent, or -1 when not given
 * @param coresPercent SHARE: compute per device in percent (100 = exclusive), or -1 when not given
 */
public record AcceleratorDemand(
    Vendor vendor,
    DemandKind kind,
    String resource,
    String model,
    String profile,
    long count,
    long memoryMiB,
    int memoryPercent,
    int coresPercent) {

  public static final int UNSET = -1;

  public static AcceleratorDemand whole(Vendor vendor, String resource, String model, long count) {
    return new AcceleratorDemand(vendor, DemandKind.WHOLE, resource, model, null, count, UNSET, UNSET, UNSET);
  }

  public static AcceleratorDemand share(
      Vendor vendor, String resource, String model, long count, long memoryMiB, int memoryPercent, int coresPercent) {
    return new AcceleratorDemand(
        vendor, DemandKind.SHARE, resource, model, null, count, memoryMiB, memoryPercent, coresPercent);
  }

  public static AcceleratorDemand partition(
      Vendor vendor, String resource, String model, String profile, long count) {
    return new AcceleratorDemand(vendor, DemandKind.PARTITION, resource, model, profile, count, UNSET, UNSET, UNSET);
  }

  public static AcceleratorDemand countable(String resource, long count) {
    return new AcceleratorDemand(
        Vendor.ofResource(resource), DemandKind.COUNTABLE, resource, null, null, count, UNSET, UNSET, UNSET);
  }
}
