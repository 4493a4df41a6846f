package io.argosy.core.view;

import java.util.List;

/**
 * What the fleet has, what is allocated, stranded or promised to whom, and what waits for it
 * ({@code GET /v1/capacity}, {@code argosy capacity}, {@code /ui/capacity}). Allocation counts pods
 * observed by agents and bindings not yet confirmed. Units are gpu-model's: cpu in millicores,
 * memory in bytes, device memory in MiB, device cores in percent of a device. docs/cli.md
 * documents the schema.
 *
 * @param at when the report was made (ISO-8601)
 * @param fragmentationBasis what the fragmentation measure assumes comes next: {@code pending}
 *     (the GPU tasks waiting now), {@code running} (nothing GPU is pending: the running GPU tasks),
 *     {@code none} (neither: nothing is counted fragmented)
 * @param totals per accelerator model and mode over every cluster
 * @param queues quota and usage per tenant queue
 * @param pending demand of the pending jobs per resource, accelerators first
 */
public record CapacityReport(
    String at,
    String fragmentationBasis,
    List<ClusterCapacity> clusters,
    List<AcceleratorCapacity> totals,
    List<QueueCapacity> queues,
    List<PendingDemand> pending) {

  public CapacityReport {
    clusters = List.copyOf(clusters);
    totals = List.copyOf(totals);
    queues = List.copyOf(queues);
    pending = List.copyOf(pending);
  }

  public static final CapacityReport EMPTY = new CapacityReport("", "none", List.of(), List.of(), List.of(), List.of());

  /**
   * One member cluster.
   *
   * @param condition {@code Ready}, {@code Cordoned}, {@code AgentDisconnected}, {@code Syncing} or {@code NotReady}
   * @param unhealthyDevices accelerators their device plugin reports unhealthy
   */
  public record ClusterCapacity(
      String name, boolean ready, String condition, int nodes, int readyNodes, int unhealthyDevices, Amount cpu,
      Amount memory, Amount pods, List<AcceleratorCapacity> accelerators) {
    public ClusterCapacity {
      accelerators = List.copyOf(accelerators);
    }
  }

  /** Total, allocated and free of one resource ({@code allocated + free = total} unless overcommitted). */
  public record Amount(long total, long allocated, long free) {
    public static Amount of(long total, long free) {
      return new Amount(total, Math.max(0, total - free), free);
    }
  }

  /**
   * Devices of one model and mode (in one cluster, or over all of them in {@link #totals}).
   *
   * @param allocatedPercent share of the devices' capacity in use, milli-device precision
   * @param partitions MIG / vNPU / MIM instances by profile, for partitioned modes; else empty
   * @param share memory, cores and task slots of shared devices (HAMi vGPU, sMLU, sGPU); else null
   */
  public record AcceleratorCapacity(
      String vendor, String model, String mode, Devices devices, double allocatedPercent,
      List<PartitionCapacity> partitions, ShareCapacity share) {
    public AcceleratorCapacity {
      partitions = List.copyOf(partitions);
    }
  }

  /**
   * Physical devices.
   *
   * @param allocated healthy devices something uses, wholly or in part
   * @param free healthy devices nothing uses
   * @param fragmented free capacity (in devices, one decimal) the fragmentation measure of the FGD
   *     paper expects the next task of the {@link CapacityReport#fragmentationBasis} mix cannot use
   */
  public record Devices(int total, int allocated, int free, int unhealthy, double fragmented) {}

  /**
   * Instances of one partition profile.
   *
   * @param profile {@code 3g.40gb}, {@code 1g.5gb}, {@code 2c}
   * @param resource the resource they are published as: {@code nvidia.com/mig-3g.40gb}, or
   *     {@code nvidia.com/gpu} with the MIG single strategy
   */
  public record PartitionCapacity(String profile, String resource, int total, int allocated, int free) {}

  /**
   * Shared devices: what the device plugin registers against the physical device.
   *
   * @param memoryMiB device memory in MiB as registered (after memory scaling)
   * @param cores compute in percent of a device (100 per device, after core scaling)
   * @param slots tasks that may share the devices (split count per device)
   * @param physicalMemoryMiB the devices' real memory by the catalog, or 0 when the model is unknown
   * @param memoryOvercommit registered memory over physical memory (1.0 = none; above 1, HAMi
   *     memory scaling promises more than exists)
   */
  public record ShareCapacity(Amount memoryMiB, Amount cores, Amount slots, long physicalMemoryMiB, double memoryOvercommit) {}

  /**
   * One queue's quota against its usage.
   *
   * @param pendingJobs jobs waiting in it
   * @param admittedJobs jobs holding quota
   * @param resources every key its quota, usage or pending demand names
   */
  public record QueueCapacity(
      String name, String parent, int weight, int pendingJobs, int admittedJobs, List<QueueResource> resources,
      List<String> overages) {
    public QueueCapacity {
      resources = List.copyOf(resources);
      overages = List.copyOf(overages);
    }
  }

  /**
   * One resource key of a queue; absent limits are null.
   *
   * @param deserved the effective fair share (explicit, else by weight)
   * @param borrowed usage above deserved (reclaimable unless the queue says otherwise)
   * @param pending demand of the queue's pending jobs
   */
  public record QueueResource(
      String resource, long used, Long deserved, Long guarantee, Long capability, long borrowed, long pending) {}

  /**
   * Pending demand under one resource key.
   *
   * @param jobs pending jobs asking for it
   * @param queues those jobs' queues
   */
  public record PendingDemand(String resource, long amount, int jobs, List<String> queues) {
    public PendingDemand {
      queues = List.copyOf(queues);
    }
  }
}
