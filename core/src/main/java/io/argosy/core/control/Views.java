package io.argosy.core.control;

import io.argosy.api.NodeReport;
import io.argosy.api.PodBinding;
import io.argosy.api.PodPhase;
import io.argosy.core.view.ClusterView;
import io.argosy.core.view.JobView;
import io.argosy.core.view.PodView;
import io.argosy.core.view.QueueInfo;
import io.argosy.gpu.fit.ContainerAssignment;
import io.argosy.gpu.fit.DeviceGrant;
import io.argosy.gpu.inventory.Device;
import io.argosy.gpu.inventory.NodeInventory;
import io.argosy.gpu.inventory.Partition;
import io.argosy.queue.admin.QueueView;
import io.argosy.queue.job.JobState;
import io.argosy.queue.quota.QuotaOverage;
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

  private record DeviceKind(io.argosy.gpu.catalog.Vendor vendor, String model, io.argosy.gpu.inventory.DeviceMode mode) {}

  static ClusterView cluster(ClusterRecord c, Instant now) {
    int ready = 0;
    // counted per kind first, strings made per kind only: this runs on every publish (10 times a
    // second under load) over every device of the cluster
    Map<DeviceKind, int[]> byKind = new java.util.HashMap<>();
    for (NodeReport n : c.nodes.values()) {
      if (n.inventory().ready()) {
        ready++;
      }
      for (Device d : n.inventory().devices()) {
        byKind.computeIfAbsent(new DeviceKind(d.vendor(), d.model(), d.mode()), k -> new int[1])[0]++;
      }
    }
    Map<String, ClusterView.AcceleratorCount> sorted = new TreeMap<>();
    byKind.forEach((k, v) -> sorted.put(k.vendor() + "|" + k.model() + "|" + k.mode(), new ClusterView.AcceleratorCount(
        k.vendor().name().toLowerCase(Locale.ROOT), k.model(), k.mode().name().toLowerCase(Locale.ROOT).replace('_', '-'), v[0])));
    List<ClusterView.AcceleratorCount> counts = new ArrayList<>(sorted.values());
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

  /** Used share in percent with one decimal. */
  static double percent(long usedMilli, int devices) {
    return devices == 0 ? 0 : Math.round((double) usedMilli / devices) / 10.0;
  }
}
