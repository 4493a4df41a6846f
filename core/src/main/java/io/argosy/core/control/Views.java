package io.argosy.core.control;

import io.argosy.api.NodeReport;
import io.argosy.api.PodBinding;
import io.argosy.api.PodPhase;
import io.argosy.core.view.CapacityReport;
import io.argosy.core.view.ClusterView;
import io.argosy.core.view.JobView;
import io.argosy.core.view.PodView;
import io.argosy.core.view.QueueInfo;
import io.argosy.gpu.fit.ContainerAssignment;
import io.argosy.gpu.fit.DeviceGrant;
import io.argosy.gpu.fit.NodeState;
import io.argosy.gpu.inventory.Device;
import io.argosy.gpu.inventory.NodeInventory;
import io.argosy.gpu.inventory.Partition;
import io.argosy.queue.admin.QueueView;
import io.argosy.queue.job.JobState;
import io.argosy.queue.quota.QuotaOverage;
import io.argosy.scheduler.fleet.ClusterState;
import io.argosy.scheduler.fleet.FleetState;
import io.argosy.scheduler.fleet.NodeSlot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Builds the immutable API views from scheduler-thread state. */
final class Views {
  private Views() {}

  static JobView job(JobRecord r, ControlLoop loop) {
    var j = r.job;
    List<String> pending = r.state == JobState.PENDING ? pendingReasons(r, loop) : List.of();
    return new JobView(j.id().namespace(), j.id().name(), r.uid, r.apiVersion, r.kind, j.queue(), j.priority(),
        j.priorityClassName(), r.state.displayName(), r.reason, ControlLoop.iso(j.submitTime()),
        ControlLoop.iso(r.updatedAt), j.totalReplicas(), r.clusters, r.placement, pending, List.copyOf(r.history),
        r.propagationPolicy, r.overrides.entrySet().stream().map(e -> new JobView.ClusterOverrides(e.getKey(), e.getValue())).toList());
  }

  private static List<String> pendingReasons(JobRecord r, ControlLoop loop) {
    if (!r.pendingReasons.isEmpty()) {
      return r.pendingReasons;
    }
    var st = loop.queues.status(r.job.id());
    if (st.isPresent() && st.get().pendingReason() != null) {
      return List.of(st.get().pendingReason());
    }
    return List.of();
  }

  /** Every pod of the job's current bindings, with what its devices are. */
  static List<PodView> placement(JobRecord r, Map<String, ClusterRecord> clusters) {
    return placement(r.bindings.values(), clusters);
  }

  static List<PodView> placement(java.util.Collection<BindingEntry> bindings, Map<String, ClusterRecord> clusters) {
    List<PodView> out = new ArrayList<>();
    for (BindingEntry e : bindings) {
      ClusterRecord c = clusters.get(e.cluster);
      for (PodBinding p : e.pods) {
        NodeReport node = c == null ? null : c.nodes.get(p.node());
        List<String> devices = new ArrayList<>();
        for (ContainerAssignment ca : p.assignment().containers()) {
          for (DeviceGrant g : ca.grants()) {
            devices.add(g.partitionId() != null ? g.partitionId() : g.deviceId());
          }
        }
        PodPhase phase = e.phases.get(p.name());
        out.add(new PodView(p.name(), p.task(), e.cluster, p.node(), devices,
            accelerators(p, node == null ? null : node.inventory()), phase == null ? "Pending" : phaseName(phase),
            e.reasons.get(p.name())));
      }
    }
    return out;
  }

  static String phaseName(PodPhase p) {
    String n = p.name();
    return n.charAt(0) + n.substring(1).toLowerCase(Locale.ROOT);
  }

