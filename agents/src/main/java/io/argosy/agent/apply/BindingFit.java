package io.argosy.agent.apply;

import io.argosy.api.NodeReport;
import io.argosy.gpu.fit.Assignment;
import io.argosy.gpu.fit.ContainerAssignment;
import io.argosy.gpu.fit.DeviceGrant;
import io.argosy.gpu.inventory.Device;
import io.argosy.gpu.inventory.DeviceMode;
import io.argosy.gpu.inventory.NodeInventory;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Re-checks a binding's assignments against the cluster as the agent sees it now, because the
 * cluster may have changed since the core decided: the node may be gone, not ready, cordoned or
 * tainted, or other pods may hold what the binding wants. The check is on the concrete assignment
 * (these devices, partitions and shares), not a new search.
 */
public final class BindingFit {
  private BindingFit() {}

  /** Every held assignment exact: see {@link #check(String, NodeReport, List, List, List, List)}. */
  public static String check(String nodeName, NodeReport report, List<Assignment> held, List<Assignment> wanted,
      List<Toleration> tolerations) {
    return check(nodeName, report, held, List.of(), wanted, tolerations);
  }

  /**
   * Why {@code wanted} cannot be placed on its node, or null when it fits.
   *
   * @param report the node, or null when it does not exist
   * @param held what pods bound there (and bindings in flight) hold on known devices: Argosy's pods
   *     ({@code argosy.io/devices}) and HAMi-allocated pods
   * @param approximate what other pods hold where only the amount is known (a whole-GPU pod of
   *     another scheduler: the device plugin chose the device, its index is a guess): counted in
   *     CPU, memory, pods, countables and the number of whole devices taken, not against particular devices
   * @param wanted the assignments to add, all on this node
   * @param tolerations the pods' tolerations
   */
  public static String check(String nodeName, NodeReport report, List<Assignment> held, List<Assignment> approximate,
      List<Assignment> wanted, List<Toleration> tolerations) {
    if (report == null) {
      return "node " + nodeName + " no longer exists";
    }
    NodeInventory n = report.inventory();
    if (report.unschedulable()) {
      return "node " + nodeName + " is cordoned";
    }
    if (!n.ready()) {
      return "node " + nodeName + " is not ready";
    }
    String taint = Tolerations.untolerated(n.taints(), tolerations);
    if (taint != null) {
      return "node " + nodeName + " has taint " + taint + " that the pod does not tolerate";
    }
    long cpu = 0;
    long mem = 0;
    int pods = held.size() + approximate.size() + wanted.size();
    long approxWhole = 0;
    for (Assignment a : approximate) {
      cpu += a.cpuMilli();
      mem += a.memoryBytes();
      for (ContainerAssignment c : a.containers()) {
        for (DeviceGrant g : c.grants()) {
          approxWhole += g.partitionId() == null && g.exclusive() ? 1 : 0;
        }
      }
    }
    Map<String, Long> countableApprox = new HashMap<>();
    approximate.forEach(a -> a.containers().forEach(c -> c.countable().forEach((k, v) -> countableApprox.merge(k, v, Long::sum))));
    Map<String, Long> countable = new HashMap<>(countableApprox);
    Map<Integer, long[]> device = new HashMap<>(); // index → {memory, cores, tasks, exclusive}
    Set<String> partitions = new HashSet<>();
    for (List<Assignment> list : List.of(held, wanted)) {
      for (Assignment a : list) {
        cpu += a.cpuMilli();
        mem += a.memoryBytes();
        for (ContainerAssignment c : a.containers()) {
          c.countable().forEach((k, v) -> countable.merge(k, v, Long::sum));
          for (DeviceGrant g : c.grants()) {
            long[] u = device.computeIfAbsent(g.deviceIndex(), k -> new long[4]);
            if (g.partitionId() != null) {
              // a partition is its own unit: it only conflicts with the same partition
              if (!partitions.add(g.partitionId())) {
                return "node " + nodeName + ": partition " + g.partitionId() + " is already taken";
              }
              continue;
            }
            u[0] += g.memoryMiB();
            u[1] += g.cores();
            u[2] += 1;
            u[3] += g.exclusive() ? 1 : 0;
          }
        }
      }
    }
    if (cpu > n.cpuMilli()) {
      return insufficient(nodeName, "cpu", cpu, n.cpuMilli(), "m");
    }
    if (mem > n.memoryBytes()) {
      return insufficient(nodeName, "memory", mem, n.memoryBytes(), " bytes");
    }
    if (pods > n.pods()) {
      return "node " + nodeName + ": too many pods, " + pods + " > " + n.pods();
    }
    for (var e : countable.entrySet()) {
      long have = n.countable().getOrDefault(e.getKey(), 0L);
      if (e.getValue() > have) {
        return insufficient(nodeName, e.getKey(), e.getValue(), have, "");
      }
    }
    long freeWhole = 0;
    for (Device d : n.devices()) {
      long[] u = device.get(d.index());
      freeWhole += d.healthy() && d.mode() == DeviceMode.WHOLE && (u == null || u[2] == 0) ? 1 : 0;
    }
    if (approxWhole > freeWhole) {
      return "node " + nodeName + ": other pods take " + approxWhole + " whole devices, only " + freeWhole + " are free";
    }
    for (var e : device.entrySet()) {
      Device d = DeviceAnnotations.device(n, e.getKey());
      long[] u = e.getValue();
      if (d == null) {
        return "node " + nodeName + " has no device " + e.getKey();
      }
      if (!d.healthy()) {
        return "node " + nodeName + ": device " + d.id() + " is unhealthy";
      }
      if (u[3] > 0 && u[2] > 1) {
        return "node " + nodeName + ": device " + d.id() + " is taken exclusively";
      }
      if (u[0] > d.memoryMiB()) {
        return insufficient(nodeName, d.id() + " memory", u[0], d.memoryMiB(), " MiB");
      }
      if (u[1] > d.cores()) {
        return insufficient(nodeName, d.id() + " cores", u[1], d.cores(), "%");
      }
      if (d.partitions().isEmpty() && u[2] > Math.max(1, d.splitCount())) {
        return "node " + nodeName + ": device " + d.id() + " already has " + (u[2] - 1) + " tasks, its split count is " + d.splitCount();
      }
    }
    return null;
  }

  static String insufficient(String node, String what, long need, long have, String unit) {
    return "node " + node + ": insufficient " + what + ", need " + need + unit + " in total, node has " + have + unit;
  }
}
