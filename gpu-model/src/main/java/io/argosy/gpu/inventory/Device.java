package io.argosy.gpu.inventory;

import io.argosy.gpu.catalog.Vendor;
import java.util.List;

/**
 * One physical device of a node.
 *
 * @param id device id: the UUID where the plugin publishes one (HAMi register), else
 *     {@code <node>/<vendor-short>-<index>}, e.g. {@code node-1/gpu-3}
 * @param index position on the node, 0-based
 * @param vendor who makes it
 * @param model catalog model name ({@code A100-80GB}) or the product string when the catalog does not know it
 * @param product the product string the plugin published ({@code NVIDIA-A100-SXM4-80GB}), for type matching
 * @param memoryMiB total device memory (after HAMi's memory scaling, if any)
 * @param cores compute capacity in percent units: 100 per device (after HAMi's core scaling, if any)
 * @param mode how it is exposed
 * @param splitCount most tasks that may share it (HAMi split count; 1 for whole devices)
 * @param healthy false when the plugin marks it unhealthy; unhealthy devices never fit
 * @param numa NUMA node, or -1 when unknown
 * @param partitions MIG / vNPU / MIM instances on this device; empty for other modes
 */
public record Device(
    String id,
    int index,
    Vendor vendor,
    String model,
    String product,
    long memoryMiB,
    int cores,
    DeviceMode mode,
    int splitCount,
    boolean healthy,
    int numa,
    List<Partition> partitions) {

  public Device {
    partitions = List.copyOf(partitions);
  }
}
