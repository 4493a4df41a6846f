package io.argosy.solver.packing;

import io.argosy.gpu.score.Policy;
import java.util.Arrays;

/**
 * A cluster's free capacity during packing as a multiset of node states (state, count). Gangs are
 * placed all-or-nothing: a gang that does not fit leaves the state exactly as before.
 *
 * <p>Pods go onto nodes by the gang's policy: BINPACK picks the feasible node with the least free
 * GPU (best fit) and fills it before opening another; SPREAD puts one pod per node on the node with
 * the most free GPU. CPU-only pods go first to nodes with the least free GPU under either policy, so
 * they do not eat the CPU of GPU nodes a later gang needs.
 */
public final class PackState {

  private NodeState[] states;
  private int[] counts;
  private int size;

  public PackState(NodeState[] states, int[] counts) {
    this.states = states.clone();
    this.counts = counts.clone();
    this.size = states.length;
  }

  private PackState(PackState other) {
    this.states = Arrays.copyOf(other.states, Math.max(4, other.size + 4));
    this.counts = Arrays.copyOf(other.counts, Math.max(4, other.size + 4));
    this.size = other.size;
  }

  public PackState copy() {
    return new PackState(this);
  }

  /** Places every pod of the gang, or none of them; true when placed. */
  public boolean placeGang(PodDemandShape[] shapes, int[] podCounts, Policy policy) {
    NodeState[] savedStates = Arrays.copyOf(states, size);
    int[] savedCounts = Arrays.copyOf(counts, size);
    int savedSize = size;
    boolean binpack = policy != Policy.SPREAD;
    for (int i = 0; i < shapes.length; i++) {
      if (!placePods(shapes[i], podCounts[i], binpack)) {
        states = savedStates;
        counts = savedCounts;
        size = savedSize;
        return false;
      }
    }
    compact();
    return true;
  }

  private boolean placePods(PodDemandShape pod, int n, boolean binpack) {
    int remaining = n;
    NodeState[] chain = new NodeState[Math.min(n, 16)];
    while (remaining > 0) {
      int best = choose(pod, binpack);
      if (best < 0) {
        return false;
      }
      NodeState s = states[best];
      if (!binpack) {
        NodeState next = s.place(pod, false);
        int m = Math.min(counts[best], remaining);
        counts[best] -= m;
        add(next, m);
        remaining -= m;
        continue;
      }
      // fill one node of state s as far as the remaining pods go
      int f = 0;
      NodeState cur = s;
      while (f < remaining) {
        NodeState next = cur.place(pod, true);
        if (next == null) {
          break;
        }
        if (f == chain.length) {
          chain = Arrays.copyOf(chain, chain.length * 2);
        }
        chain[f++] = next;
        cur = next;
      }
      int fullNodes = Math.min(counts[best], remaining / f);
      if (fullNodes > 0) {
        counts[best] -= fullNodes;
        add(chain[f - 1], fullNodes);
        remaining -= fullNodes * f;
      }
      if (remaining > 0 && remaining < f && counts[best] > 0) {
        counts[best] -= 1;
        add(chain[remaining - 1], 1);
        remaining = 0;
      }
    }
    return true;
  }

  private int choose(PodDemandShape pod, boolean binpack) {
    boolean gpu = pod.hasGpu();
    boolean leastGpu = binpack || !gpu;
    int best = -1;
    long bestGpu = 0;
    long bestCpu = 0;
    for (int i = 0; i < size; i++) {
      if (counts[i] == 0) {
        continue;
      }
      NodeState s = states[i];
      if (best >= 0) {
        // cheap rejects before the fit check: only a strictly better node can replace the best
        boolean better = leastGpu ? s.gpuFree < bestGpu || (s.gpuFree == bestGpu && cpuBetter(s.cpu, bestCpu, binpack))
                                  : s.gpuFree > bestGpu || (s.gpuFree == bestGpu && cpuBetter(s.cpu, bestCpu, binpack));
        if (!better) {
          continue;
        }
      }
      if (s.fits(pod)) {
        best = i;
        bestGpu = s.gpuFree;
        bestCpu = s.cpu;
      }
    }
    return best;
  }

  private static boolean cpuBetter(long cpu, long bestCpu, boolean binpack) {
    return binpack ? cpu < bestCpu : cpu > bestCpu;
  }

  private void add(NodeState s, int count) {
    int h = s.hashCode();
    for (int i = 0; i < size; i++) {
      if (states[i].hashCode() == h && states[i].equals(s)) {
        counts[i] += count;
        return;
      }
    }
    if (size == states.length) {
      states = Arrays.copyOf(states, size * 2 + 4);
      counts = Arrays.copyOf(counts, size * 2 + 4);
    }
    states[size] = s;
    counts[size] = count;
    size++;
  }

  private void compact() {
    int w = 0;
    for (int i = 0; i < size; i++) {
      if (counts[i] > 0) {
        states[w] = states[i];
        counts[w] = counts[i];
        w++;
      }
    }
    for (int i = w; i < size; i++) {
      states[i] = null;
    }
    size = w;
  }

  /** Σ over nodes of the measure. */
  public long fragmentation(FragmentationMeasure measure) {
    long sum = 0;
    for (int i = 0; i < size; i++) {
      if (counts[i] > 0) {
        sum += counts[i] * states[i].fragmentation(measure);
      }
    }
    return sum;
  }

  /** Free GPU of the cluster, milli-GPU. */
  public long gpuFree() {
    long sum = 0;
    for (int i = 0; i < size; i++) {
      sum += counts[i] * states[i].gpuFree;
    }
    return sum;
  }

  /** Distinct node states (with count above 0). */
  public int distinctStates() {
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (counts[i] > 0) {
        n++;
      }
    }
    return n;
  }

  public NodeView state(int i) {
    return states[i];
  }

  public int count(int i) {
    return counts[i];
  }

  public int size() {
    return size;
  }
}