  /**
   * What a pod's devices are: {@code 8 x A100-80GB}, {@code 1 x H100-80GB mig-3g.40gb},
   * {@code 2 x L40S 10000MiB/30%}; empty for CPU-only pods.
   */
  static String accelerators(PodBinding p, NodeInventory inv) {
    Map<String, Integer> groups = new LinkedHashMap<>();
    for (ContainerAssignment ca : p.assignment().containers()) {
      for (DeviceGrant g : ca.grants()) {
        Device d = inv == null || g.deviceIndex() >= inv.devices().size() ? null : inv.devices().get(g.deviceIndex());
        String model = d == null ? g.resource() : d.model();
        String what;
        if (g.partitionId() != null) {
          String profile = g.partitionId();
          if (d != null) {
            for (Partition part : d.partitions()) {
              if (part.id().equals(g.partitionId())) {
                profile = part.profile();
              }
            }
          }
          what = model + " " + (g.resource().startsWith("nvidia.com/") ? "mig-" : "") + profile;
        } else if (!g.exclusive() || g.cores() < 100) {
          what = model + " " + g.memoryMiB() + "MiB/" + g.cores() + "%";
        } else {
          what = model;
        }
        groups.merge(what, 1, Integer::sum);
      }
    }
    List<String> parts = new ArrayList<>();
    groups.forEach((what, n) -> parts.add(n + " x " + what));
    return String.join(", ", parts);
  }

  static ClusterView cluster(ClusterRecord c, Instant now) {
    int ready = 0;
    Map<String, int[]> acc = new TreeMap<>();
    Map<String, String[]> accKeys = new TreeMap<>();
    for (NodeReport n : c.nodes.values()) {
      if (n.inventory().ready()) {
        ready++;
      }
      for (Device d : n.inventory().devices()) {
        String key = d.vendor() + "|" + d.model() + "|" + d.mode();
        acc.computeIfAbsent(key, k -> new int[1])[0]++;
        accKeys.put(key, new String[] {d.vendor().name().toLowerCase(Locale.ROOT), d.model(),
            d.mode().name().toLowerCase(Locale.ROOT).replace('_', '-')});
      }
    }
    List<ClusterView.AcceleratorCount> counts = new ArrayList<>();
    acc.forEach((k, v) -> {
      String[] a = accKeys.get(k);
      counts.add(new ClusterView.AcceleratorCount(a[0], a[1], a[2], v[0]));
    });
    String condition = !c.connected ? "AgentDisconnected" : c.silent ? "AgentSilent" : c.sequence < 0 ? "Syncing"
        : c.cordoned ? "Cordoned" : "Ready";
    return new ClusterView(c.name, c.version, c.mode, c.ready() && !c.cordoned, condition, c.connected, c.cordoned,
        ControlLoop.iso(c.joinedAt), ControlLoop.iso(c.lastSeen), c.labels, c.effectiveTaints(), c.nodes.size(), ready,
        counts, ClusterHealth.status(c).display);
  }

  static QueueInfo queue(QueueView q) {
    var s = q.spec();
    List<String> over = new ArrayList<>();
    for (QuotaOverage o : q.overages()) {
      over.add(o.describe());
    }
    String parent = s.parent() == null || s.parent().equals("root") ? null : s.parent();
    return new QueueInfo(s.name(), parent, s.weight(), s.priority(), s.open(), s.reclaimable(),
        new TreeMap<>(s.quota().capability().toMap()), new TreeMap<>(s.quota().guarantee().toMap()),
        new TreeMap<>(q.deserved().toMap()), new TreeMap<>(q.usage().toMap()), q.pendingJobs(), q.jobsHoldingQuota(), over);
  }

