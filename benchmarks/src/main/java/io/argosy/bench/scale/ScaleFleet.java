package io.argosy.bench.scale;

import io.argosy.agent.sim.ClusterSpec;
import io.argosy.agent.sim.FleetFile;
import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.inventory.Device;
import io.argosy.gpu.inventory.InventoryReader;
import io.argosy.gpu.inventory.NodeInventory;
import io.argosy.scheduler.fleet.FleetState;
import io.fabric8.kubernetes.api.model.Node;
import java.util.List;
import java.util.Map;

/**
 * Synthetic fleets: {@code clusters} member clusters of {@code nodes} nodes each, every node built as
 * the agents' simulated clusters build them (device plugin resources and labels, HAMi and MIG
 * annotations) and read by gpu-model's {@link InventoryReader}, as the agent reports it.
 *
 * <p>The mix per cluster: 30% 8-GPU training nodes (A100-80GB, H100 in every third cluster), 10%
 * 4 x V100 or T4 inference nodes, 15% HAMi vGPU nodes (4 x L40S, split 10), 10% A100 MIG nodes
 * (all-balanced: 1g.10gb x2, 2g.20gb, 3g.40gb per GPU), 10% Ascend 910 x 8 and 25% CPU-only. Regions
 * and zones rotate over the clusters.
 */
final class ScaleFleet {
  private static final InventoryReader READER = new InventoryReader(Catalog.builtin());

  private ScaleFleet() {}

  /**
   * Adds the clusters to the fleet state; returns the number of nodes added. Each node kind of a
   * cluster is built and read once, as above; its other nodes are copies under their own names
   * (hostname label, device ids), each with its own label map and device records, which is what
   * reading each node would give at a fraction of the time.
   */
  static int build(FleetState fleet, int clusters, int nodesPerCluster) {
    int added = 0;
    int[] counts = split(nodesPerCluster, PERCENT);
    for (int c = 0; c < clusters; c++) {
      ClusterSpec spec = cluster(c, 1, 1, 1, 1, 1, 1);
      fleet.upsertCluster(spec.name(), spec.labels(), spec.taints(), true, null);
      List<Node> templates = spec.nodes();
      for (int k = 0; k < templates.size(); k++) {
        NodeInventory t = READER.read(templates.get(k));
        String prefix = PREFIXES[k];
        for (int i = 0; i < counts[k]; i++) {
          fleet.upsertNode(spec.name(), copy(t, prefix + "-" + i));
          added++;
        }
      }
    }
    return added;
  }

  private static NodeInventory copy(NodeInventory t, String name) {
    Map<String, String> labels = new java.util.HashMap<>(t.labels());
    labels.replaceAll((k, v) -> v.equals(t.name()) ? name : v);
    List<Device> devices = new java.util.ArrayList<>(t.devices().size());
    for (Device d : t.devices()) {
      devices.add(new Device(d.id().replace(t.name(), name), d.index(), d.vendor(), d.model(), d.product(), d.memoryMiB(),
          d.cores(), d.mode(), d.splitCount(), d.healthy(), d.numa(), d.partitions()));
    }
    return new NodeInventory(name, labels, t.taints(), t.ready(), t.cpuMilli(), t.memoryBytes(), t.pods(), devices,
        t.countable());
  }

  private static final int[] PERCENT = {30, 10, 15, 10, 10, 25};
  private static final String[] PREFIXES = {"train", "infer", "vgpu", "mig", "npu", "cpu"};

  /** The cluster as a fleet file would describe it, with {@code counts} nodes of each kind. */
  static ClusterSpec cluster(int index, int... counts) {
    String big = index % 3 == 2 ? "H100-80GB" : "A100-80GB";
    String small = index % 2 == 0 ? "V100-32GB" : "T4";
    String name = "c" + index;
    StringBuilder yaml = new StringBuilder();
    yaml.append("clusters:\n  - name: ").append(name).append('\n')
        .append("    labels: {region: r").append(index % 5).append(", zone: z").append(index % 15)
        .append(", provider: p").append(index % 3).append("}\n")
        .append("    nodes:\n");
    template(yaml, PREFIXES[0], counts[0], "96", "1024Gi", "{vendor: nvidia, model: " + big + ", count: 8}");
    template(yaml, PREFIXES[1], counts[1], "48", "384Gi", "{vendor: nvidia, model: " + small + ", count: 4}");
    template(yaml, PREFIXES[2], counts[2], "48", "384Gi", "{vendor: nvidia, model: L40S, count: 4, mode: vgpu}");
    template(yaml, PREFIXES[3], counts[3], "96", "1024Gi",
        "{vendor: nvidia, model: A100-80GB, count: 8, mode: mig-mixed, migConfig: all-balanced}");
    template(yaml, PREFIXES[4], counts[4], "192", "1536Gi", "{vendor: huawei, model: Ascend910, count: 8}");
    template(yaml, PREFIXES[5], counts[5], "64", "256Gi", null);
    return FleetFile.parse(yaml.toString()).clusters().get(0);
  }

  private static void template(StringBuilder yaml, String prefix, int count, String cpu, String memory, String acc) {
    if (count == 0) {
      return;
    }
    yaml.append("      - {namePrefix: ").append(prefix).append(", count: ").append(count).append(", cpu: \"").append(cpu)
        .append("\", memory: ").append(memory);
    if (acc != null) {
      yaml.append(", accelerator: ").append(acc);
    }
    yaml.append("}\n");
  }

  /** Splits {@code n} by percentages, rounding so that the parts add up to n (at least one CPU node). */
  static int[] split(int n, int... percent) {
    int[] out = new int[percent.length];
    int sum = 0;
    for (int i = 0; i < percent.length - 1; i++) {
      out[i] = (int) Math.floor(n * percent[i] / 100.0);
      sum += out[i];
    }
    out[percent.length - 1] = n - sum;
    return out;
  }

  static Map<String, String> describe() {
    return Map.of("mix", "30% 8xA100/H100, 10% 4xV100/T4, 15% HAMi 4xL40S, 10% A100 MIG all-balanced, 10% 8xAscend910,"
        + " 25% CPU-only");
  }
}
