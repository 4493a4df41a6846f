package io.argosy.solver.packing;

import java.util.Arrays;

/**
 * The free capacity of one node during packing. Immutable: placing a pod yields a new state, so a
 * cluster's packing can share states between identical nodes and roll a gang back by dropping
 * references. Devices of a group are kept sorted most-free first, so two nodes with the same free
 * amounts are equal whatever devices the pods took.
 */
public final class NodeState implements NodeView {

  private static final int FULL = 1000;

  final NodeLayout layout;
  final long cpu;
  final long mem;
  final int pods;
  final int[] milli;
  final long[] memFree;
  final long gpuFree;
  /** Wholly free devices per group (a prefix of the group in most-free-first order). */
  private final int[] whole;
  private final int hash;
  private long fragmentation = -1;

  public NodeState(NodeLayout layout, long cpu, long mem, int pods, int[] milli, long[] memFree) {
    this.layout = layout;
    this.cpu = cpu;
    this.mem = mem;
    this.pods = pods;
    this.milli = milli;
    this.memFree = memFree;
    for (int g = 0; g < layout.groups(); g++) {
      sortGroup(layout, milli, memFree, g);
    }
    long gf = 0;
    for (int g = 0; g < layout.groups(); g++) {
      long sum = 0;
      for (int d = layout.offset[g], e = d + layout.size[g]; d < e; d++) {
        sum += milli[d];
      }
      gf += sum * layout.unitGpu[g] / FULL;
    }
    this.gpuFree = gf;
    this.whole = new int[layout.groups()];
    for (int g = 0; g < layout.groups(); g++) {
      whole[g] = wholeFree(layout, milli, memFree, g);
    }
    int h = layout.hashCode();
    h = 31 * h + Long.hashCode(cpu);
    h = 31 * h + Long.hashCode(mem);
    h = 31 * h + pods;
    h = 31 * h + Arrays.hashCode(milli);
    h = 31 * h + Arrays.hashCode(memFree);
    this.hash = h;
  }

  /** True when {@code pod} fits this node. */
  public boolean fits(PodDemandShape pod) {
    if (pod.cpuMilli() > cpu || pod.memoryBytes() > mem || pods < 1) {
      return false;
    }
    PodDemandShape.Acc[] accs = pod.accelerators();
    if (accs.length == 0) {
      return true;
    }
    if (accs.length == 1) {
      return findGroup(accs[0]) >= 0;
    }
    return place(pod, true) != null;
  }

  /** The state after placing {@code pod}, or null when it does not fit. */
  public NodeState place(PodDemandShape pod, boolean binpackDevices) {
    if (pod.cpuMilli() > cpu || pod.memoryBytes() > mem || pods < 1) {
      return null;
    }
    PodDemandShape.Acc[] accs = pod.accelerators();
    int[] m = milli;
    long[] mf = memFree;
    if (accs.length > 0) {
      m = milli.clone();
      mf = memFree == null ? null : memFree.clone();
      for (PodDemandShape.Acc a : accs) {
        int g = findGroup(a, m, mf);
        if (g < 0) {
          return null;
        }
        take(a, g, m, mf, binpackDevices);
        sortGroup(layout, m, mf, g);
      }
    }
    return new NodeState(layout, cpu - pod.cpuMilli(), mem - pod.memoryBytes(), pods - 1, m, mf);
  }

  /** findGroup on this state's own arrays, using the precomputed summaries to reject fast. */
  private int findGroup(PodDemandShape.Acc a) {
    NodeLayout l = layout;
    for (int g = 0; g < l.groups(); g++) {
      if (l.resourceId[g] != a.resourceId()
          || (a.modelId() >= 0 && l.modelId[g] != a.modelId())
          || (a.share() && !l.shared[g])) {
        continue;
      }
      if (!a.share()) {
        if (whole[g] >= a.devices()) {
          return g;
        }
      } else if (l.size[g] > 0 && milli[l.offset[g]] >= a.milli() && available(a, g, milli, memFree) >= a.devices()) {
        return g;
      }
    }
    return -1;
  }

  private static int wholeFree(NodeLayout l, int[] m, long[] mf, int g) {
    int off = l.offset[g];
    int end = off + l.size[g];
    long full = l.memoryMiB[g];
    int n = 0;
    for (int d = off; d < end && m[d] == FULL && (!l.shared[g] || mf[d] == full); d++) {
      n++;
    }
    return n;
  }

