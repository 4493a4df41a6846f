package io.argosy.scheduler.fleet;

/**
 * Per node class, what a pod spec got there in the current scheduling cycle: fits with a score, or
 * the reasons it does not. Keyed by the cycle's pod-spec number; an entry from another cycle
 * ({@code epoch}) is void. Open addressing over int keys so that a lookup allocates nothing.
 */
public final class ClassMemo {
  private long epoch = -1;
  private int[] keys = new int[8];
  private double[] scores = new double[8];
  private Object[] reasons = new Object[8];
  private int size;

  /** The slot of {@code spec} in this epoch, or -1. */
  public int find(long epoch, int spec) {
    if (this.epoch != epoch) {
      return -1;
    }
    int mask = keys.length - 1;
    for (int i = mix(spec) & mask; ; i = (i + 1) & mask) {
      int k = keys[i];
      if (k == 0) {
        return -1;
      }
      if (k == spec + 1) {
        return i;
      }
    }
  }

  /** True when the entry fits (its reasons are null). */
  public boolean fits(int slot) {
    return reasons[slot] == null;
  }

  public double score(int slot) {
    return scores[slot];
  }

  /** The memoised reasons of a failed fit (an opaque value the cycle stores). */
  public Object reasons(int slot) {
    return reasons[slot];
  }

  /** Stores a fit (reasons null) or a failure. */
  public void put(long epoch, int spec, double score, Object reasons) {
    if (this.epoch != epoch) {
      clear();
      this.epoch = epoch;
    }
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    insert(spec, score, reasons);
  }

  private void insert(int spec, double score, Object why) {
    int mask = keys.length - 1;
    for (int i = mix(spec) & mask; ; i = (i + 1) & mask) {
      if (keys[i] == 0 || keys[i] == spec + 1) {
        if (keys[i] == 0) {
          size++;
        }
        keys[i] = spec + 1;
        scores[i] = score;
        reasons[i] = why;
        return;
      }
    }
  }

  private void grow() {
    int[] k = keys;
    double[] s = scores;
    Object[] r = reasons;
    keys = new int[k.length * 2];
    scores = new double[k.length * 2];
    reasons = new Object[k.length * 2];
    size = 0;
    for (int i = 0; i < k.length; i++) {
      if (k[i] != 0) {
        insert(k[i] - 1, s[i], r[i]);
      }
    }
  }

  private void clear() {
    if (size > 0) {
      java.util.Arrays.fill(keys, 0);
      java.util.Arrays.fill(reasons, null);
      size = 0;
    }
  }

  private static int mix(int x) {
    x *= 0x9E3779B9;
    return x ^ (x >>> 16);
  }
}
