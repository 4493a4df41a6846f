package io.argosy.scheduler.fleet;

import io.argosy.gpu.catalog.Vendor;
import io.argosy.gpu.inventory.Device;
import io.argosy.gpu.inventory.DeviceMode;
import io.argosy.gpu.inventory.NodeInventory;
import io.argosy.gpu.inventory.Partition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A node's inventory without what makes it this particular node: its name, device ids and the labels
 * that are unique per node ({@link #PER_NODE_LABELS}). Two nodes of one shape with the same usage
 * give every fit, score and reason the same answer, which is what lets the scheduler fit a pod once
 * per equivalence class instead of once per node. Pods whose constraints name a per-node label or a
 * device UUID are placed node by node instead.
 */
public record NodeShape(
    long cpuMilli,
    long memoryBytes,
    int pods,
    boolean ready,
    Map<String, String> labels,
    List<String> taints,
    List<DeviceShape> devices,
    Map<String, Long> countable) {

  /** Labels whose value differs on every node. */
  public static final Set<String> PER_NODE_LABELS = Set.of("kubernetes.io/hostname");

  public static NodeShape of(NodeInventory inv) {
    Map<String, String> labels = new TreeMap<>(inv.labels());
    labels.keySet().removeAll(PER_NODE_LABELS);
    List<DeviceShape> devices = new ArrayList<>(inv.devices().size());
    for (Device d : inv.devices()) {
      List<PartitionShape> parts = new ArrayList<>(d.partitions().size());
      for (Partition p : d.partitions()) {
        parts.add(new PartitionShape(p.profile(), p.resource(), p.memoryMiB(), p.computeSlices(), p.deviceSlices()));
      }
      devices.add(new DeviceShape(d.vendor(), d.model(), d.product(), d.memoryMiB(), d.cores(), d.mode(),
          d.splitCount(), d.healthy(), d.numa(), List.copyOf(parts)));
    }
    return new NodeShape(inv.cpuMilli(), inv.memoryBytes(), inv.pods(), inv.ready(), Map.copyOf(labels),
        List.copyOf(inv.taints()), List.copyOf(devices), Map.copyOf(inv.countable()));
  }

  /** A device without its id. */
  public record DeviceShape(
      Vendor vendor, String model, String product, long memoryMiB, int cores, DeviceMode mode, int splitCount,
      boolean healthy, int numa, List<PartitionShape> partitions) {}

  /** A partition without its id. */
  public record PartitionShape(String profile, String resource, long memoryMiB, int computeSlices, int deviceSlices) {}
}
