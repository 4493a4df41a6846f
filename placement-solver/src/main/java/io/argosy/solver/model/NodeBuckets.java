package io.argosy.solver.model;

import io.argosy.gpu.fit.NodeState;
import io.argosy.gpu.inventory.Device;
import io.argosy.gpu.inventory.DeviceMode;
import io.argosy.gpu.inventory.Partition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Helpers for the caller that turns per-node free state into buckets: coarsen a node's free CPU and
 * memory (fewer distinct shapes, a faster check, a little pessimism) and group identical shapes.
 */
public final class NodeBuckets {

  private static final Pattern MIG_SLICES = Pattern.compile("^(\\d+)g\\.");

  private NodeBuckets() {}

  /**
   * The free shape of one node from gpu-model's {@link NodeState}, as a bucket of one. Devices are
   * grouped by resource name and model: whole devices are free (1000) only when nothing uses them;
   * shared devices carry gpu-model's free share ({@link NodeState#freeMilli(int)}) and free memory;
   * partition instances (MIG, vNPU, MIM) form one group per partition resource, each instance 1000
   * or 0 and worth its MIG compute slices (a whole device when the profile does not say); countable
   * extended resources become countable groups. Unhealthy devices are never free.
   *
   * @param resourceOf the resource name requests use for a non-partitioned device, e.g.
   *     {@code nvidia.com/gpu} or {@code huawei.com/Ascend910}: the same naming the caller uses for
   *     {@link AcceleratorShape#resource()}
   */
  public static NodeBucket fromNodeState(NodeState node, Function<Device, String> resourceOf) {
    Map<List<Object>, GroupBuilder> groups = new LinkedHashMap<>();
    for (int i = 0; i < node.deviceCount(); i++) {
      Device d = node.device(i);
      if (d.mode() == DeviceMode.MIG_MIXED || d.mode() == DeviceMode.MIG_SINGLE || d.mode() == DeviceMode.PARTITIONED) {
        continue;
      }
      boolean shared = d.mode() == DeviceMode.SHARE;
      GroupBuilder g = groups.computeIfAbsent(List.of(resourceOf.apply(d), d.model(), shared),
          k -> new GroupBuilder(resourceOf.apply(d), d.model(), shared, d.memoryMiB(), AcceleratorShape.FULL));
      boolean untouched = d.healthy() && node.tasks(i) == 0 && !node.exclusive(i);
      if (shared) {
        g.add(d.healthy() ? node.freeMilli(i) : 0, d.healthy() ? node.freeMemoryMiB(i) : 0);
      } else {
        g.add(untouched ? AcceleratorShape.FULL : 0, 0);
      }
    }
    for (int q = 0; q < node.partitionCount(); q++) {
      Partition part = node.partition(q);
      Device d = node.device(part.deviceIndex());
      GroupBuilder g = groups.computeIfAbsent(List.of(part.resource(), d.model(), false),
          k -> new GroupBuilder(part.resource(), d.model(), false, 0, partitionWorth(part.profile())));
      g.add(d.healthy() && node.partitionFree(q) ? AcceleratorShape.FULL : 0, 0);
    }
    List<DeviceGroup> out = new ArrayList<>();
    for (GroupBuilder g : groups.values()) {
      out.add(g.build());
    }
    node.countableFree().forEach((resource, free) -> {
      // only extended resources (domain/name) are requested by count; ephemeral-storage and hugepages
      // are byte amounts that would become billions of units
      if (resource.indexOf('/') > 0) {
        out.add(DeviceGroup.countable(resource, (int) Math.min(Integer.MAX_VALUE, free)));
      }
    });
    return new NodeBucket(1, node.freeCpuMilli(), node.freeMemoryBytes(), node.freePods(), out);
  }

  private static int partitionWorth(String profile) {
    Matcher m = profile == null ? null : MIG_SLICES.matcher(profile);
    if (m != null && m.find()) {
      return Math.min(7, Integer.parseInt(m.group(1))) * AcceleratorShape.FULL / 7;
    }
    return AcceleratorShape.FULL;
  }

  private static final class GroupBuilder {
    final String resource;
    final String model;
    final boolean shared;
    final long memoryMiB;
    final int worth;
    final List<int[]> devices = new ArrayList<>();
    final List<Long> memory = new ArrayList<>();

    GroupBuilder(String resource, String model, boolean shared, long memoryMiB, int worth) {
      this.resource = resource;
      this.model = model;
      this.shared = shared;
      this.memoryMiB = memoryMiB;
      this.worth = worth;
    }

    void add(int freeMilli, long freeMemoryMiB) {
      devices.add(new int[] {freeMilli, devices.size()});
      memory.add(Math.min(memoryMiB, freeMemoryMiB));
    }

    /** Most free first, so that equal nodes give equal buckets. */
    DeviceGroup build() {
      devices.sort((a, b) -> a[0] != b[0] ? Integer.compare(b[0], a[0]) : Long.compare(memory.get(b[1]), memory.get(a[1])));
      List<Integer> milli = new ArrayList<>();
      List<Long> mem = new ArrayList<>();
      for (int[] d : devices) {
        milli.add(d[0]);
        if (shared) {
          mem.add(memory.get(d[1]));
        }
      }
      return new DeviceGroup(resource, model, shared, shared ? memoryMiB : 0, worth, milli, mem);
    }
  }

  /** The bucket with free CPU and memory rounded down to multiples of the steps (devices untouched). */
  public static NodeBucket coarsen(NodeBucket b, long cpuStepMilli, long memoryStepBytes) {
    return new NodeBucket(b.count(), b.cpuMilli() / cpuStepMilli * cpuStepMilli,
        b.memoryBytes() / memoryStepBytes * memoryStepBytes, b.pods(), b.devices());
  }

  /**
   * Merges buckets with identical shapes, summing counts, in first-seen order. Devices of a group
   * should be listed most-free first so that equal nodes compare equal.
   */
  public static List<NodeBucket> group(Collection<NodeBucket> buckets) {
    Map<NodeBucket, Integer> counts = new LinkedHashMap<>();
    for (NodeBucket b : buckets) {
      counts.merge(new NodeBucket(1, b.cpuMilli(), b.memoryBytes(), b.pods(), b.devices()), b.count(), Integer::sum);
    }
    List<NodeBucket> out = new ArrayList<>(counts.size());
    counts.forEach((b, n) -> out.add(new NodeBucket(n, b.cpuMilli(), b.memoryBytes(), b.pods(), b.devices())));
    return out;
  }
}
