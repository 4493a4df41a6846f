package io.argosy.gpu.inventory;

/**
 * One fixed partition instance on a device: a MIG instance, an Ascend vNPU or a Cambricon MIM.
 *
 * @param id stable id, e.g. {@code gpu-3/mig-3g.40gb-0}
 * @param profile profile name as in resource names ({@code 3g.40gb}, {@code 2c}, {@code 2m.8gb})
 * @param resource the resource name it is published under ({@code nvidia.com/mig-3g.40gb};
 *     {@code nvidia.com/gpu} with the MIG single strategy)
 * @param deviceIndex index of the physical device it lives on
 * @param memoryMiB its device memory
 * @param computeSlices compute slices it takes (MIG: of 7; vNPU: AI cores)
 * @param deviceSlices compute slices of its whole device, so that {@code computeSlices / deviceSlices}
 *     is its share of the device
 */
public record Partition(
    String id, String profile, String resource, int deviceIndex, long memoryMiB, int computeSlices, int deviceSlices) {

  public Partition {
    if (computeSlices < 0 || deviceSlices <= 0 || computeSlices > deviceSlices) {
      throw new IllegalArgumentException("partition " + id + ": " + computeSlices + " of " + deviceSlices + " slices");
    }
  }

  /** The contract's constructor, for partitions of unknown size: one slice of one. */
  public Partition(String id, String profile, String resource, int deviceIndex, long memoryMiB) {
    this(id, profile, resource, deviceIndex, memoryMiB, 1, 1);
  }

  /** Its share of the device in milli-device (a MIG 3g of 7 slices: 428). */
  public int milli() {
    return (int) ((long) computeSlices * 1000 / deviceSlices);
  }
}
