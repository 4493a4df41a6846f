package io.argosy.scheduler.fleet;

import io.argosy.gpu.catalog.Vendor;
import io.argosy.gpu.fit.NodeState;
import io.argosy.gpu.inventory.DeviceMode;
import io.argosy.gpu.score.ScoringPolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One member cluster as the scheduler sees it: its Karmada identity (labels, provider/region/zone
 * fields, taints, readiness), its scoring policy, its nodes with their usage, and the indices that
 * keep scheduling cheap:
 *
 * <ul>
 *   <li>nodes grouped into {@link NodeClass}es by (shape, usage), kept current on every change;
 *   <li>free totals over ready nodes (cpu, memory, pod slots, untouched devices per vendor), so that
 *       a gang bigger than what is free is turned away in O(1);
 *   <li>{@link #gainVersion()}, moved whenever capacity may have grown, which voids "this gang does
 *       not fit here" memos.
 * </ul>
 *
 * Owned by the scheduler thread through {@link FleetState}; not thread-safe.
 */
public final class ClusterState {
  private static final int VENDORS = Vendor.values().length;
  private static final int MODE_WHOLE = DeviceMode.WHOLE.ordinal();
  private static final int MODE_SHARE = DeviceMode.SHARE.ordinal();
  private static final int MODE_MIG_SINGLE = DeviceMode.MIG_SINGLE.ordinal();

  private final String name;
  private Map<String, String> labels = Map.of();
  private Map<String, String> fields = Map.of();
  private List<Taint> taints = List.of();
  private boolean ready;
  private ScoringPolicy scoring = ScoringPolicy.DEFAULT;
  private PlacementMode mode;
  private final ScoringPolicy[] policies = new ScoringPolicy[PlacementMode.values().length];

  final List<NodeSlot> slots = new ArrayList<>();
  final Map<String, NodeSlot> byName = new HashMap<>();
  private final ClassIndex classIndex = new ClassIndex();
  /** Live classes in positions 0..classCount-1 ({@link NodeClass#listPos}), and each one's representative index. */
  private NodeClass[] classes = new NodeClass[16];
  private int[] representatives = new int[16];
  private int[] classShapes = new int[16];
  /**
   * Per class position, what each member has free (all members have the same shape and usage):
   * cpu, memory, pod slots ({@link NodeSlot}'s share of the totals, 0 on a node not ready) and
   * untouched whole devices as {@code (vendor + 1) << 24 | count}, 0 for none, -1 for several vendors.
   * They let a pod's node choice pass over classes it cannot fit without reading the class.
   */
  private long[] classFreeCpu = new long[16];
  private long[] classFreeMemory = new long[16];
  private int[] classFreePods = new int[16];
  private int[] classFreeWhole = new int[16];
  private int classCount;
  private int nodeCount;

  private long freeCpu;
  private long freeMemory;
  private long freePods;
  private final long[] freeWhole = new long[VENDORS];
  private long version;
  private long gainVersion;

  private final Map<Vendor, java.util.Set<String>> models = new java.util.EnumMap<>(Vendor.class);

  final Map<String, HeldPod> pods = new HashMap<>();
  final Map<String, List<HeldPod>> orphans = new HashMap<>();
  final Set<String> terminating = new HashSet<>();

  ClusterState(String name) {
    this.name = name;
  }

  // ------------------------------------------------------------------ identity

  public String name() {
    return name;
  }

  public Map<String, String> labels() {
    return labels;
  }

  /** Karmada's cluster fields {@code provider}, {@code region}, {@code zone} (absent when unknown). */
  public Map<String, String> fields() {
    return fields;
  }

  public List<Taint> taints() {
    return taints;
  }

  public boolean ready() {
    return ready;
  }

  /** The cluster's binpack/spread weights and node/device policies. */
  public ScoringPolicy scoring() {
    return scoring;
  }

  /**
   * The gpu-model scoring policy for fit and score under a placement mode: the cluster's weights and
   * device policy with the mode's node policy; the fragmentation mode packs shares on devices (as FGD
   * does). A pod's own HAMi policies still override inside gpu-model.
   */
  public ScoringPolicy policy(PlacementMode m) {
    return policies[m.ordinal()];
  }

  private static ScoringPolicy policyUnder(PlacementMode m, ScoringPolicy s) {
    return switch (m) {
      case BINPACK -> s.nodePolicy() == io.argosy.gpu.score.Policy.BINPACK ? s : s.with(io.argosy.gpu.score.Policy.BINPACK, s.devicePolicy());
      case SPREAD -> s.nodePolicy() == io.argosy.gpu.score.Policy.SPREAD ? s : s.with(io.argosy.gpu.score.Policy.SPREAD, s.devicePolicy());
      case FRAGMENTATION, ARGOSY -> s.with(io.argosy.gpu.score.Policy.BINPACK, io.argosy.gpu.score.Policy.BINPACK);
    };
  }

  /** The placement mode the cluster asks for (label {@value PlacementMode#LABEL}), or null for the scheduler's default. */
  public PlacementMode mode() {
    return mode;
  }

  void setMeta(Map<String, String> labels, List<Taint> taints, boolean ready, ScoringPolicy scoring, PlacementMode mode) {
    boolean gained = (ready && !this.ready) || !taints.containsAll(this.taints);
    this.labels = Map.copyOf(labels);
    this.fields = fieldsOf(labels);
    this.taints = List.copyOf(taints);
    this.ready = ready;
    this.scoring = scoring;
    this.mode = mode;
    for (PlacementMode m : PlacementMode.values()) {
      policies[m.ordinal()] = policyUnder(m, scoring);
    }
    version++;
    if (gained) {
      gainVersion++;
    }
  }

  /**
   * Karmada's cluster fields from labels: {@code provider}/{@code region}/{@code zone} as plain labels,
   * else {@code topology.kubernetes.io/region|zone} and {@code argosy.io/provider}.
   */
  public static Map<String, String> fieldsOf(Map<String, String> labels) {
    Map<String, String> f = new HashMap<>();
    put(f, "provider", labels.get("provider"), labels.get("argosy.io/provider"));
    put(f, "region", labels.get("region"), labels.get("topology.kubernetes.io/region"));
    put(f, "zone", labels.get("zone"), labels.get("topology.kubernetes.io/zone"));
    return Map.copyOf(f);
  }

  private static void put(Map<String, String> f, String key, String first, String second) {
    String v = first != null ? first : second;
    if (v != null) {
      f.put(key, v);
    }
  }

  // ------------------------------------------------------------------ nodes and classes

  /** Nodes present. */
  public int nodeCount() {
    return nodeCount;
  }

  /** Highest node index + 1 (indices of removed nodes stay empty). */
  public int slotCount() {
    return slots.size();
  }

  /** The node at an index, or null when that node was removed. */
  public NodeSlot slot(int index) {
    return slots.get(index);
  }

  public NodeSlot node(String nodeName) {
    return byName.get(nodeName);
  }

  /** Current equivalence classes, in no particular order. */
  public int classCount() {
    return classCount;
  }

  public NodeClass classAt(int i) {
    return classes[i];
  }

  /**
   * The live class array (positions 0..{@link #classCount()}-1) for allocation-free scans; read only,
   * valid until the next change of the cluster.
   */
  public NodeClass[] classArray() {
    return classes;
  }

  /** Per class position, the index of its representative (lowest-index member); read only, like {@link #classArray()}. */
  public int[] representativeIndices() {
    return representatives;
  }

  /** Per class position, the shape number of its nodes; read only, like {@link #classArray()}. */
  public int[] classShapes() {
    return classShapes;
  }

  /** Per class position, the free cpu of each member; read only, like {@link #classArray()}. */
  public long[] classFreeCpu() {
    return classFreeCpu;
  }

  /** Per class position, the free memory of each member; read only, like {@link #classArray()}. */
  public long[] classFreeMemory() {
    return classFreeMemory;
  }

  /** Per class position, the free pod slots of each member; read only, like {@link #classArray()}. */
  public int[] classFreePods() {
    return classFreePods;
  }

  /**
   * Per class position, each member's untouched whole devices: {@code (vendor ordinal + 1) << 24 |
   * count} when its devices are of one vendor, 0 when it offers none, -1 when several vendors; read
   * only, like {@link #classArray()}.
   */
  public int[] classFreeWhole() {
    return classFreeWhole;
  }

  /** Pods whose usage this cluster's nodes carry, by key. */
  public Map<String, HeldPod> pods() {
    return Collections.unmodifiableMap(pods);
  }

  // ------------------------------------------------------------------ totals and versions

  /** Free CPU (millicores) summed over ready nodes. */
  public long freeCpuMilli() {
    return freeCpu;
  }

  public long freeMemoryBytes() {
    return freeMemory;
  }

  public long freePods() {
    return freePods;
  }

  /** Untouched healthy devices (and free MIG-single instances) of a vendor on ready nodes: what whole-device demands can take. */
  public long freeWholeDevices(Vendor vendor) {
    return freeWhole[vendor.ordinal()];
  }

  /** Moves on every change. */
  public long version() {
    return version;
  }

  /** Moves whenever capacity may have grown (a release, a node added or ready again, a taint removed). */
  public long gainVersion() {
    return gainVersion;
  }

  void gained() {
    gainVersion++;
    version++;
  }

  // ------------------------------------------------------------------ maintenance (FleetState and Trial only)

  /** Device models of a vendor seen on this cluster's nodes (never shrinks while the cluster lives). */
  public java.util.Set<String> deviceModels(Vendor vendor) {
    java.util.Set<String> m = models.get(vendor);
    return m == null ? java.util.Set.of() : Collections.unmodifiableSet(m);
  }

  void noteModels(io.argosy.gpu.inventory.NodeInventory inv) {
    for (var d : inv.devices()) {
      models.computeIfAbsent(d.vendor(), v -> new java.util.TreeSet<>()).add(d.model());
    }
  }

  /** Devices per model over the cluster's nodes, kept as nodes come, change and go. */
  private final Map<String, Long> deviceModels = new java.util.TreeMap<>();

  private void countDevices(io.argosy.gpu.inventory.NodeInventory inv, long sign) {
    for (var d : inv.devices()) {
      deviceModels.merge(d.model(), sign, (a, b) -> a + b == 0 ? null : a + b);
    }
  }

  /**
   * Devices per model over the cluster's nodes (ready or not): kept per node change, not recounted,
   * since every node update moves the fleet's inventory version and the next cycle asks again.
   */
  public Map<String, Long> devicesByModel() {
    return new java.util.TreeMap<>(deviceModels);
  }

  /** A node's new inventory (allocatable changed, a device went unhealthy). */
  void replaceInventory(NodeSlot s, io.argosy.gpu.inventory.NodeInventory inv) {
    noteModels(inv);
    countDevices(s.inventory, -1);
    countDevices(inv, 1);
    s.inventory = inv;
  }

  NodeSlot addSlot(io.argosy.gpu.inventory.NodeInventory inv, int shape) {
    noteModels(inv);
    countDevices(inv, 1);
    NodeSlot s = new NodeSlot(slots.size(), inv);
    s.shape = shape;
    slots.add(s);
    byName.put(inv.name(), s);
    nodeCount++;
    reclassify(s);
    gained();
    return s;
  }

  void removeSlot(NodeSlot s) {
    countDevices(s.inventory, -1);
    detach(s);
    subtractTotals(s);
    slots.set(s.index(), null);
    byName.remove(s.name());
    nodeCount--;
    version++;
  }

  /** Re-files a node after its usage or inventory changed, and updates the free totals. */
  void reclassify(NodeSlot s) {
    version++;
    subtractTotals(s);
    addTotals(s);
    long h = UsageKey.mix(UsageKey.hash(s.state) * 31 + s.shape);
    NodeClass cur = s.nodeClass;
    if (cur != null && cur.usageHash == h && cur.shape == s.shape) {
      if (cur.size() == 1) {
        return;
      }
      NodeSlot other = cur.representative() != s ? cur.representative() : cur.member(1);
      if (UsageKey.same(other.state, s.state)) {
        return;
      }
    }
    if (cur != null) {
      detach(s);
    }
    NodeClass target = classIndex.get(h);
    NodeClass last = null;
    while (target != null && !(target.shape == s.shape && UsageKey.same(target.representative().state, s.state))) {
      last = target;
      target = target.collision;
    }
    if (target == null) {
      target = new NodeClass(s.shape, h);
      if (last == null) {
        classIndex.put(h, target);
      } else {
        last.collision = target;
      }
      if (classCount == classes.length) {
        classes = java.util.Arrays.copyOf(classes, classCount * 2);
        representatives = java.util.Arrays.copyOf(representatives, classCount * 2);
        classShapes = java.util.Arrays.copyOf(classShapes, classCount * 2);
        classFreeCpu = java.util.Arrays.copyOf(classFreeCpu, classCount * 2);
        classFreeMemory = java.util.Arrays.copyOf(classFreeMemory, classCount * 2);
        classFreePods = java.util.Arrays.copyOf(classFreePods, classCount * 2);
        classFreeWhole = java.util.Arrays.copyOf(classFreeWhole, classCount * 2);
      }
      classShapes[classCount] = s.shape;
      classFreeCpu[classCount] = s.freeCpu;
      classFreeMemory[classCount] = s.freeMemory;
      classFreePods[classCount] = (int) Math.min(Integer.MAX_VALUE, s.freePods);
      classFreeWhole[classCount] = s.wholeVendor >= 0 ? (s.wholeVendor + 1) << 24 | Math.min(s.freeWhole, 0xFFFFFF)
          : s.freeWholeByVendor != null ? -1 : 0;
      target.listPos = classCount;
      classes[classCount++] = target;
    }
    target.add(s);
    s.nodeClass = target;
    representatives[target.listPos] = target.representative().index();
  }

  private void detach(NodeSlot s) {
    NodeClass c = s.nodeClass;
    if (c == null) {
      return;
    }
    c.remove(s);
    s.nodeClass = null;
    if (c.size() > 0) {
      representatives[c.listPos] = c.representative().index();
      return;
    }
    // unlink from the hash chain
    NodeClass head = classIndex.get(c.usageHash);
    if (head == c) {
      if (c.collision == null) {
        classIndex.remove(c.usageHash);
      } else {
        classIndex.put(c.usageHash, c.collision);
      }
    } else {
      NodeClass p = head;
      while (p != null && p.collision != c) {
        p = p.collision;
      }
      if (p != null) {
        p.collision = c.collision;
      }
    }
    c.collision = null;
    int pos = c.listPos;
    NodeClass moved = classes[--classCount];
    classes[classCount] = null;
    if (moved != c) {
      classes[pos] = moved;
      representatives[pos] = representatives[classCount];
      classShapes[pos] = classShapes[classCount];
      classFreeCpu[pos] = classFreeCpu[classCount];
      classFreeMemory[pos] = classFreeMemory[classCount];
      classFreePods[pos] = classFreePods[classCount];
      classFreeWhole[pos] = classFreeWhole[classCount];
      moved.listPos = pos;
    }
    c.listPos = -1;
  }

  private void subtractTotals(NodeSlot s) {
    freeCpu -= s.freeCpu;
    freeMemory -= s.freeMemory;
    freePods -= s.freePods;
    if (s.wholeVendor >= 0) {
      freeWhole[s.wholeVendor] -= s.freeWhole;
    } else if (s.freeWholeByVendor != null) {
      for (int v = 0; v < VENDORS; v++) {
        freeWhole[v] -= s.freeWholeByVendor[v];
      }
    }
    s.freeCpu = 0;
    s.freeMemory = 0;
    s.freePods = 0;
    s.freeWhole = 0;
    s.wholeVendor = -1;
    s.freeWholeByVendor = null;
  }

  private void addTotals(NodeSlot s) {
    NodeState st = s.state;
    if (!st.ready()) {
      return;
    }
    s.freeCpu = st.freeCpuMilli();
    s.freeMemory = st.freeMemoryBytes();
    s.freePods = st.freePods();
    freeCpu += s.freeCpu;
    freeMemory += s.freeMemory;
    freePods += s.freePods;
    int n = st.deviceCount();
    if (n == 0) {
      return;
    }
    int single = -1;
    boolean mixed = false;
    for (int i = 0; i < n; i++) {
      int v = st.device(i).vendor().ordinal();
      if (single < 0) {
        single = v;
      } else if (single != v) {
        mixed = true;
      }
    }
    if (!mixed) {
      int free = freeWholeOn(st, -1);
      s.wholeVendor = single;
      s.freeWhole = free;
      freeWhole[single] += free;
    } else {
      s.freeWholeByVendor = new int[VENDORS];
      for (int v = 0; v < VENDORS; v++) {
        s.freeWholeByVendor[v] = freeWholeOn(st, v);
        freeWhole[v] += s.freeWholeByVendor[v];
      }
    }
  }

  /** What a whole-device demand could take on the node: untouched devices and free MIG-single instances. */
  private static int freeWholeOn(NodeState st, int vendor) {
    int free = 0;
    int n = st.deviceCount();
    for (int i = 0; i < n; i++) {
      var d = st.device(i);
      if (vendor >= 0 && d.vendor().ordinal() != vendor || !d.healthy()) {
        continue;
      }
      int mode = d.mode().ordinal();
      if ((mode == MODE_WHOLE || mode == MODE_SHARE) && st.tasks(i) == 0 && !st.exclusive(i)
          && st.usedMemoryMiB(i) == 0 && st.usedCores(i) == 0) {
        free++;
      }
    }
    boolean migSingle = false;
    for (int i = 0; i < n && !migSingle; i++) {
      migSingle = st.device(i).mode().ordinal() == MODE_MIG_SINGLE;
    }
    int p = migSingle ? st.partitionCount() : 0;
    for (int q = 0; q < p; q++) {
      if (st.partitionFree(q)) {
        var part = st.partition(q);
        var d = st.device(part.deviceIndex());
        if (d.mode().ordinal() == MODE_MIG_SINGLE && d.healthy() && (vendor < 0 || d.vendor().ordinal() == vendor)) {
          free++;
        }
      }
    }
    return free;
  }

  @Override
  public String toString() {
    return "cluster " + name + " (" + nodeCount + " nodes, " + classCount + " classes)";
  }
}
