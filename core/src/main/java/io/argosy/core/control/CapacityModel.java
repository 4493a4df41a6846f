package io.argosy.core.control;

import io.argosy.core.view.CapacityReport;
import io.argosy.core.view.CapacityReport.AcceleratorCapacity;
import io.argosy.core.view.CapacityReport.Amount;
import io.argosy.core.view.CapacityReport.ClusterCapacity;
import io.argosy.core.view.CapacityReport.PendingDemand;
import io.argosy.core.view.CapacityReport.QueueCapacity;
import io.argosy.core.view.CapacityReport.QueueResource;
import io.argosy.gpu.demand.AcceleratorDemand;
import io.argosy.gpu.demand.ContainerDemand;
import io.argosy.gpu.demand.DemandKind;
import io.argosy.gpu.demand.PodDemand;
import io.argosy.gpu.fit.NodeState;
import io.argosy.gpu.frag.Fragmentation;
import io.argosy.gpu.frag.TaskClass;
import io.argosy.gpu.frag.WorkloadMix;
import io.argosy.gpu.inventory.Device;
import io.argosy.gpu.inventory.DeviceMode;
import io.argosy.gpu.inventory.Partition;
import io.argosy.queue.JobQueues;
import io.argosy.queue.admin.QueueView;
import io.argosy.queue.job.JobState;
import io.argosy.queue.job.Task;
import io.argosy.queue.quota.QuotaOverage;
import io.argosy.scheduler.fleet.ClusterState;
import io.argosy.scheduler.fleet.NodeSlot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds the {@link CapacityReport} on the scheduler thread, on request (it walks the live jobs,
 * so it is not part of every published read model).
 *
 * <p>Fragmentation: plain devices (whole or shared) use the FGD measure over the GPU tasks of the
 * basis mix, each task restricted to the models it can run on; a free MIG / vNPU instance is
 * fragmented when no task of the mix asks for its resource. CPU-only tasks are left out of the mix:
 * a pending CPU job does not make a GPU stranded.
 */
final class CapacityModel {
  private static final io.argosy.gpu.catalog.Catalog CATALOG = io.argosy.gpu.catalog.Catalog.builtin();

  private final ControlLoop loop;
  /** Every (vendor, model, mode) of the fleet, and the partition resources published. */
  private final Map<String, Group> groups = new TreeMap<>();
  private final Set<String> partitionResources = new HashSet<>();

  private CapacityModel(ControlLoop loop) {
    this.loop = loop;
  }

  static CapacityReport build(ControlLoop loop) {
    return new CapacityModel(loop).report();
  }

  private record Group(String vendor, String model, DeviceMode mode, io.argosy.gpu.catalog.Vendor v) {}

  private CapacityReport report() {
    for (ClusterState cs : loop.fleet.clusters()) {
      forEachNode(cs, st -> {
        for (int d = 0; d < st.deviceCount(); d++) {
          Device dev = st.device(d);
          groups.putIfAbsent(key(dev), new Group(vendorName(dev), dev.model(), dev.mode(), dev.vendor()));
          dev.partitions().forEach(p -> partitionResources.add(p.resource()));
        }
      });
    }
    Mix pendingMix = mix(EnumSetOf.PENDING);
    String basis = "pending";
    Mix mix = pendingMix;
    if (mix.isEmpty()) {
      mix = mix(EnumSetOf.RUNNING);
      basis = mix.isEmpty() ? "none" : "running";
    }
    List<ClusterCapacity> clusters = new ArrayList<>();
    Map<String, Acc> totals = new TreeMap<>();
    for (ClusterState cs : loop.fleet.clusters()) {
      clusters.add(cluster(cs, mix, totals));
    }
    List<AcceleratorCapacity> tot = new ArrayList<>();
    totals.values().forEach(a -> tot.add(a.view()));
    return new CapacityReport(ControlLoop.iso(loop.clock.instant()), basis, clusters, tot, queues(), pending());
  }

  // ------------------------------------------------------------------ clusters and devices

