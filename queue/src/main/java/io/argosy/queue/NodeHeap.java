package io.argosy.queue;

import java.util.Arrays;

/**
 * An indexed binary min-heap of sibling queues, ordered by queue priority (higher first), then the
 * weighted dominant share (lower first), then name. Each node stores its position so that a changed
 * key is restored in O(log n).
 */
final class NodeHeap {
  private QueueNode[] items = new QueueNode[4];
  private int size;

  static int compare(QueueNode a, QueueNode b) {
    if (a.priority() != b.priority()) {
      return a.priority() > b.priority() ? -1 : 1;
    }
    int c = Double.compare(a.key, b.key);
    return c != 0 ? c : a.name.compareTo(b.name);
  }

  boolean isEmpty() {
    return size == 0;
  }

  QueueNode top() {
    return size == 0 ? null : items[0];
  }

  void clear() {
    for (int i = 0; i < size; i++) {
      items[i].heapIndex = -1;
      items[i] = null;
    }
    size = 0;
  }

  void add(QueueNode n) {
    if (size == items.length) {
      items = Arrays.copyOf(items, size * 2);
    }
    items[size] = n;
    n.heapIndex = size++;
    up(n.heapIndex);
  }

  void remove(QueueNode n) {
    int i = n.heapIndex;
    QueueNode last = items[--size];
    items[size] = null;
    n.heapIndex = -1;
    if (i < size) {
      items[i] = last;
      last.heapIndex = i;
      if (!up(i)) {
        down(i);
      }
    }
  }

  /** Restores order after {@code n}'s key changed. */
  void update(QueueNode n) {
    if (!up(n.heapIndex)) {
      down(n.heapIndex);
    }
  }

  private boolean up(int i) {
    QueueNode n = items[i];
    int start = i;
    while (i > 0) {
      int p = (i - 1) >>> 1;
      if (compare(n, items[p]) >= 0) {
        break;
      }
      items[i] = items[p];
      items[i].heapIndex = i;
      i = p;
    }
    items[i] = n;
    n.heapIndex = i;
    return i != start;
  }

  private void down(int i) {
    QueueNode n = items[i];
    int half = size >>> 1;
    while (i < half) {
      int c = 2 * i + 1;
      int r = c + 1;
      if (r < size && compare(items[r], items[c]) < 0) {
        c = r;
      }
      if (compare(n, items[c]) <= 0) {
        break;
      }
      items[i] = items[c];
      items[i].heapIndex = i;
      i = c;
    }
    items[i] = n;
    n.heapIndex = i;
  }
}
