package io.argosy.scheduler.fleet;

/**
 * A cluster's node classes by usage hash: open addressing over primitive long keys (linear probing,
 * backward-shift removal), so that re-filing a node after each allocation neither boxes its key nor
 * allocates a map entry. The hashes are already mixed ({@link UsageKey#mix}).
 */
final class ClassIndex {
  private long[] keys = new long[64];
  private NodeClass[] values = new NodeClass[64];
  private int size;

  NodeClass get(long key) {
    int mask = keys.length - 1;
    for (int i = slot(key) & mask; ; i = (i + 1) & mask) {
      NodeClass v = values[i];
      if (v == null || keys[i] == key) {
        return v;
      }
    }
  }

  void put(long key, NodeClass value) {
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    for (int i = slot(key) & mask; ; i = (i + 1) & mask) {
      if (values[i] == null) {
        keys[i] = key;
        values[i] = value;
        size++;
        return;
      }
      if (keys[i] == key) {
        values[i] = value;
        return;
      }
    }
  }

  void remove(long key) {
    int mask = keys.length - 1;
    int hole = slot(key) & mask;
    while (true) {
      if (values[hole] == null) {
        return;
      }
      if (keys[hole] == key) {
        break;
      }
      hole = (hole + 1) & mask;
    }
    // close the gap: move back every later entry of the run whose home is not after the hole
    for (int j = (hole + 1) & mask; values[j] != null; j = (j + 1) & mask) {
      int home = slot(keys[j]) & mask;
      boolean stays = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (!stays) {
        keys[hole] = keys[j];
        values[hole] = values[j];
        hole = j;
      }
    }
    values[hole] = null;
    size--;
  }

  int size() {
    return size;
  }

  private void grow() {
    long[] k = keys;
    NodeClass[] v = values;
    keys = new long[k.length * 2];
    values = new NodeClass[k.length * 2];
    size = 0;
    for (int i = 0; i < k.length; i++) {
      if (v[i] != null) {
        put(k[i], v[i]);
      }
    }
  }

  private static int slot(long key) {
    return (int) (key ^ (key >>> 32));
  }
}
