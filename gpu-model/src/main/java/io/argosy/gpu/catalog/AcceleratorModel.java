package io.argosy.gpu.catalog;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One accelerator model of the catalog (data in {@code gpu-model/src/main/resources/catalog.yaml},
 * extensible by an admin's YAML).
 *
 * @param name canonical name, e.g. {@code A100-80GB}, {@code Ascend910B3}, {@code MLU370-X8}
 * @param vendor who makes it
 * @param memoryMiB device memory
 * @param computeUnits SMs (NVIDIA), AI cores (Ascend), clusters/cores as the vendor counts them
 * @param computeSlices total compute slices of a partitionable device (MIG: 7; Ascend: AI cores), else 0
 * @param memorySlices total memory slices of a partitionable device (MIG: 8), else 0
 * @param aliases product strings device plugins publish (GFD {@code nvidia.com/gpu.product}, HAMi
 *     register types, Ascend chip names), matched case-insensitively after normalisation
 * @param partitions MIG profiles, vNPU templates or MIM profiles this model supports
 * @param layouts named partition layouts of one device, e.g. mig-parted's {@code all-balanced}
 */
public record AcceleratorModel(
    String name,
    Vendor vendor,
    long memoryMiB,
    int computeUnits,
    int computeSlices,
    int memorySlices,
    List<String> aliases,
    List<PartitionProfile> partitions,
    Map<String, List<String>> layouts) {

  public AcceleratorModel {
    aliases = List.copyOf(aliases);
    partitions = List.copyOf(partitions);
    layouts = Map.copyOf(layouts);
  }

  public Optional<PartitionProfile> partition(String profileName) {
    for (PartitionProfile p : partitions) {
      if (p.name().equalsIgnoreCase(profileName) || p.template().equalsIgnoreCase(profileName)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
