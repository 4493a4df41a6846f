package io.argosy.gpu.catalog;

/**
 * A fixed partition of one device: an NVIDIA MIG profile ({@code 3g.40gb}), an Ascend vNPU template
 * ({@code vir02}, published as {@code huawei.com/Ascend310P-2c}) or a Cambricon MIM profile
 * ({@code 2m.8gb}).
 *
 * @param name the profile as it appears in resource names, e.g. {@code 3g.40gb}, {@code 2c}, {@code 2m.8gb}
 * @param template vendor template name where one exists (Ascend {@code vir02}), else equal to name
 * @param computeSlices compute slices (MIG: of 7; vNPU: AI cores)
 * @param memorySlices memory slices (MIG: of 8; others: 0)
 * @param memoryMiB device memory of one instance
 * @param maxPerDevice most instances of this profile one device can hold
 */
public record PartitionProfile(
    String name,
    String template,
    int computeSlices,
    int memorySlices,
    long memoryMiB,
    int maxPerDevice) {}