  private ClusterCapacity cluster(ClusterState cs, Mix mix, Map<String, Acc> totals) {
    long[] cpu = new long[2];
    long[] mem = new long[2];
    long[] pods = new long[2];
    int[] readyNodes = new int[1];
    Map<String, Acc> acc = new TreeMap<>();
    forEachNode(cs, st -> {
      cpu[0] += st.cpuAllocatableMilli();
      cpu[1] += st.freeCpuMilli();
      mem[0] += st.memoryAllocatableBytes();
      mem[1] += st.freeMemoryBytes();
      pods[0] += st.podsAllocatable();
      pods[1] += st.freePods();
      readyNodes[0] += st.ready() ? 1 : 0;
      node(st, acc, mix);
    });
    List<AcceleratorCapacity> list = new ArrayList<>();
    int unhealthy = 0;
    for (Map.Entry<String, Acc> e : acc.entrySet()) {
      list.add(e.getValue().view());
      unhealthy += e.getValue().unhealthy;
      totals.computeIfAbsent(e.getKey(), k -> new Acc(e.getValue().device)).add(e.getValue());
    }
    ClusterRecord rec = loop.clusters.get(cs.name());
    String condition = condition(rec);
    return new ClusterCapacity(cs.name(), condition.equals("Ready"), condition, cs.nodeCount(), readyNodes[0], unhealthy,
        Amount.of(cpu[0], cpu[1]), Amount.of(mem[0], mem[1]), Amount.of(pods[0], pods[1]), list);
  }

  static String condition(ClusterRecord c) {
    if (c == null) {
      return "NotReady";
    }
    return !c.connected ? "AgentDisconnected" : c.sequence < 0 ? "Syncing" : c.notReadySince != null ? "NotReady"
        : c.cordoned ? "Cordoned" : "Ready";
  }

  private void node(NodeState st, Map<String, Acc> acc, Mix mix) {
    int n = st.deviceCount();
    int[] plainFree = new int[n];
    int plain = 0;
    String plainModel = null;
    String plainKey = null;
    boolean[] partitioned = new boolean[n];
    int[] partTotal = new int[n];
    int[] partUsed = new int[n];
    for (int q = 0; q < st.partitionCount(); q++) {
      Partition p = st.partition(q);
      Device dev = st.device(p.deviceIndex());
      Acc a = acc.computeIfAbsent(key(dev), k -> new Acc(dev));
      boolean free = st.partitionFree(q);
      int[] tu = a.partitions.computeIfAbsent(p.profile() + "|" + p.resource(), k -> new int[2]);
      tu[0]++;
      tu[1] += free ? 0 : 1;
      partitioned[p.deviceIndex()] = true;
      partTotal[p.deviceIndex()] += p.milli();
      partUsed[p.deviceIndex()] += free ? 0 : p.milli();
      if (free && dev.healthy() && strandedInstance(dev, p, mix)) {
        a.fragmentedMilli += p.milli();
      }
    }
    for (int d = 0; d < n; d++) {
      Device dev = st.device(d);
      Acc a = acc.computeIfAbsent(key(dev), k -> new Acc(dev));
      a.devices++;
      if (!dev.healthy()) {
        a.unhealthy++;
        continue;
      }
      long used;
      if (partitioned[d]) {
        // a partitioned device: its instances decide (a layout may leave slices unused)
        used = partTotal[d] == 0 ? 0 : Math.round(1000.0 * partUsed[d] / partTotal[d]);
      } else {
        used = 1000 - st.freeMilli(d);
        if (dev.mode() == DeviceMode.SHARE) {
          a.share(dev, st.usedMemoryMiB(d), st.usedCores(d), st.tasks(d));
        }
        plainFree[plain++] = st.freeMilli(d);
        plainModel = dev.model();
        plainKey = key(dev);
      }
      boolean inUse = partitioned[d] ? partUsed[d] > 0 : used > 0 || st.tasks(d) > 0;
      a.usedMilli += used;
      a.allocated += inUse ? 1 : 0;
      a.free += inUse ? 0 : 1;
    }
    WorkloadMix m = plain > 0 && plain <= 32 ? mix.forModel(plainModel) : null;
    if (m != null) {
      double f = Fragmentation.fragmentation(m, m.modelIndex(plainModel), st.freeCpuMilli(), plainFree, plain);
      acc.get(plainKey).fragmentedMilli += f;
    }
  }

