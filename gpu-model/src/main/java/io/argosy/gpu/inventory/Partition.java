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
 */
public record Partition(String id, String profile, String resource, int deviceIndex, long memoryMiB) {}
