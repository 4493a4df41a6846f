package io.argosy.solver.packing;

import io.argosy.gpu.score.Policy;
import java.util.Arrays;

/**
 * A cluster's free capacity during packing as a multiset of node states (state, count), kept sorted
 * by free GPU, then free CPU. Gangs are placed all-or-nothing: a gang that does not fit leaves the
 * state exactly as before.
 *
 * <p>Pods go onto nodes by the gang's policy: BINPACK picks the feasible node with the least free
 * GPU (best fit) and fills it before opening another; SPREAD puts one pod per node, on the node with
 * the most free GPU. CPU-only pods go to the feasible node with the least free GPU under either
 * policy, so they do not take the CPU of GPU nodes a later gang needs. The sort order turns each
 * choice into a scan that stops at the first node that fits, starting past the nodes with too little
 * free GPU to hold the pod.
 */
public final class PackState {

  private NodeState[] states;
  private int[] counts;
  private int size;
  private boolean zeros;

  /** A state of the given nodes; equal states are merged and the order is established here. */
  public PackState(NodeState[] states, int[] counts) {
    this.states = new NodeState[Math.max(4, states.length + 4)];
    this.counts = new int[this.states.length];
    Integer[] order = new Integer[states.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> states[a].gpuFree != states[b].gpuFree
        ? Long.compare(states[a].gpuFree, states[b].gpuFree)
        : Long.compare(states[a].cpu, states[b].cpu));
    for (int i : order) {
      if (counts[i] > 0) {
        add(states[i], counts[i]);
      }
    }
    this.zeros = false;
  }

  private PackState(PackState other) {
    this.states = Arrays.copyOf(other.states, other.states.length);
    this.counts = Arrays.copyOf(other.counts, other.counts.length);
    this.size = other.size;
    this.zeros = other.zeros;
  }

  public PackState copy() {
    return new PackState(this);
  }

  /** Places every pod of the gang, or none of them; true when placed. */
  public boolean placeGang(PodDemandShape[] shapes, int[] podCounts, Policy policy) {
    NodeState[] savedStates = Arrays.copyOf(states, size);
    int[] savedCounts = Arrays.copyOf(counts, size);
    int savedSize = size;
    boolean savedZeros = zeros;
    boolean binpack = policy != Policy.SPREAD;
    for (int i = 0; i < shapes.length; i++) {
      if (!placePods(shapes[i], podCounts[i], binpack)) {
        // restore into the current arrays so their capacity is kept
        System.arraycopy(savedStates, 0, states, 0, savedSize);
        System.arraycopy(savedCounts, 0, counts, 0, savedSize);
        size = savedSize;
        zeros = savedZeros;
        return false;
      }
    }
    if (zeros) {
      compact();
    }
    return true;
  }

  private boolean placePods(PodDemandShape pod, int n, boolean binpack) {
    int remaining = n;
    NodeState[] chain = null;
    while (remaining > 0) {
      int best = choose(pod, binpack);
      if (best < 0) {
        return false;
      }
      NodeState s = states[best];
      if (!binpack && pod.hasGpu()) {
        NodeState next = s.place(pod, false);
        int m = Math.min(counts[best], remaining);
        take(best, m);
        add(next, m);
        remaining -= m;
        continue;
      }
      // fill one node of state s as far as the remaining pods go
      if (chain == null) {
        chain = new NodeState[Math.min(n, 16)];
      }
      int f = 0;
      NodeState cur = s;
      while (f < remaining) {
        NodeState next = cur.place(pod, binpack);
        if (next == null) {
          break;
        }
        if (f == chain.length) {
          chain = Arrays.copyOf(chain, chain.length * 2);
        }
        chain[f++] = next;
        cur = next;
      }
      int available = counts[best];
      int fullNodes = Math.min(available, remaining / f);
      int partial = remaining - fullNodes * f;
      boolean partialNode = partial > 0 && partial < f && available > fullNodes;
      take(best, fullNodes + (partialNode ? 1 : 0));
      if (fullNodes > 0) {
        add(chain[f - 1], fullNodes);
        remaining -= fullNodes * f;
      }
      if (partialNode) {
        add(chain[partial - 1], 1);
        remaining = 0;
      }
    }
    return true;
  }

  private int choose(PodDemandShape pod, boolean binpack) {
    if (binpack || !pod.hasGpu()) {
      for (int i = lowerBound(pod.minNodeGpuFree()); i < size; i++) {
        if (counts[i] > 0 && states[i].fits(pod)) {
          return i;
        }
      }
      return -1;
    }
    int floor = lowerBound(pod.minNodeGpuFree());
    for (int i = size - 1; i >= floor; i--) {
      if (counts[i] > 0 && states[i].fits(pod)) {
        return i;
      }
    }
    return -1;
  }

  /** First index whose state has at least {@code gpuFree} free GPU. */
  private int lowerBound(long gpuFree) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (states[mid].gpuFree < gpuFree) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private void take(int i, int n) {
    counts[i] -= n;
    if (counts[i] == 0) {
      zeros = true;
    }
  }

  /** Adds {@code count} nodes of state {@code s}: merged into an equal state, else inserted in order. */
  private void add(NodeState s, int count) {
    int at = lowerBound(s.gpuFree);
    while (at < size && states[at].gpuFree == s.gpuFree && states[at].cpu <= s.cpu) {
      if (states[at].equals(s)) {
        counts[at] += count;
        return;
      }
      at++;
    }
    // equal states have equal cpu, so any equal one sits before 'at'; insert after the equal keys
    if (size == states.length) {
      states = Arrays.copyOf(states, size * 2 + 4);
      counts = Arrays.copyOf(counts, size * 2 + 4);
    }
    System.arraycopy(states, at, states, at + 1, size - at);
    System.arraycopy(counts, at, counts, at + 1, size - at);
    states[at] = s;
    counts[at] = count;
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
    // entries past size keep stale references: clearing them cost more than the short-lived garbage
    size = w;
    zeros = false;
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

  /** Entry {@code i} of {@link #size()}; entries with count 0 may appear. */
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
