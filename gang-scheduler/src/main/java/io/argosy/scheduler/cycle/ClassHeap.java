package io.argosy.scheduler.cycle;

import io.argosy.scheduler.fleet.NodeClass;

/**
 * One pod spec's fitting node classes of one cluster, best first: highest score, then lowest
 * representative index — the class a scan of every class memo would pick. Entries are never updated
 * in place: a class whose representative changed (or a new class) is pushed again from the
 * cluster's class change log, and an entry whose class died or whose representative index moved on is
 * dropped when it reaches the top (lazy deletion). Scores of a class never change within a cycle
 * (a class is a fixed usage), so the top valid entry is exact.
 */
final class ClassHeap {
  long generation;
  int logPos;
  private double[] scores = new double[16];
  private int[] indices = new int[16];
  private NodeClass[] classes = new NodeClass[16];
  private int size;

  int size() {
    return size;
  }

  void clear() {
    java.util.Arrays.fill(classes, 0, size, null);
    size = 0;
  }

  /** Appends without ordering; call {@link #heapify()} after a batch of appends. */
  void append(NodeClass c, double score, int index) {
    if (size == scores.length) {
      grow();
    }
    scores[size] = score;
    indices[size] = index;
    classes[size] = c;
    size++;
  }

  void heapify() {
    for (int i = (size >>> 1) - 1; i >= 0; i--) {
      down(i);
    }
  }

  void push(NodeClass c, double score, int index) {
    append(c, score, index);
    up(size - 1);
  }

  /**
   * The best class whose entry is still current (alive, same representative index), dropping stale
   * entries on the way; null when no class fits.
   */
  NodeClass top() {
    while (size > 0) {
      NodeClass c = classes[0];
      if (c.alive() && c.representative().index() == indices[0]) {
        return c;
      }
      pop();
    }
    return null;
  }

  double topScore() {
    return scores[0];
  }

  private void pop() {
    size--;
    if (size > 0) {
      scores[0] = scores[size];
      indices[0] = indices[size];
      classes[0] = classes[size];
      down(0);
    }
    classes[size] = null;
  }

  /** True when entry a goes before entry b: higher score, then lower index (as {@code >} and {@code ==} compare). */
  private boolean before(int a, int b) {
    double sa = scores[a];
    double sb = scores[b];
    return sa > sb || (sa == sb && indices[a] < indices[b]);
  }

  private void up(int i) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!before(i, parent)) {
        return;
      }
      swap(i, parent);
      i = parent;
    }
  }

  private void down(int i) {
    int half = size >>> 1;
    while (i < half) {
      int c = 2 * i + 1;
      int r = c + 1;
      if (r < size && before(r, c)) {
        c = r;
      }
      if (!before(c, i)) {
        return;
      }
      swap(i, c);
      i = c;
    }
  }

  private void swap(int a, int b) {
    double s = scores[a];
    scores[a] = scores[b];
    scores[b] = s;
    int x = indices[a];
    indices[a] = indices[b];
    indices[b] = x;
    NodeClass c = classes[a];
    classes[a] = classes[b];
    classes[b] = c;
  }

  private void grow() {
    int n = scores.length * 2;
    scores = java.util.Arrays.copyOf(scores, n);
    indices = java.util.Arrays.copyOf(indices, n);
    classes = java.util.Arrays.copyOf(classes, n);
  }
}
