package io.argosy.gpu.fit;

/**
 * One device (or partition of one) granted to one container.
 *
 * @param deviceIndex index of the physical device on the node
 * @param deviceId the device's id (UUID where known)
 * @param resource the demand's resource name this grant serves
 * @param partitionId the partition instance id for PARTITION / MIG-single grants, else null
 * @param memoryMiB device memory taken (whole device: all of it)
 * @param cores compute taken in percent units (whole device: 100)
 * @param exclusive true when no other task may share the device afterwards (whole device, cores = 100)
 */
public record DeviceGrant(
    int deviceIndex,
    String deviceId,
    String resource,
    String partitionId,
    long memoryMiB,
    int cores,
    boolean exclusive) {}
