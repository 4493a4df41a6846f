package io.argosy.scheduler.openb;

import java.util.List;

/**
 * The mutable state of the simulated cluster: free CPU, memory and per-GPU share of every node in
 * flat arrays, plus a change counter per node so callers can cache scores until the node changes.
 * Tasks are only added (the openb protocol has no departures). Single-threaded.
 */
public final class ClusterState {

  /** Task kinds for {@link NodeView#gpuTasksOfKind}: 0 = sharing, k = k whole GPUs (k <= 32). */
  static final int KINDS = 33;

  private final List<TraceNode> nodes;
  private final long[] cpuCap;
  private final long[] memCap;
  private final long[] cpuFree;
  private final long[] memFree;
  private final int[][] gpuFree;
  private final int[][] kindCount;
  private final int[] kinds;
  private final int[] version;
  private final long totalGpuMilli;
  private long usedGpuMilli;

  public ClusterState(List<TraceNode> nodes) {
    this.nodes = List.copyOf(nodes);
    int n = nodes.size();
    cpuCap = new long[n];
    memCap = new long[n];
    cpuFree = new long[n];
    memFree = new long[n];
    gpuFree = new int[n][];
    kindCount = new int[n][KINDS];
    kinds = new int[n];
    version = new int[n];
    long total = 0;
    for (int i = 0; i < n; i++) {
      TraceNode t = nodes.get(i);
      cpuCap[i] = cpuFree[i] = t.cpuMilli();
      memCap[i] = memFree[i] = t.memoryMib();
      gpuFree[i] = new int[t.gpuCount()];
      java.util.Arrays.fill(gpuFree[i], TaskDemand.WHOLE);
      total += (long) t.gpuCount() * TaskDemand.WHOLE;
    }
    totalGpuMilli = total;
  }

  public int size() {
    return nodes.size();
  }

  public TraceNode node(int i) {
    return nodes.get(i);
  }

  /** GPU capacity of the cluster in milli-GPU. */
  public long totalGpuMilli() {
    return totalGpuMilli;
  }

  /** Milli-GPU allocated so far. */
  public long usedGpuMilli() {
    return usedGpuMilli;
  }

  /** Free memory of node {@code i} in MiB. */
  public long memoryFreeMib(int i) {
    return memFree[i];
  }

  /** Bumped every time node {@code i} changes. */
  public int version(int i) {
    return version[i];
  }

  /** Marks every node changed, e.g. when a policy's own state moved. */
  public void invalidateAll() {
    for (int i = 0; i < version.length; i++) {
      version[i]++;
    }
  }

  /**
   * Places the task on node {@code i} using the GPUs in {@code gpuMask}. Throws if it does not fit:
   * the experiment must never overcommit.
   */
  public void place(int i, TaskDemand task, int gpuMask) {
    if (cpuFree[i] < task.cpuMilli() || memFree[i] < task.memoryMib()) {
      throw new IllegalStateException("task does not fit node " + nodes.get(i).name());
    }
    int[] free = gpuFree[i];
    if (Integer.bitCount(gpuMask) != task.gpuCount() || (gpuMask >>> free.length) != 0) {
      throw new IllegalStateException(
          "GPU mask " + Integer.toBinaryString(gpuMask) + " does not match " + task);
    }
    for (int g = 0; g < free.length; g++) {
      if (((gpuMask >>> g) & 1) != 0 && free[g] < task.gpuMilliPerGpu()) {
        throw new IllegalStateException("GPU " + g + " of " + nodes.get(i).name() + " is full");
      }
    }
    cpuFree[i] -= task.cpuMilli();
    memFree[i] -= task.memoryMib();
    for (int g = 0; g < free.length; g++) {
      if (((gpuMask >>> g) & 1) != 0) {
        free[g] -= task.gpuMilliPerGpu();
      }
    }
    usedGpuMilli += task.totalGpuMilli();
    if (task.gpuCount() > 0) {
      int kind = task.sharesGpu() ? 0 : task.gpuCount();
      if (kindCount[i][kind]++ == 0) {
        kinds[i]++;
      }
    }
    version[i]++;
  }

  /** A reusable view of node {@code i}; {@link Cursor#at(int)} moves it without allocating. */
  public Cursor cursor() {
    return new Cursor();
  }

  /** A flyweight {@link NodeView} over the arrays. */
  public final class Cursor implements NodeView {
    private int i;

    public Cursor at(int node) {
      this.i = node;
      return this;
    }

    public int index() {
      return i;
    }

    @Override
    public long cpuFreeMilli() {
      return cpuFree[i];
    }

    @Override
    public long cpuCapacityMilli() {
      return cpuCap[i];
    }

    @Override
    public long memoryFreeMib() {
      return memFree[i];
    }

    @Override
    public long memoryCapacityMib() {
      return memCap[i];
    }

    @Override
    public String gpuModel() {
      return nodes.get(i).model();
    }

    @Override
    public int gpuCount() {
      return gpuFree[i].length;
    }

    @Override
    public int[] gpuFreeMilli() {
      return gpuFree[i];
    }

    @Override
    public int gpuTasksOfKind(int kind) {
      return kind >= 0 && kind < KINDS ? kindCount[i][kind] : 0;
    }

    @Override
    public int gpuTaskKinds() {
      return kinds[i];
    }
  }
}
