package io.argosy.core.view;

import java.util.List;

/**
 * Free and used capacity per cluster and accelerator ({@code GET /v1/capacity}, {@code argosy capacity}).
 * Held capacity counts pods observed by agents and bindings not yet confirmed.
 *
 * @param at when the report was made (ISO-8601)
 * @param totals per accelerator model and mode over every cluster
 */
public record CapacityReport(String at, List<ClusterCapacity> clusters, List<AcceleratorCapacity> totals) {
  public CapacityReport {
    clusters = List.copyOf(clusters);
    totals = List.copyOf(totals);
  }

  /** One cluster: cpu in millicores, memory in bytes. */
  public record ClusterCapacity(
      String name, boolean ready, int nodes, Amount cpu, Amount memory, Amount pods, List<AcceleratorCapacity> accelerators) {
    public ClusterCapacity {
      accelerators = List.copyOf(accelerators);
    }
  }

  /** Total and free of one resource. */
  public record Amount(long total, long free) {}

  /**
   * Devices of one model and mode.
   *
   * @param devices physical devices (healthy or not)
   * @param freeDevices devices nothing uses at all
   * @param allocatedPercent share of the devices' capacity in use (milli-device precision)
   * @param partitions MIG / vNPU / MIM instances per resource name, for partitioned devices
   */
  public record AcceleratorCapacity(
      String vendor, String model, String mode, int devices, int freeDevices, double allocatedPercent,
      List<PartitionCapacity> partitions) {
    public AcceleratorCapacity {
      partitions = List.copyOf(partitions);
    }
  }

  /** Instances of one partition resource ({@code nvidia.com/mig-3g.40gb}). */
  public record PartitionCapacity(String resource, int total, int free) {}
}
