package io.argosy.scheduler.fleet;

/**
 * Nodes of one cluster with the same shape and the same usage: a pod fits all of them or none, with
 * the same score and the same devices by index. Members are kept in a min-heap by node index so that
 * the class offers its lowest-index node, the one a scan over all nodes would pick on a tie.
 */
public final class NodeClass {
  final int shape;
  final long usageHash;
  /** Another class whose key hashes the same (a collision chain; almost always null). */
  NodeClass collision;
  int listPos = -1;
  private NodeSlot[] heap = new NodeSlot[4];
  private int size;
  private final ClassMemo memo = new ClassMemo();

  NodeClass(int shape, long usageHash) {
    this.shape = shape;
    this.usageHash = usageHash;
  }

  public int size() {
    return size;
  }

  /** The member with the lowest index: the node the cycle fits and places on. */
  public NodeSlot representative() {
    return heap[0];
  }

  public int shape() {
    return shape;
  }

  public ClassMemo memo() {
    return memo;
  }

  /** The i-th member in heap order (for reasons that count nodes, and the invariant checker). */
  public NodeSlot member(int i) {
    return heap[i];
  }

  void add(NodeSlot s) {
    if (size == heap.length) {
      heap = java.util.Arrays.copyOf(heap, size * 2);
    }
    heap[size] = s;
    s.heapPos = size;
    size++;
    up(size - 1);
  }

  void remove(NodeSlot s) {
    int i = s.heapPos;
    size--;
    if (i != size) {
      NodeSlot last = heap[size];
      heap[i] = last;
      last.heapPos = i;
      heap[size] = null;
      if (!up(i)) {
        down(i);
      }
    } else {
      heap[size] = null;
    }
    s.heapPos = -1;
  }

  private boolean up(int i) {
    boolean moved = false;
    NodeSlot x = heap[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      NodeSlot p = heap[parent];
      if (p.index() <= x.index()) {
        break;
      }
      heap[i] = p;
      p.heapPos = i;
      i = parent;
      moved = true;
    }
    heap[i] = x;
    x.heapPos = i;
    return moved;
  }

  private void down(int i) {
    NodeSlot x = heap[i];
    int half = size >>> 1;
    while (i < half) {
      int c = 2 * i + 1;
      int r = c + 1;
      if (r < size && heap[r].index() < heap[c].index()) {
        c = r;
      }
      if (x.index() <= heap[c].index()) {
        break;
      }
      heap[i] = heap[c];
      heap[i].heapPos = i;
      i = c;
    }
    heap[i] = x;
    x.heapPos = i;
  }
}
