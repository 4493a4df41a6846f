package io.argosy.gpu.demand;

import io.argosy.gpu.Ids;
import io.argosy.gpu.catalog.Vendor;
import java.util.Locale;

/**
 * One accelerator request of one container, already validated.
 *
 * @param vendor the vendor owning the resource name ({@link Vendor#OTHER} for countables)
 * @param kind how it consumes devices
 * @param resource the resource name that carries the count, as written, e.g. {@code nvidia.com/gpu},
 *     {@code nvidia.com/mig-3g.40gb}, {@code huawei.com/Ascend310P-2c}, {@code iluvatar.ai/BI-V150-vgpu};
 *     for a share written without a count ({@code cambricon.com/mlu.smlu.vcore: 100}) the vendor's
 *     implied count resource
 * @param model type constraint implied by the resource name ({@code Ascend910B3}, {@code BI-V150},
 *     {@code mlu370}), matched as a case-insensitive substring of the device's model or product, or null
 * @param profile PARTITION only: the profile name as in the resource ({@code 3g.40gb}, {@code 2c},
 *     {@code 2m.8gb}, {@code share}); null otherwise
 * @param count devices (WHOLE, SHARE), instances (PARTITION) or units (COUNTABLE)
 * @param memoryMiB SHARE: device memory per device in MiB, or -1 when not given
 * @param memoryPercent SHARE: device memory per device in percent, or -1 when not given
 * @param coresPercent SHARE: compute per device in percent (100 = exclusive), or -1 when not given
 * @param profileId derived: {@link Ids#of} of {@code profile}; recomputed, whatever is passed
 * @param resourceId derived: {@link Ids#of} of {@code resource}; recomputed, whatever is passed
 * @param modelUpper derived: {@code model} in upper case for matching; recomputed, whatever is passed
 * @param cutsWholeDevices derived: a dynamic vNPU ({@code huawei.com/npu-core}) that may be carved out
 *     of a whole-mode device; recomputed, whatever is passed
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
    int coresPercent,
    int profileId,
    int resourceId,
    String modelUpper,
    boolean cutsWholeDevices) {

  public static final int UNSET = -1;

  /** The dynamic vNPU resource of Huawei's MindCluster (AI cores of one NPU). */
  public static final String NPU_CORE = "huawei.com/npu-core";

  public AcceleratorDemand {
    profileId = Ids.of(profile);
    resourceId = Ids.of(resource);
    modelUpper = model == null ? null : model.toUpperCase(Locale.ROOT);
    cutsWholeDevices = NPU_CORE.equals(resource);
  }

  /** The contract's constructor: the derived fields are computed. */
  public AcceleratorDemand(
      Vendor vendor,
      DemandKind kind,
      String resource,
      String model,
      String profile,
      long count,
      long memoryMiB,
      int memoryPercent,
      int coresPercent) {
    this(vendor, kind, resource, model, profile, count, memoryMiB, memoryPercent, coresPercent, 0, 0, null, false);
  }

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

  /** SHARE: true when the share asks for the whole compute of each device (HAMi: gpucores 100). */
  public boolean exclusive() {
    return kind == DemandKind.WHOLE || (kind == DemandKind.SHARE && coresPercent >= 100);
  }
}
