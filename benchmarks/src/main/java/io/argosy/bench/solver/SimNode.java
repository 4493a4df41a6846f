package io.argosy.bench.solver;

import io.argosy.gpu.demand.DemandKind;
import io.argosy.solver.model.AcceleratorShape;
import io.argosy.solver.model.DeviceGroup;
import io.argosy.solver.model.NodeBucket;
import io.argosy.solver.model.NodeBuckets;
import io.argosy.solver.model.PodShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A node of a generated fleet with mutable usage, used to lay down the load already running before
 * the measured cycle and then to report its free shape as a {@link NodeBucket}.
 */
final class SimNode {

  static final long GIB = 1L << 30;

  /** One device group: per-device free share (0..1000) and, for shared groups, free memory. */
  static final class Devices {
    final String resource;
    final String model;
    final boolean shared;
    final long memoryMiB;
    final int gpuMilliPerUnit;
    final int[] freeMilli;
    final long[] freeMemoryMiB;

    Devices(String resource, String model, boolean shared, long memoryMiB, int gpuMilliPerUnit, int count) {
      this.resource = resource;
      this.model = model;
      this.shared = shared;
      this.memoryMiB = memoryMiB;
      this.gpuMilliPerUnit = gpuMilliPerUnit;
      this.freeMilli = new int[count];
      Arrays.fill(freeMilli, 1000);
      this.freeMemoryMiB = new long[shared ? count : 0];
      Arrays.fill(freeMemoryMiB, memoryMiB);
    }

    long capacityGpuMilli() {
      return (long) freeMilli.length * gpuMilliPerUnit;
    }

    long freeGpuMilli() {
      long s = 0;
      for (int m : freeMilli) {
        s += m;
      }
      return s * gpuMilliPerUnit / 1000;
    }

    DeviceGroup toGroup() {
      List<Integer> milli = new ArrayList<>();
      List<Long> mem = new ArrayList<>();
      for (int i = 0; i < freeMilli.length; i++) {
        milli.add(freeMilli[i]);
        if (shared) {
          mem.add(freeMemoryMiB[i]);
        }
      }
      // identical free shapes must compare equal: sort most free first, like the packing does
      Integer[] order = new Integer[freeMilli.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> freeMilli[a] != freeMilli[b]
          ? Integer.compare(freeMilli[b], freeMilli[a])
          : shared ? Long.compare(freeMemoryMiB[b], freeMemoryMiB[a]) : 0);
      List<Integer> sm = new ArrayList<>();
      List<Long> smem = new ArrayList<>();
      for (int i : order) {
        sm.add(milli.get(i));
        if (shared) {
          smem.add(mem.get(i));
        }
      }
      return new DeviceGroup(resource, model, shared, shared ? memoryMiB : 0, gpuMilliPerUnit, sm, smem);
    }
  }

  final long cpuMilli;
  final long memoryBytes;
  long cpuUsed;
  long memUsed;
  int podsUsed;
  final List<Devices> devices = new ArrayList<>();

  SimNode(long cpuMilli, long memoryBytes) {
    this.cpuMilli = cpuMilli;
    this.memoryBytes = memoryBytes;
  }

  SimNode with(Devices d) {
    devices.add(d);
    return this;
  }

  long capacityGpuMilli() {
    long s = 0;
    for (Devices d : devices) {
      s += d.capacityGpuMilli();
    }
    return s;
  }

  long freeGpuMilli() {
    long s = 0;
    for (Devices d : devices) {
      s += d.freeGpuMilli();
    }
    return s;
  }

  /** True when {@code pod} fits: CPU, memory, a pod slot and every accelerator request. */
  boolean fits(PodShape pod) {
    return place(pod, false);
  }

  /** Places {@code pod} if it fits (whole units on wholly free devices, shares on the tightest device). */
  boolean place(PodShape pod) {
    return place(pod, true);
  }

  private boolean place(PodShape pod, boolean apply) {
    if (cpuMilli - cpuUsed < pod.cpuMilli() || memoryBytes - memUsed < pod.memoryBytes() || podsUsed >= 110) {
      return false;
    }
    List<int[]> picks = new ArrayList<>();
    for (AcceleratorShape a : pod.accelerators()) {
      Devices d = match(a);
      if (d == null) {
        return false;
      }
      int[] chosen = new int[a.devices()];
      int found = 0;
      boolean share = a.kind() == DemandKind.SHARE;
      // shares: tightest devices first; whole units: wholly free devices
      Integer[] order = new Integer[d.freeMilli.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (x, y) -> Integer.compare(d.freeMilli[x], d.freeMilli[y]));
      for (int i : order) {
        if (found == chosen.length) {
          break;
        }
        boolean ok = share
            ? d.freeMilli[i] >= a.milliPerDevice() && d.freeMemoryMiB[i] >= a.memoryMiBPerDevice()
            : d.freeMilli[i] == 1000 && (!d.shared || d.freeMemoryMiB[i] == d.memoryMiB);
        if (ok) {
          chosen[found++] = i;
        }
      }
      if (found < chosen.length) {
        return false;
      }
      picks.add(chosen);
    }
    if (!apply) {
      return true;
    }
    for (int k = 0; k < pod.accelerators().size(); k++) {
      AcceleratorShape a = pod.accelerators().get(k);
      Devices d = match(a);
      for (int i : picks.get(k)) {
        if (a.kind() == DemandKind.SHARE) {
          d.freeMilli[i] -= a.milliPerDevice();
          d.freeMemoryMiB[i] -= a.memoryMiBPerDevice();
        } else {
          d.freeMilli[i] = 0;
          if (d.shared) {
            d.freeMemoryMiB[i] = 0;
          }
        }
      }
    }
    cpuUsed += pod.cpuMilli();
    memUsed += pod.memoryBytes();
    podsUsed++;
    return true;
  }

  private Devices match(AcceleratorShape a) {
    for (Devices d : devices) {
      if (d.resource.equals(a.resource())
          && (a.model() == null || a.model().equalsIgnoreCase(d.model))
          && (a.kind() != DemandKind.SHARE || d.shared)) {
        return d;
      }
    }
    return null;
  }

  /** The free shape, CPU rounded down to whole cores and memory to whole GiB (coarser buckets). */
  NodeBucket toBucket() {
    List<DeviceGroup> groups = new ArrayList<>();
    for (Devices d : devices) {
      groups.add(d.toGroup());
    }
    long cpu = (cpuMilli - cpuUsed) / 1000 * 1000;
    long mem = (memoryBytes - memUsed) / GIB * GIB;
    return new NodeBucket(1, Math.max(0, cpu), Math.max(0, mem), Math.max(0, 110 - podsUsed), groups);
  }

  /** Groups identical free shapes into buckets, in first-seen order. */
  static List<NodeBucket> buckets(List<SimNode> nodes) {
    List<NodeBucket> single = new ArrayList<>(nodes.size());
    for (SimNode n : nodes) {
      single.add(n.toBucket());
    }
    return NodeBuckets.group(single);
  }
}