  private int findGroup(PodDemandShape.Acc a, int[] m, long[] mf) {
    NodeLayout l = layout;
    for (int g = 0; g < l.groups(); g++) {
      if (l.resourceId[g] != a.resourceId()
          || (a.modelId() >= 0 && l.modelId[g] != a.modelId())
          || (a.share() && !l.shared[g])) {
        continue;
      }
      if (available(a, g, m, mf) >= a.devices()) {
        return g;
      }
    }
    return -1;
  }

  /** Devices of group g that can serve one unit of the request. */
  private int available(PodDemandShape.Acc a, int g, int[] m, long[] mf) {
    int off = layout.offset[g];
    int end = off + layout.size[g];
    int n = 0;
    if (!a.share()) {
      // wholly free devices form a prefix of the most-free-first order
      return wholeFree(layout, m, mf, g);
    }
    for (int d = off; d < end; d++) {
      if (m[d] >= a.milli() && mf[d] >= a.memoryMiB()) {
        n++;
      }
    }
    return n;
  }

  private void take(PodDemandShape.Acc a, int g, int[] m, long[] mf, boolean binpack) {
    int off = layout.offset[g];
    int end = off + layout.size[g];
    int need = a.devices();
    if (!a.share()) {
      int n = available(a, g, m, mf);
      for (int d = off + n - need; d < off + n; d++) {
        m[d] = 0;
        if (layout.shared[g]) {
          mf[d] = 0;
        }
      }
      return;
    }
    // binpack: the tightest devices that still fit (from the least free end); spread: the most free
    if (binpack) {
      for (int d = end - 1; d >= off && need > 0; d--) {
        if (m[d] >= a.milli() && mf[d] >= a.memoryMiB()) {
          m[d] -= a.milli();
          mf[d] -= a.memoryMiB();
          need--;
        }
      }
    } else {
      for (int d = off; d < end && need > 0; d++) {
        if (m[d] >= a.milli() && mf[d] >= a.memoryMiB()) {
          m[d] -= a.milli();
          mf[d] -= a.memoryMiB();
          need--;
        }
      }
    }
  }

  private static void sortGroup(NodeLayout l, int[] m, long[] mf, int g) {
    int off = l.offset[g];
    int end = off + l.size[g];
    for (int i = off + 1; i < end; i++) {
      int vm = m[i];
      long vf = mf == null ? 0 : mf[i];
      int j = i - 1;
      while (j >= off && (m[j] < vm || (m[j] == vm && mf != null && mf[j] < vf))) {
        m[j + 1] = m[j];
        if (mf != null) {
          mf[j + 1] = mf[j];
        }
        j--;
      }
      m[j + 1] = vm;
      if (mf != null) {
        mf[j + 1] = vf;
      }
    }
  }

  /** Fragmented GPU of this node by {@code measure}, memoised (one measure per problem). */
  long fragmentation(FragmentationMeasure measure) {
    long f = fragmentation;
    if (f < 0) {
      f = measure.fragmentedMilli(this);
      fragmentation = f;
    }
    return f;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    return o instanceof NodeState s
        && hash == s.hash
        && layout == s.layout
        && cpu == s.cpu
        && mem == s.mem
        && pods == s.pods
        && Arrays.equals(milli, s.milli)
        && Arrays.equals(memFree, s.memFree);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public long cpuMilli() {
    return cpu;
  }

  @Override
  public long memoryBytes() {
    return mem;
  }

  public int podSlots() {
    return pods;
  }

  @Override
  public int groupCount() {
    return layout.groups();
  }

  @Override
  public String resource(int group) {
    return layout.resource[group];
  }

  @Override
  public String model(int group) {
    return layout.model[group];
  }

  @Override
  public boolean shared(int group) {
    return layout.shared[group];
  }

  @Override
  public int gpuMilliPerUnit(int group) {
    return layout.unitGpu[group];
  }

  @Override
  public long memoryMiB(int group) {
    return layout.memoryMiB[group];
  }

  @Override
  public int deviceCount(int group) {
    return layout.size[group];
  }

  @Override
  public int freeMilli(int group, int device) {
    return milli[layout.offset[group] + device];
  }

  @Override
  public long freeMemoryMiB(int group, int device) {
    return memFree == null ? 0 : memFree[layout.offset[group] + device];
  }

  @Override
  public long gpuFreeMilli() {
    return gpuFree;
  }
}