  /** Free and used capacity per cluster and accelerator, from the fleet state (observed + assumed). */
  static CapacityReport capacity(FleetState fleet, Map<String, ClusterRecord> clusters, Instant now) {
    List<CapacityReport.ClusterCapacity> out = new ArrayList<>();
    Map<String, Acc> totals = new TreeMap<>();
    for (ClusterState cs : fleet.clusters()) {
      long cpuT = 0;
      long cpuF = 0;
      long memT = 0;
      long memF = 0;
      long podT = 0;
      long podF = 0;
      Map<String, Acc> acc = new TreeMap<>();
      for (int i = 0; i < cs.slotCount(); i++) {
        NodeSlot s = cs.slot(i);
        if (s == null) {
          continue;
        }
        NodeState st = s.state();
        cpuT += st.cpuAllocatableMilli();
        cpuF += st.freeCpuMilli();
        memT += st.memoryAllocatableBytes();
        memF += st.freeMemoryBytes();
        podT += st.podsAllocatable();
        podF += st.freePods();
        int[] partTotal = new int[st.deviceCount()];
        int[] partUsed = new int[st.deviceCount()];
        for (int q = 0; q < st.partitionCount(); q++) {
          Partition p = st.partition(q);
          Device dev = st.device(p.deviceIndex());
          Acc a = acc.computeIfAbsent(dev.vendor() + "|" + dev.model() + "|" + dev.mode(), k -> new Acc(dev));
          int[] tf = a.partitions.computeIfAbsent(p.resource(), k -> new int[2]);
          tf[0]++;
          boolean free = st.partitionFree(q);
          tf[1] += free ? 1 : 0;
          partTotal[p.deviceIndex()] += p.milli();
          partUsed[p.deviceIndex()] += free ? 0 : p.milli();
        }
        for (int d = 0; d < st.deviceCount(); d++) {
          Device dev = st.device(d);
          String key = dev.vendor() + "|" + dev.model() + "|" + dev.mode();
          Acc a = acc.computeIfAbsent(key, k -> new Acc(dev));
          a.devices++;
          if (partTotal[d] > 0) {
            // a partitioned device: its instances decide (a layout may leave slices unused)
            a.freeDevices += partUsed[d] == 0 ? 1 : 0;
            a.usedMilli += Math.round(1000.0 * partUsed[d] / partTotal[d]);
          } else {
            int free = st.freeMilli(d);
            a.freeDevices += free >= 1000 ? 1 : 0;
            a.usedMilli += 1000 - free;
          }
        }
      }
      List<CapacityReport.AcceleratorCapacity> list = new ArrayList<>();
      for (Map.Entry<String, Acc> e : acc.entrySet()) {
        list.add(e.getValue().view());
        totals.computeIfAbsent(e.getKey(), k -> new Acc(e.getValue().device)).add(e.getValue());
      }
      ClusterRecord rec = clusters.get(cs.name());
      out.add(new CapacityReport.ClusterCapacity(cs.name(), rec != null && rec.ready() && !rec.cordoned, cs.nodeCount(),
          new CapacityReport.Amount(cpuT, cpuF), new CapacityReport.Amount(memT, memF), new CapacityReport.Amount(podT, podF),
          list));
    }
    List<CapacityReport.AcceleratorCapacity> tot = new ArrayList<>();
    totals.values().forEach(a -> tot.add(a.view()));
    return new CapacityReport(ControlLoop.iso(now), out, tot);
  }

  private static final class Acc {
    final Device device;
    int devices;
    int freeDevices;
    long usedMilli;
    final Map<String, int[]> partitions = new TreeMap<>();

    Acc(Device device) {
      this.device = device;
    }

    void add(Acc o) {
      devices += o.devices;
      freeDevices += o.freeDevices;
      usedMilli += o.usedMilli;
      o.partitions.forEach((k, v) -> {
        int[] tf = partitions.computeIfAbsent(k, x -> new int[2]);
        tf[0] += v[0];
        tf[1] += v[1];
      });
    }

    CapacityReport.AcceleratorCapacity view() {
      List<CapacityReport.PartitionCapacity> parts = new ArrayList<>();
      partitions.forEach((k, v) -> parts.add(new CapacityReport.PartitionCapacity(k, v[0], v[1])));
      return new CapacityReport.AcceleratorCapacity(device.vendor().name().toLowerCase(Locale.ROOT), device.model(),
          device.mode().name().toLowerCase(Locale.ROOT).replace('_', '-'), devices, freeDevices, percent(usedMilli, devices),
          parts);
    }
  }

  /** Used share in percent with one decimal. */
  static double percent(long usedMilli, int devices) {
    return devices == 0 ? 0 : Math.round((double) usedMilli / devices) / 10.0;
  }
}