  /**
   * A free instance is stranded when tasks of the mix want this device's instances, but none this
   * profile (a device no task of the mix wants is idle, not fragmented).
   */
  private static boolean strandedInstance(Device dev, Partition p, Mix mix) {
    if (mix.partitionResources.contains(p.resource())) {
      return false;
    }
    for (Partition other : dev.partitions()) {
      if (mix.partitionResources.contains(other.resource())) {
        return true;
      }
    }
    return false;
  }

  private static void forEachNode(ClusterState cs, java.util.function.Consumer<NodeState> f) {
    for (int i = 0; i < cs.slotCount(); i++) {
      NodeSlot s = cs.slot(i);
      if (s != null) {
        f.accept(s.state());
      }
    }
  }

  private static String key(Device d) {
    return d.vendor() + "|" + d.model() + "|" + d.mode();
  }

  private static String vendorName(Device d) {
    return d.vendor().name().toLowerCase(Locale.ROOT);
  }

  static String modeName(DeviceMode m) {
    return m.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Sums per (vendor, model, mode). */
  private static final class Acc {
    final Device device;
    int devices;
    int allocated;
    int free;
    int unhealthy;
    long usedMilli;
    double fragmentedMilli;
    final Map<String, int[]> partitions = new TreeMap<>(Comparator.comparing(CapacityModel::profileOrder)
        .thenComparing(Comparator.naturalOrder()));
    long memTotal;
    long memUsed;
    long coresTotal;
    long coresUsed;
    long slotsTotal;
    long slotsUsed;
    long physicalMem;

    Acc(Device device) {
      this.device = device;
    }

    void share(Device d, long memUsedMiB, int cores, int tasks) {
      memTotal += d.memoryMiB();
      memUsed += memUsedMiB;
      coresTotal += d.cores();
      coresUsed += cores;
      slotsTotal += d.splitCount();
      slotsUsed += tasks;
      physicalMem += CATALOG.byName(d.model()).map(m -> m.memoryMiB()).orElse(0L);
    }

    void add(Acc o) {
      devices += o.devices;
      allocated += o.allocated;
      free += o.free;
      unhealthy += o.unhealthy;
      usedMilli += o.usedMilli;
      fragmentedMilli += o.fragmentedMilli;
      o.partitions.forEach((k, v) -> {
        int[] tu = partitions.computeIfAbsent(k, x -> new int[2]);
        tu[0] += v[0];
        tu[1] += v[1];
      });
      memTotal += o.memTotal;
      memUsed += o.memUsed;
      coresTotal += o.coresTotal;
      coresUsed += o.coresUsed;
      slotsTotal += o.slotsTotal;
      slotsUsed += o.slotsUsed;
      physicalMem += o.physicalMem;
    }

    AcceleratorCapacity view() {
      List<CapacityReport.PartitionCapacity> parts = new ArrayList<>();
      partitions.forEach((k, v) -> {
        String[] pr = k.split("\\|", 2);
        parts.add(new CapacityReport.PartitionCapacity(pr[0], pr[1], v[0], v[1], v[0] - v[1]));
      });
      CapacityReport.ShareCapacity share = device.mode() != DeviceMode.SHARE ? null
          : new CapacityReport.ShareCapacity(new Amount(memTotal, memUsed, Math.max(0, memTotal - memUsed)),
              new Amount(coresTotal, coresUsed, Math.max(0, coresTotal - coresUsed)),
              new Amount(slotsTotal, slotsUsed, Math.max(0, slotsTotal - slotsUsed)), physicalMem,
              physicalMem == 0 ? 1.0 : Math.round(100.0 * memTotal / physicalMem) / 100.0);
      return new AcceleratorCapacity(vendorName(device), device.model(), modeName(device.mode()),
          new CapacityReport.Devices(devices, allocated, free, unhealthy, Math.round(fragmentedMilli / 100.0) / 10.0),
          Views.percent(usedMilli, devices), parts, share);
    }
  }

  /** {@code 1g.10gb} before {@code 2g.20gb} before {@code 7g.80gb}; {@code 2c} before {@code 16c}. */
  private static int profileOrder(String key) {
    int i = 0;
    while (i < key.length() && Character.isDigit(key.charAt(i))) {
      i++;
    }
    return i == 0 ? Integer.MAX_VALUE : Integer.parseInt(key.substring(0, Math.min(i, 6)));
  }

  // ------------------------------------------------------------------ the mix the fragmentation measure assumes

  private enum EnumSetOf {
    PENDING(Set.of(JobState.PENDING)),
    RUNNING(Set.of(JobState.ADMITTED, JobState.BOUND, JobState.RUNNING));

    final Set<JobState> states;

    EnumSetOf(Set<JobState> states) {
      this.states = states;
    }
  }

  /**
   * The GPU tasks of jobs in some states: FGD's classes for plain devices, resources asked of
   * partitions. The measure for a model uses only the classes that may run on it: capacity no task
   * of the mix could use at all is idle, not fragmented.
   */
  private static final class Mix {
    final List<TaskClass> classes;
    final Set<String> partitionResources;
    private final Map<String, java.util.Optional<WorkloadMix>> byModel = new HashMap<>();

    Mix(List<TaskClass> classes, Set<String> partitionResources) {
      this.classes = classes;
      this.partitionResources = partitionResources;
    }

    boolean isEmpty() {
      return classes.isEmpty() && partitionResources.isEmpty();
    }

    /** The classes that may use this model, as a mix; null when none may. */
    WorkloadMix forModel(String model) {
      return byModel.computeIfAbsent(model, m -> {
        List<TaskClass> fit = classes.stream().filter(c -> c.allows(m)).toList();
        return fit.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(WorkloadMix.fromObserved(fit, 1.0));
      }).orElse(null);
    }
  }

  private Mix mix(EnumSetOf which) {
    List<TaskClass> classes = new ArrayList<>();
    Set<String> parts = new HashSet<>();
    for (JobRecord r : loop.jobs.values()) {
      if (!which.states.contains(r.state)) {
        continue;
      }
      for (Task t : r.job.tasks()) {
        if (t.replicas() > 0) {
          TaskClass c = taskClass(t.pod(), t.replicas(), parts);
          if (c != null) {
            classes.add(c);
          }
        }
      }
    }
    return new Mix(classes, parts);
  }

  /** A pod as an FGD task class on plain devices (null if it asks none), collecting its partition resources. */
  private TaskClass taskClass(PodDemand pod, int replicas, Set<String> parts) {
    int gpus = 0;
    int milli = 0;
    Set<String> allowed = null;
    for (ContainerDemand c : pod.containers()) {
      for (AcceleratorDemand a : c.accelerators()) {
        if (a.kind() == DemandKind.COUNTABLE) {
          continue;
        }
        if (a.kind() == DemandKind.PARTITION || partitionResources.contains(a.resource())) {
          parts.add(a.resource());
        }
        if (a.kind() == DemandKind.PARTITION) {
          continue;
        }
        Set<String> models = plainModels(a);
        allowed = allowed == null ? models : intersect(allowed, models);
        gpus += (int) Math.min(32, a.count());
        milli = Math.max(milli, shareMilli(a));
      }
    }
    if (gpus == 0 || allowed == null || allowed.isEmpty()) {
      return null; // CPU only, partitions only, or nothing in the fleet could take it
    }
    return new TaskClass(pod.cpuMilli(), Math.min(32, gpus), Math.max(1, milli), allowed, replicas);
  }

  private Set<String> plainModels(AcceleratorDemand a) {
    Set<String> out = new TreeSet<>();
    for (Group g : groups.values()) {
      if ((g.mode() == DeviceMode.WHOLE || g.mode() == DeviceMode.SHARE) && g.v() == a.vendor()
          && (a.modelUpper() == null || g.model().toUpperCase(Locale.ROOT).contains(a.modelUpper()))) {
        out.add(g.model());
      }
    }
    return out;
  }

  private static Set<String> intersect(Set<String> a, Set<String> b) {
    Set<String> out = new TreeSet<>(a);
    out.retainAll(b);
    return out;
  }

  /** A device's share a task takes, in milli: whole 1000; shares by their cores or memory percent. */
  private static int shareMilli(AcceleratorDemand a) {
    if (a.kind() != DemandKind.SHARE) {
      return 1000;
    }
    int pct = Math.max(a.coresPercent(), a.memoryPercent());
    if (pct <= 0 && a.memoryMiB() > 0) {
      pct = (int) Math.min(100, a.memoryMiB() * 100 / 49152); // absolute memory: against a 48 GiB device
    }
    return pct <= 0 ? 1000 : Math.min(1000, pct * 10);
  }

  // ------------------------------------------------------------------ queues and pending demand

  private List<QueueCapacity> queues() {
    Map<String, Map<String, Long>> pendingByQueue = new HashMap<>();
    for (JobRecord r : loop.jobs.values()) {
      if (r.state == JobState.PENDING) {
        Map<String, Long> m = pendingByQueue.computeIfAbsent(r.job.queue(), k -> new TreeMap<>());
        r.job.demand().toMap().forEach((k, v) -> m.merge(k, v, Long::sum));
      }
    }
    List<QueueCapacity> out = new ArrayList<>();
    for (QueueView q : loop.queueAdmin.list()) {
      var s = q.spec();
      if (s.name().equals(JobQueues.ROOT)) {
        continue;
      }
      Map<String, Long> cap = s.quota().capability().toMap();
      Map<String, Long> gua = s.quota().guarantee().toMap();
      Map<String, Long> des = q.deserved().toMap();
      Map<String, Long> used = q.usage().toMap();
      Map<String, Long> pend = pendingByQueue.getOrDefault(s.name(), Map.of());
      Set<String> keys = new TreeSet<>(Comparator.comparing(CapacityModel::keyOrder).thenComparing(Comparator.naturalOrder()));
      keys.addAll(cap.keySet());
      keys.addAll(gua.keySet());
      keys.addAll(used.keySet());
      keys.addAll(pend.keySet());
      // deserved by weight covers every fleet resource: show it only beside a key the queue has
      List<QueueResource> rs = new ArrayList<>();
      for (String k : keys) {
        long u = used.getOrDefault(k, 0L);
        Long d = des.get(k);
        rs.add(new QueueResource(k, u, d, gua.get(k), cap.get(k), d == null ? 0 : Math.max(0, u - d),
            pend.getOrDefault(k, 0L)));
      }
      List<String> over = new ArrayList<>();
      for (QuotaOverage o : q.overages()) {
        over.add(o.describe());
      }
      String parent = s.parent() == null || s.parent().equals(JobQueues.ROOT) ? null : s.parent();
      out.add(new QueueCapacity(s.name(), parent, s.weight(), q.pendingJobs(), q.jobsHoldingQuota(), rs, over));
    }
    return out;
  }

  private List<PendingDemand> pending() {
    Map<String, long[]> amounts = new HashMap<>();
    Map<String, Set<String>> queues = new HashMap<>();
    for (JobRecord r : loop.jobs.values()) {
      if (r.state != JobState.PENDING) {
        continue;
      }
      r.job.demand().toMap().forEach((k, v) -> {
        long[] a = amounts.computeIfAbsent(k, x -> new long[2]);
        a[0] += v;
        a[1]++;
        queues.computeIfAbsent(k, x -> new TreeSet<>()).add(r.job.queue());
      });
    }
    List<String> keys = new ArrayList<>(amounts.keySet());
    keys.sort(Comparator.comparing(CapacityModel::keyOrder).thenComparing(Comparator.naturalOrder()));
    List<PendingDemand> out = new ArrayList<>();
    for (String k : keys) {
      out.add(new PendingDemand(k, amounts.get(k)[0], (int) amounts.get(k)[1], List.copyOf(queues.get(k))));
    }
    return out;
  }

  /** Accelerators first, then cpu, memory, the rest. */
  static int keyOrder(String key) {
    return key.equals("cpu") ? 1 : key.equals("memory") ? 2 : key.contains("/") ? 0 : 3;
  }
}
