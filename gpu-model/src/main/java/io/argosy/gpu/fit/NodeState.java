package io.argosy.gpu.fit;

import io.argosy.gpu.Ids;
import io.argosy.gpu.catalog.Vendor;
import io.argosy.gpu.demand.AcceleratorDemand;
import io.argosy.gpu.demand.ContainerDemand;
import io.argosy.gpu.demand.DemandKind;
import io.argosy.gpu.demand.DeviceSelector;
import io.argosy.gpu.demand.PodDemand;
import io.argosy.gpu.inventory.Device;
import io.argosy.gpu.inventory.DeviceMode;
import io.argosy.gpu.inventory.NodeInventory;
import io.argosy.gpu.inventory.Partition;
import io.argosy.gpu.score.Policy;
import io.argosy.gpu.score.ScoringPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scheduler's per-node state: a node's inventory and what is in use on it, device by device.
 * Mutable and single-threaded (the scheduler thread owns it). {@link #fit} reads only; {@link
 * #allocate} and {@link #release} change usage and are exact inverses.
 *
 * <p>Usage is kept in flat arrays precomputed from the inventory so that {@link #fit} compares ints
 * and longs, allocates nothing until it has an answer, and builds {@link Reason}s only on failure.
 *
 * <p>Accounting, per device: memory in MiB, compute in the device's core units (100 per device),
 * tasks (HAMi's split-count slots) and exclusive holders; per partition instance: used or free; per
 * countable resource: amount used. A whole device is a grant of all its memory and compute, held
 * exclusively; a partition grant also charges its memory and compute share to its device so that the
 * device's free share ({@link #freeMilli}) is always current.
 */
public final class NodeState {
  private static final int MODE_WHOLE = DeviceMode.WHOLE.ordinal();
  private static final int MODE_SHARE = DeviceMode.SHARE.ordinal();
  private static final int MODE_MIG_SINGLE = DeviceMode.MIG_SINGLE.ordinal();
  private static final int VENDOR_HUAWEI = Vendor.HUAWEI.ordinal();

  private final NodeInventory inventory;
  private final String nodeName;
  private final long cpuTotal;
  private final long memoryTotal;
  private final int podsTotal;
  private final boolean ready;

  // devices
  private final int n;
  private final int[] vendor;
  private final int[] mode;
  private final boolean[] healthy;
  private final long[] devMem;
  private final int[] devCores;
  private final int[] split;
  private final String[] ids;
  private final String[] modelUpper;
  private final String[] productUpper;
  private final int[][] devParts;

  // partitions
  private final int p;
  private final int[] partDevice;
  private final int[] partProfile;
  private final int[] partSlices;
  private final int[] partOf;
  private final long[] partMem;
  private final String[] partIds;
  private final Map<String, Integer> partIndex;

  // countables
  private final int k;
  private final int[] cId;
  private final String[] cName;
  private final long[] cTotal;

  // reason texts per vendor, built once per node
  private final String[] offered;

  // usage
  private long cpuUsed;
  private long memoryUsed;
  private int podsUsed;
  private final long[] memUsed;
  private final int[] coresUsed;
  private final int[] tasks;
  private final int[] exclusive;
  private final boolean[] partUsed;
  private final long[] cUsed;

  // scratch for fit and allocate, reused (single-threaded)
  private final long[] sMem;
  private final int[] sCores;
  private final int[] sTasks;
  private final int[] sExcl;
  private final boolean[] sPart;
  private final long[] sCountable;
  private final boolean[] sCand;
  private final double[] sUsage;
  private final int[] sPick;

  public NodeState(NodeInventory inventory) {
    this.inventory = inventory;
    this.nodeName = inventory.name();
    this.cpuTotal = inventory.cpuMilli();
    this.memoryTotal = inventory.memoryBytes();
    this.podsTotal = inventory.pods();
    this.ready = inventory.ready();
    List<Device> devices = inventory.devices();
    this.n = devices.size();
    vendor = new int[n];
    mode = new int[n];
    healthy = new boolean[n];
    devMem = new long[n];
    devCores = new int[n];
    split = new int[n];
    ids = new String[n];
    modelUpper = new String[n];
    productUpper = new String[n];
    devParts = new int[n][];
    List<Partition> parts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Device d = devices.get(i);
      if (d.index() != i) {
        throw new IllegalArgumentException("device " + d.id() + " has index " + d.index() + ", expected " + i);
      }
      vendor[i] = d.vendor().ordinal();
      mode[i] = d.mode().ordinal();
      healthy[i] = d.healthy();
      devMem[i] = d.memoryMiB();
      devCores[i] = d.cores() <= 0 ? 100 : d.cores();
      split[i] = Math.max(1, d.splitCount());
      ids[i] = d.id();
      modelUpper[i] = d.model() == null ? "" : d.model().toUpperCase(Locale.ROOT);
      productUpper[i] = d.product() == null ? "" : d.product().toUpperCase(Locale.ROOT);
      devParts[i] = new int[d.partitions().size()];
      for (int j = 0; j < d.partitions().size(); j++) {
        Partition part = d.partitions().get(j);
        if (part.deviceIndex() != i) {
          throw new IllegalArgumentException("partition " + part.id() + " is listed on device " + i);
        }
        devParts[i][j] = parts.size();
        parts.add(part);
      }
    }
    this.p = parts.size();
    partDevice = new int[p];
    partProfile = new int[p];
    partSlices = new int[p];
    partOf = new int[p];
    partMem = new long[p];
    partIds = new String[p];
    Map<String, Integer> index = new HashMap<>();
    for (int q = 0; q < p; q++) {
      Partition part = parts.get(q);
      partDevice[q] = part.deviceIndex();
      partProfile[q] = Ids.of(part.profile());
      partSlices[q] = part.computeSlices();
      partOf[q] = part.deviceSlices();
      partMem[q] = part.memoryMiB();
      partIds[q] = part.id();
      if (index.put(part.id(), q) != null) {
        throw new IllegalArgumentException("partition id " + part.id() + " appears twice");
      }
    }
    partIndex = Map.copyOf(index);
    Map<String, Long> countable = new TreeMap<>(inventory.countable());
    this.k = countable.size();
    cId = new int[k];
    cName = new String[k];
    cTotal = new long[k];
    int j = 0;
    for (Map.Entry<String, Long> e : countable.entrySet()) {
      cName[j] = e.getKey();
      cId[j] = Ids.of(e.getKey());
      cTotal[j] = e.getValue();
      j++;
    }
    offered = offeredTexts(devices);
    memUsed = new long[n];
    coresUsed = new int[n];
    tasks = new int[n];
    exclusive = new int[n];
    partUsed = new boolean[p];
    cUsed = new long[k];
    sMem = new long[n];
    sCores = new int[n];
    sTasks = new int[n];
    sExcl = new int[n];
    sPart = new boolean[p];
    sCountable = new long[k];
    sCand = new boolean[Math.max(n, p)];
    sUsage = new double[Math.max(n, p)];
    sPick = new int[n + p];
  }

  private NodeState(NodeState o) {
    inventory = o.inventory;
    nodeName = o.nodeName;
    cpuTotal = o.cpuTotal;
    memoryTotal = o.memoryTotal;
    podsTotal = o.podsTotal;
    ready = o.ready;
    n = o.n;
    vendor = o.vendor;
    mode = o.mode;
    healthy = o.healthy;
    devMem = o.devMem;
    devCores = o.devCores;
    split = o.split;
    ids = o.ids;
    modelUpper = o.modelUpper;
    productUpper = o.productUpper;
    devParts = o.devParts;
    p = o.p;
    partDevice = o.partDevice;
    partProfile = o.partProfile;
    partSlices = o.partSlices;
    partOf = o.partOf;
    partMem = o.partMem;
    partIds = o.partIds;
    partIndex = o.partIndex;
    k = o.k;
    cId = o.cId;
    cName = o.cName;
    cTotal = o.cTotal;
    offered = o.offered;
    cpuUsed = o.cpuUsed;
    memoryUsed = o.memoryUsed;
    podsUsed = o.podsUsed;
    memUsed = o.memUsed.clone();
    coresUsed = o.coresUsed.clone();
    tasks = o.tasks.clone();
    exclusive = o.exclusive.clone();
    partUsed = o.partUsed.clone();
    cUsed = o.cUsed.clone();
    sMem = new long[n];
    sCores = new int[n];
    sTasks = new int[n];
    sExcl = new int[n];
    sPart = new boolean[p];
    sCountable = new long[k];
    sCand = new boolean[Math.max(n, p)];
    sUsage = new double[Math.max(n, p)];
    sPick = new int[n + p];
  }

  /** An independent copy with the same usage (the immutable inventory data is shared). */
  public NodeState copy() {
    return new NodeState(this);
  }

  // =================================================================== fit

  /**
   * Whether the pod fits now, and where: devices are chosen by the device-level policy, the pod's
   * own ({@code hami.io/gpu-scheduler-policy}) overriding the cluster's. Changes nothing.
   */
  public FitResult fit(PodDemand demand, ScoringPolicy clusterPolicy) {
    return place(demand, clusterPolicy, true);
  }

  /**
   * Device placement for a pod that is already bound here (its observed usage): node-level CPU,
   * memory, pod-count and readiness checks are skipped, as the kubelet has already admitted it.
   */
  public FitResult placeBound(PodDemand demand) {
    return place(demand, ScoringPolicy.DEFAULT, false);
  }

  private FitResult place(PodDemand demand, ScoringPolicy clusterPolicy, boolean nodeChecks) {
    List<Reason> reasons = null;
    if (nodeChecks) {
      if (!ready) {
        reasons = add(reasons, new Reason(Reason.Kind.NODE_NOT_READY, "node", -1, -1, ""));
      }
      if (podsUsed + 1 > podsTotal) {
        reasons = add(reasons, new Reason(Reason.Kind.TOO_MANY_PODS, "pods", 1, podsTotal, ""));
      }
      if (cpuUsed + demand.cpuMilli() > cpuTotal) {
        reasons = add(reasons, new Reason(Reason.Kind.INSUFFICIENT, "cpu", demand.cpuMilli(), cpuTotal - cpuUsed, "m"));
      }
      if (memoryUsed + demand.memoryBytes() > memoryTotal) {
        reasons = add(reasons,
            new Reason(Reason.Kind.INSUFFICIENT, "memory", demand.memoryBytes(), memoryTotal - memoryUsed, "bytes"));
      }
    }
    List<ContainerDemand> containers = demand.containers();
    int nc = containers.size();
    boolean any = demand.hasAccelerators();
    if (any) {
      System.arraycopy(memUsed, 0, sMem, 0, n);
      System.arraycopy(coresUsed, 0, sCores, 0, n);
      System.arraycopy(tasks, 0, sTasks, 0, n);
      System.arraycopy(exclusive, 0, sExcl, 0, n);
      System.arraycopy(partUsed, 0, sPart, 0, p);
      System.arraycopy(cUsed, 0, sCountable, 0, k);
    }
    Policy devicePolicy = demand.devicePolicy() != null ? demand.devicePolicy() : clusterPolicy.devicePolicy();
    boolean binpack = devicePolicy == Policy.BINPACK;
    DeviceSelector selector = demand.selector();
    ContainerAssignment[] out = reasons == null ? new ContainerAssignment[nc] : null;
    for (int c = 0; c < nc; c++) {
      ContainerDemand cd = containers.get(c);
      List<AcceleratorDemand> accs = cd.accelerators();
      int na = accs.size();
      List<DeviceGrant> grants = null;
      Map<String, Long> countable = null;
      for (int a = 0; a < na; a++) {
        AcceleratorDemand ad = accs.get(a);
        switch (ad.kind()) {
          case COUNTABLE -> {
            int j = countableIndex(ad.resourceId());
            if (j < 0 || sCountable[j] + ad.count() > cTotal[j]) {
              long have = j < 0 ? 0 : cTotal[j] - sCountable[j];
              reasons = add(reasons, j < 0
                  ? new Reason(Reason.Kind.NOT_OFFERED, ad.resource(), ad.count(), 0, "", ad, null, null)
                  : new Reason(Reason.Kind.INSUFFICIENT, ad.resource(), ad.count(), have, "", ad, null, null));
            } else {
              sCountable[j] += ad.count();
              if (reasons == null) {
                if (countable == null) {
                  countable = new LinkedHashMap<>();
                }
                countable.merge(ad.resource(), ad.count(), Long::sum);
              }
            }
          }
          case WHOLE -> {
            if (pickWhole(ad, selector)) {
              grants = takeWhole(ad, grants, reasons == null);
            } else {
              reasons = add(reasons, diagnose(ad, selector));
            }
          }
          case SHARE -> {
            if (pickShare(ad, selector, binpack)) {
              grants = takeShare(ad, grants, reasons == null);
            } else {
              reasons = add(reasons, diagnose(ad, selector));
            }
          }
          case PARTITION -> {
            if (pickPartition(ad, selector, binpack)) {
              grants = takePartition(ad, grants, reasons == null);
            } else {
              reasons = add(reasons, diagnose(ad, selector));
            }
          }
        }
      }
      if (reasons == null) {
        out[c] = new ContainerAssignment(cd.name(), grants == null ? List.of() : grants,
            countable == null ? Map.of() : countable);
      }
    }
    if (reasons != null) {
      return new FitResult.NoFit(reasons);
    }
    return new FitResult.Fits(new Assignment(nodeName, demand.cpuMilli(), demand.memoryBytes(), List.of(out)));
  }

  private static List<Reason> add(List<Reason> reasons, Reason r) {
    List<Reason> l = reasons == null ? new ArrayList<>(4) : reasons;
    l.add(r);
    return l;
  }

  private int countableIndex(int id) {
    for (int j = 0; j < k; j++) {
      if (cId[j] == id) {
        return j;
      }
    }
    return -1;
  }

  // ------------------------------------------------------------------- device checks

  private boolean typeOk(int i, AcceleratorDemand a, DeviceSelector s) {
    String m = a.modelUpper();
    if (m != null && !modelUpper[i].contains(m) && !productUpper[i].contains(m)) {
      return false;
    }
    return s.isAny() || !s.appliesTo(a.vendor()) || s.typeAllowed(modelUpper[i], productUpper[i]);
  }

  private boolean uuidOk(int i, AcceleratorDemand a, DeviceSelector s) {
    return s.isAny() || !s.appliesTo(a.vendor()) || s.uuidAllowed(ids[i]);
  }

  private boolean deviceOk(int i, AcceleratorDemand a, DeviceSelector s) {
    return vendor[i] == a.vendor().ordinal() && healthy[i] && typeOk(i, a, s) && uuidOk(i, a, s);
  }

  /** Whole devices: WHOLE- and SHARE-mode devices nobody uses; MIG-single instances count one each. */
  private boolean servesWhole(int i) {
    return mode[i] == MODE_WHOLE || mode[i] == MODE_SHARE;
  }

  private boolean servesShare(int i, AcceleratorDemand a) {
    return mode[i] == MODE_SHARE || (a.cutsWholeDevices() && mode[i] == MODE_WHOLE && vendor[i] == VENDOR_HUAWEI);
  }

  private long shareMemory(int i, AcceleratorDemand a) {
    if (a.memoryMiB() > 0) {
      return a.memoryMiB();
    }
    return a.memoryPercent() > 0 ? devMem[i] * a.memoryPercent() / 100 : 0;
  }

  private int shareCores(int i, AcceleratorDemand a) {
    return a.coresPercent() > 0 ? (int) ((long) a.coresPercent() * devCores[i] / 100) : 0;
  }

  private boolean shareFits(int i, AcceleratorDemand a) {
    if (sTasks[i] >= split[i] || sExcl[i] > 0) {
      return false;
    }
    int cores = shareCores(i, a);
    if (devMem[i] - sMem[i] < shareMemory(i, a) || devCores[i] - sCores[i] < cores) {
      return false;
    }
    if (a.coresPercent() >= 100 && sTasks[i] > 0) {
      return false; // HAMi: gpucores 100 asks for the device exclusively
    }
    return !(cores == 0 && sCores[i] >= devCores[i]); // HAMi: no 0-core task on a fully used device
  }

  // ------------------------------------------------------------------- selection

  private int picked;

  private boolean pickWhole(AcceleratorDemand a, DeviceSelector s) {
    long need = a.count();
    picked = 0;
    for (int i = 0; i < n && picked < need; i++) {
      if (servesWhole(i) && sTasks[i] == 0 && sExcl[i] == 0 && sMem[i] == 0 && sCores[i] == 0 && deviceOk(i, a, s)) {
        sPick[picked++] = i;
      }
    }
    if (picked >= need) {
      return true;
    }
    // MIG single strategy: each nvidia.com/gpu unit is one MIG instance
    for (int q = 0; q < p && picked < need; q++) {
      int d = partDevice[q];
      if (mode[d] == MODE_MIG_SINGLE && !sPart[q] && deviceOk(d, a, s)) {
        sPick[picked++] = n + q;
      }
    }
    return picked >= need;
  }

  /** Charges the picked devices to the scratch usage; builds grants only when {@code build}. */
  private List<DeviceGrant> takeWhole(AcceleratorDemand a, List<DeviceGrant> grants, boolean build) {
    for (int j = 0; j < picked; j++) {
      int x = sPick[j];
      DeviceGrant g;
      if (x < n) {
        sTasks[x]++;
        sExcl[x]++;
        sMem[x] += devMem[x];
        sCores[x] += devCores[x];
        g = build ? new DeviceGrant(x, ids[x], a.resource(), null, devMem[x], devCores[x], true) : null;
      } else {
        g = takePartitionInstance(x - n, a, build);
      }
      grants = append(grants, g, build);
    }
    return grants;
  }

  private static List<DeviceGrant> append(List<DeviceGrant> grants, DeviceGrant g, boolean build) {
    if (!build) {
      return grants;
    }
    List<DeviceGrant> l = grants == null ? new ArrayList<>(4) : grants;
    l.add(g);
    return l;
  }

  private boolean pickShare(AcceleratorDemand a, DeviceSelector s, boolean binpack) {
    int candidates = 0;
    for (int i = 0; i < n; i++) {
      boolean ok = servesShare(i, a) && deviceOk(i, a, s) && shareFits(i, a);
      sCand[i] = ok;
      if (ok) {
        candidates++;
        sUsage[i] = (double) sMem[i] / Math.max(1, devMem[i]) + (double) sCores[i] / devCores[i]
            + (double) sTasks[i] / split[i];
      }
    }
    long need = a.count();
    if (candidates < need) {
      return false;
    }
    picked = 0;
    while (picked < need) {
      int best = -1;
      for (int i = 0; i < n; i++) {
        if (sCand[i] && (best < 0 || (binpack ? sUsage[i] > sUsage[best] : sUsage[i] < sUsage[best]))) {
          best = i;
        }
      }
      sCand[best] = false; // one share per device for one container (HAMi)
      sPick[picked++] = best;
    }
    return true;
  }

  private List<DeviceGrant> takeShare(AcceleratorDemand a, List<DeviceGrant> grants, boolean build) {
    for (int j = 0; j < picked; j++) {
      int i = sPick[j];
      long mem = shareMemory(i, a);
      int cores = shareCores(i, a);
      boolean excl = a.coresPercent() >= 100;
      sTasks[i]++;
      sMem[i] += mem;
      sCores[i] += cores;
      if (excl) {
        sExcl[i]++;
      }
      grants = append(grants, build ? new DeviceGrant(i, ids[i], a.resource(), null, mem, cores, excl) : null, build);
    }
    return grants;
  }

  private boolean pickPartition(AcceleratorDemand a, DeviceSelector s, boolean binpack) {
    int profile = a.profileId();
    int candidates = 0;
    for (int q = 0; q < p; q++) {
      int d = partDevice[q];
      boolean ok = partProfile[q] == profile && !sPart[q] && mode[d] != MODE_MIG_SINGLE && deviceOk(d, a, s);
      sCand[q] = ok;
      if (ok) {
        candidates++;
      }
    }
    long need = a.count();
    if (candidates < need) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      sUsage[i] = (double) sCores[i] / devCores[i];
    }
    picked = 0;
    while (picked < need) {
      int best = -1;
      for (int q = 0; q < p; q++) {
        if (sCand[q] && (best < 0 || better(sUsage[partDevice[q]], sUsage[partDevice[best]], binpack))) {
          best = q;
        }
      }
      sCand[best] = false;
      sPick[picked++] = best;
      sUsage[partDevice[best]] += (double) partSlices[best] / partOf[best];
    }
    return true;
  }

  private static boolean better(double u, double bestU, boolean binpack) {
    return binpack ? u > bestU : u < bestU;
  }

  private List<DeviceGrant> takePartition(AcceleratorDemand a, List<DeviceGrant> grants, boolean build) {
    for (int j = 0; j < picked; j++) {
      grants = append(grants, takePartitionInstance(sPick[j], a, build), build);
    }
    return grants;
  }

  private DeviceGrant takePartitionInstance(int q, AcceleratorDemand a, boolean build) {
    int d = partDevice[q];
    int cores = partCores(q);
    sPart[q] = true;
    sTasks[d]++;
    sMem[d] += partMem[q];
    sCores[d] += cores;
    return build ? new DeviceGrant(d, ids[d], a.resource(), partIds[q], partMem[q], cores, false) : null;
  }

  private int partCores(int q) {
    return (int) ((long) partSlices[q] * devCores[partDevice[q]] / partOf[q]);
  }

  // ------------------------------------------------------------------- reasons (failure path only)

  private Reason diagnose(AcceleratorDemand a, DeviceSelector s) {
    int sameVendor = 0;
    int offeredHere = 0;
    int healthyHere = 0;
    int typed = 0;
    int allowed = 0;
    long free = 0;
    int v = a.vendor().ordinal();
    if (a.kind() == DemandKind.PARTITION) {
      for (int q = 0; q < p; q++) {
        int d = partDevice[q];
        if (vendor[d] != v) {
          continue;
        }
        sameVendor++;
        if (partProfile[q] != a.profileId() || mode[d] == MODE_MIG_SINGLE) {
          continue;
        }
        offeredHere++;
        if (!healthy[d]) {
          continue;
        }
        healthyHere++;
        if (!typeOk(d, a, s)) {
          continue;
        }
        typed++;
        if (!uuidOk(d, a, s)) {
          continue;
        }
        allowed++;
        if (!sPart[q]) {
          free++;
        }
      }
      for (int i = 0; i < n; i++) {
        sameVendor += vendor[i] == v ? 1 : 0;
      }
    } else {
      for (int i = 0; i < n; i++) {
        if (vendor[i] != v) {
          continue;
        }
        sameVendor++;
        boolean serves = a.kind() == DemandKind.WHOLE ? servesWhole(i) || mode[i] == MODE_MIG_SINGLE : servesShare(i, a);
        if (!serves) {
          continue;
        }
        offeredHere++;
        if (!healthy[i]) {
          continue;
        }
        healthyHere++;
        if (!typeOk(i, a, s)) {
          continue;
        }
        typed++;
        if (!uuidOk(i, a, s)) {
          continue;
        }
        allowed++;
        if (a.kind() == DemandKind.SHARE) {
          free += shareFits(i, a) ? 1 : 0;
        } else if (mode[i] == MODE_MIG_SINGLE) {
          for (int q : devParts[i]) {
            free += sPart[q] ? 0 : 1;
          }
        } else if (sTasks[i] == 0 && sExcl[i] == 0 && sMem[i] == 0 && sCores[i] == 0) {
          free++;
        }
      }
    }
    String what = sameVendor == 0 ? null : offered[v];
    if (offeredHere == 0) {
      return new Reason(Reason.Kind.NOT_OFFERED, a.resource(), a.count(), 0, "", a, null, what);
    }
    if (healthyHere == 0) {
      return new Reason(Reason.Kind.UNHEALTHY, a.resource(), a.count(), 0, "", a, null, what);
    }
    if (typed == 0) {
      return new Reason(Reason.Kind.TYPE_MISMATCH, a.resource(), a.count(), 0, "", a, s, what);
    }
    if (allowed == 0) {
      return new Reason(Reason.Kind.UUID_MISMATCH, a.resource(), a.count(), 0, "", a, s, what);
    }
    String detail = a.kind() == DemandKind.WHOLE ? wholeDetail(a) : "";
    return new Reason(Reason.Kind.INSUFFICIENT, a.resource(), a.count(), free, detail, a, null, null);
  }

  private String wholeDetail(AcceleratorDemand a) {
    String model = null;
    for (int i = 0; i < n; i++) {
      if (vendor[i] == a.vendor().ordinal()) {
        String m = inventory.devices().get(i).model();
        if (model == null) {
          model = m;
        } else if (!model.equals(m)) {
          return "free devices";
        }
      }
    }
    return model == null ? "free devices" : "free " + model;
  }

  /** Per vendor: {@code 8 x A100-80GB (MIG mixed: 1g.10gb, 2g.20gb, 3g.40gb)}, built once. */
  private static String[] offeredTexts(List<Device> devices) {
    String[] out = new String[Vendor.values().length];
    Map<Integer, Map<String, Integer>> groups = new TreeMap<>();
    Map<String, java.util.Set<String>> profiles = new HashMap<>();
    for (Device d : devices) {
      String key = d.model() + " " + modeText(d.mode());
      groups.computeIfAbsent(d.vendor().ordinal(), x -> new LinkedHashMap<>()).merge(key, 1, Integer::sum);
      for (Partition part : d.partitions()) {
        profiles.computeIfAbsent(d.vendor().ordinal() + key, x -> new java.util.TreeSet<>()).add(part.profile());
      }
    }
    groups.forEach((v, byKey) -> {
      StringBuilder b = new StringBuilder();
      byKey.forEach((key, count) -> {
        if (b.length() > 0) {
          b.append(", ");
        }
        int space = key.lastIndexOf(' ');
        b.append(count).append(" x ").append(key, 0, space).append(' ').append(key.substring(space + 1));
        java.util.Set<String> ps = profiles.get(v + key);
        if (ps != null) {
          b.append(' ').append(String.join("/", ps));
        }
      });
      out[v] = b.toString();
    });
    return out;
  }

  private static String modeText(DeviceMode m) {
    return switch (m) {
      case WHOLE -> "whole";
      case MIG_SINGLE -> "MIG-single";
      case MIG_MIXED -> "MIG-mixed";
      case SHARE -> "shared";
      case PARTITIONED -> "partitioned";
    };
  }

  // =================================================================== allocate / release

  /**
   * Applies an assignment (normally one {@link #fit} returned). The last line of defence: throws
   * IllegalStateException, changing nothing, if it would overcommit CPU, memory, pods, a device, a
   * partition or a countable, or names a device or partition this node does not have.
   */
  public void allocate(Assignment a) {
    apply(a, +1, true);
  }

  /** Undoes {@link #allocate}; throws IllegalStateException, changing nothing, if it was not applied. */
  public void release(Assignment a) {
    apply(a, -1, true);
  }

  /**
   * Records a pod that is already bound here, as observed: capacity is not enforced because a real
   * node can be overcommitted (allocatable shrank, a device went unhealthy). Release with {@link
   * #releaseObserved}.
   */
  public void allocateObserved(Assignment a) {
    apply(a, +1, false);
  }

  /** Undoes {@link #allocateObserved}. */
  public void releaseObserved(Assignment a) {
    apply(a, -1, false);
  }

  private void apply(Assignment a, int sign, boolean enforce) {
    if (a.node() != null && !a.node().isEmpty() && !nodeName.isEmpty() && !a.node().equals(nodeName)) {
      throw new IllegalStateException("assignment is for node " + a.node() + ", this is " + nodeName);
    }
    long cpu = cpuUsed + sign * a.cpuMilli();
    long mem = memoryUsed + sign * a.memoryBytes();
    int pods = podsUsed + sign;
    if (sign < 0 && (cpu < 0 || mem < 0 || pods < 0)) {
      throw new IllegalStateException("release of a pod that is not allocated on " + nodeName);
    }
    if (enforce && sign > 0 && (cpu > cpuTotal || mem > memoryTotal || pods > podsTotal)) {
      throw new IllegalStateException("allocation would overcommit cpu, memory or pods on " + nodeName);
    }
    System.arraycopy(memUsed, 0, sMem, 0, n);
    System.arraycopy(coresUsed, 0, sCores, 0, n);
    System.arraycopy(tasks, 0, sTasks, 0, n);
    System.arraycopy(exclusive, 0, sExcl, 0, n);
    System.arraycopy(partUsed, 0, sPart, 0, p);
    System.arraycopy(cUsed, 0, sCountable, 0, k);
    for (ContainerAssignment c : a.containers()) {
      for (DeviceGrant g : c.grants()) {
        applyGrant(g, sign, enforce);
      }
      for (Map.Entry<String, Long> e : c.countable().entrySet()) {
        int j = countableIndex(Ids.of(e.getKey()));
        if (j < 0) {
          if (enforce) {
            throw new IllegalStateException(nodeName + " has no " + e.getKey());
          }
          continue;
        }
        sCountable[j] += sign * e.getValue();
        if (sCountable[j] < 0 || (enforce && sCountable[j] > cTotal[j])) {
          throw new IllegalStateException((sign > 0 ? "overcommit of " : "release of unallocated ") + e.getKey() + " on " + nodeName);
        }
      }
    }
    // commit
    cpuUsed = cpu;
    memoryUsed = mem;
    podsUsed = pods;
    System.arraycopy(sMem, 0, memUsed, 0, n);
    System.arraycopy(sCores, 0, coresUsed, 0, n);
    System.arraycopy(sTasks, 0, tasks, 0, n);
    System.arraycopy(sExcl, 0, exclusive, 0, n);
    System.arraycopy(sPart, 0, partUsed, 0, p);
    System.arraycopy(sCountable, 0, cUsed, 0, k);
  }

  private void applyGrant(DeviceGrant g, int sign, boolean enforce) {
    int i = g.deviceIndex();
    if (i < 0 || i >= n || !ids[i].equals(g.deviceId())) {
      throw new IllegalStateException("no device " + g.deviceId() + " at index " + i + " on " + nodeName);
    }
    if (g.partitionId() != null) {
      Integer q = partIndex.get(g.partitionId());
      if (q == null || partDevice[q] != i) {
        throw new IllegalStateException("no partition " + g.partitionId() + " on device " + g.deviceId());
      }
      if (sPart[q] == (sign > 0)) {
        throw new IllegalStateException("partition " + g.partitionId() + (sign > 0 ? " is already in use" : " is not in use"));
      }
      sPart[q] = sign > 0;
    } else if (enforce && sign > 0) {
      if (sExcl[i] > 0 || (g.exclusive() && sTasks[i] > 0) || sTasks[i] + 1 > split[i]
          || sMem[i] + g.memoryMiB() > devMem[i] || sCores[i] + g.cores() > devCores[i]) {
        throw new IllegalStateException("grant would overcommit device " + g.deviceId() + " on " + nodeName);
      }
    }
    sTasks[i] += sign;
    sMem[i] += sign * g.memoryMiB();
    sCores[i] += sign * g.cores();
    if (g.exclusive()) {
      sExcl[i] += sign;
    }
    if (sTasks[i] < 0 || sMem[i] < 0 || sCores[i] < 0 || sExcl[i] < 0) {
      throw new IllegalStateException("release of a grant not held on device " + g.deviceId());
    }
  }

  // =================================================================== read accessors

  public NodeInventory inventory() {
    return inventory;
  }

  public String nodeName() {
    return nodeName;
  }

  public boolean ready() {
    return ready;
  }

  public long cpuAllocatableMilli() {
    return cpuTotal;
  }

  public long memoryAllocatableBytes() {
    return memoryTotal;
  }

  public int podsAllocatable() {
    return podsTotal;
  }

  public long cpuUsedMilli() {
    return cpuUsed;
  }

  public long memoryUsedBytes() {
    return memoryUsed;
  }

  public int podsUsed() {
    return podsUsed;
  }

  /** Free CPU in millicores (never negative, even on an overcommitted node). */
  public long freeCpuMilli() {
    return Math.max(0, cpuTotal - cpuUsed);
  }

  /** Free memory in bytes (never negative). */
  public long freeMemoryBytes() {
    return Math.max(0, memoryTotal - memoryUsed);
  }

  public int freePods() {
    return Math.max(0, podsTotal - podsUsed);
  }

  public int deviceCount() {
    return n;
  }

  public Device device(int i) {
    return inventory.devices().get(i);
  }

  public long usedMemoryMiB(int i) {
    return memUsed[i];
  }

  public int usedCores(int i) {
    return coresUsed[i];
  }

  public int tasks(int i) {
    return tasks[i];
  }

  /** True when a task holds the device exclusively (a whole device, or a share with all its compute). */
  public boolean exclusive(int i) {
    return exclusive[i] > 0;
  }

  public long freeMemoryMiB(int i) {
    return Math.max(0, devMem[i] - memUsed[i]);
  }

  public int freeCores(int i) {
    return Math.max(0, devCores[i] - coresUsed[i]);
  }

  public int partitionCount() {
    return p;
  }

  public Partition partition(int q) {
    int d = partDevice[q];
    for (Partition part : inventory.devices().get(d).partitions()) {
      if (part.id().equals(partIds[q])) {
        return part;
      }
    }
    throw new IllegalStateException("partition " + partIds[q] + " vanished");
  }

  public boolean partitionFree(int q) {
    return !partUsed[q];
  }

  /** Free amount of a countable resource; 0 when the node has none. */
  public long countableFree(String resource) {
    int j = countableIndex(Ids.of(resource));
    return j < 0 ? 0 : Math.max(0, cTotal[j] - cUsed[j]);
  }

  /** Free amounts of every countable resource, by name. */
  public Map<String, Long> countableFree() {
    Map<String, Long> out = new TreeMap<>();
    for (int j = 0; j < k; j++) {
      out.put(cName[j], Math.max(0, cTotal[j] - cUsed[j]));
    }
    return out;
  }

  /**
   * The device's free share in milli-device, for the fragmentation measure: a whole free device is
   * 1000; a shared device the smaller of its free memory and free compute fractions (0 when its split
   * count is used up or a task holds it exclusively); a partitioned device the compute share of its
   * free instances; an unhealthy device 0.
   */
  public int freeMilli(int i) {
    if (!healthy[i]) {
      return 0;
    }
    if (devParts[i].length > 0) {
      long milli = 0;
      for (int q : devParts[i]) {
        if (!partUsed[q]) {
          milli += (long) partSlices[q] * 1000 / partOf[q];
        }
      }
      return (int) Math.min(1000, milli);
    }
    if (exclusive[i] > 0 || tasks[i] >= split[i]) {
      return 0;
    }
    double mem = devMem[i] <= 0 ? 1.0 : (double) (devMem[i] - memUsed[i]) / devMem[i];
    double cores = (double) (devCores[i] - coresUsed[i]) / devCores[i];
    return (int) Math.max(0, Math.floor(Math.min(mem, cores) * 1000));
  }

  /** {@link #freeMilli(int)} of every device, in index order. */
  public int[] freeMilli() {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = freeMilli(i);
    }
    return out;
  }

  /** Everything that allocate and release change, as a value: equal before an allocate and after its release. */
  public Usage usage() {
    List<Long> mem = new ArrayList<>(n);
    List<Integer> cores = new ArrayList<>(n);
    List<Integer> t = new ArrayList<>(n);
    List<Integer> ex = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      mem.add(memUsed[i]);
      cores.add(coresUsed[i]);
      t.add(tasks[i]);
      ex.add(exclusive[i]);
    }
    List<Boolean> parts = new ArrayList<>(p);
    for (int q = 0; q < p; q++) {
      parts.add(partUsed[q]);
    }
    List<Long> counts = new ArrayList<>(k);
    for (int j = 0; j < k; j++) {
      counts.add(cUsed[j]);
    }
    return new Usage(cpuUsed, memoryUsed, podsUsed, mem, cores, t, ex, parts, counts);
  }

  /** A snapshot of usage; see {@link #usage()}. */
  public record Usage(
      long cpuMilli,
      long memoryBytes,
      int pods,
      List<Long> deviceMemoryMiB,
      List<Integer> deviceCores,
      List<Integer> deviceTasks,
      List<Integer> deviceExclusive,
      List<Boolean> partitionsUsed,
      List<Long> countableUsed) {}
}
