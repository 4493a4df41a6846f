package io.argosy.scheduler.openb;

/**
 * One row of an openb node list ({@code sn,cpu_milli,memory_mib,gpu,model}).
 *
 * @param name node name ({@code sn})
 * @param cpuMilli CPU in millicores
 * @param memoryMib memory in MiB
 * @param gpuCount number of GPUs
 * @param model GPU model, or null for a node without GPUs
 */
public record TraceNode(String name, long cpuMilli, long memoryMib, int gpuCount, String model) {}
