package io.argosy.agent.sim;

/**
 * The accelerator part of a fleet-file node template.
 *
 * @param vendor {@code nvidia}, {@code huawei} (alias {@code ascend}), {@code metax}, {@code cambricon}
 * @param model a model of {@link SimHardware}, e.g. {@code A100-80GB}, {@code Ascend310P}, {@code MLU370-X8}
 * @param count physical devices per node
 * @param mode how the device plugin exposes them (see {@link SimMode})
 * @param migConfig partition layout per device: mig-parted names ({@code all-1g.10gb}, {@code all-balanced})
 *     for MIG, {@code all-<profile>} or a comma list of profiles ({@code 4c,2c,2c}) for vNPU and MIM
 * @param splitCount tasks that may share one device in share modes (HAMi default 10)
 */
public record AcceleratorSpec(String vendor, String model, int count, SimMode mode, String migConfig, int splitCount) {}
