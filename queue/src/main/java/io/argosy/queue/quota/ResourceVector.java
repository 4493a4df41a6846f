package io.argosy.queue.quota;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable sparse vector of resource amounts keyed by resource key (see {@link ResourceKeys}):
 * {@code cpu} in millicores, {@code memory} in bytes, device counts, share memory MiB, partition
 * instances, and model-qualified keys such as {@code nvidia.com/gpu[H100]}.
 *
 * <p>Entries are kept even when zero, because a quota of zero ("this queue may not use H100s") is
 * different from no quota. Arithmetic keeps the union of keys.
 */
public final class ResourceVector {
  public static final ResourceVector EMPTY = new ResourceVector(new int[0], new long[0]);

  private final int[] ids; // ascending
  private final long[] amounts;

  private ResourceVector(int[] ids, long[] amounts) {
    this.ids = ids;
    this.amounts = amounts;
  }

  /** Wraps arrays already sorted by key id (no copy: the caller hands them over). */
  static ResourceVector ofSorted(int[] ids, long[] amounts) {
    return ids.length == 0 ? EMPTY : new ResourceVector(ids, amounts);
  }

  public static ResourceVector of(Map<String, ? extends Number> amounts) {
    if (amounts.isEmpty()) {
      return EMPTY;
    }
    Builder b = builder();
    amounts.forEach((k, v) -> b.put(k, v.longValue()));
    return b.build();
  }

  public static ResourceVector of(String key, long amount) {
    return builder().put(key, amount).build();
  }

  public static ResourceVector of(String k1, long a1, String k2, long a2) {
    return builder().put(k1, a1).put(k2, a2).build();
  }

  public static ResourceVector of(String k1, long a1, String k2, long a2, String k3, long a3) {
    return builder().put(k1, a1).put(k2, a2).put(k3, a3).build();
  }

  /**
   * Parses the command-line form {@code cpu=4000,nvidia.com/gpu[H100]=32} (amounts are plain
   * integers in the key's unit).
   */
  public static ResourceVector parse(String text) {
    Builder b = builder();
    if (text == null || text.isBlank()) {
      return EMPTY;
    }
    for (String part : text.split(",")) {
      String p = part.trim();
      int eq = p.lastIndexOf('=');
      if (eq <= 0 || eq == p.length() - 1) {
        throw new IllegalArgumentException("expected key=amount, got '" + p + "'");
      }
      String amount = p.substring(eq + 1).trim();
      try {
        b.put(p.substring(0, eq).trim(), Long.parseLong(amount));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("amount of " + p.substring(0, eq).trim() + " must be an integer, got '" + amount + "'");
      }
    }
    return b.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public boolean isEmpty() {
    return ids.length == 0;
  }

  /** True when every amount is zero (or there are none). */
  public boolean isZero() {
    for (long a : amounts) {
      if (a != 0) {
        return false;
      }
    }
    return true;
  }

  public int size() {
    return ids.length;
  }

  /** The key id of entry {@code i} (entries are ordered by id). */
  public int idAt(int i) {
    return ids[i];
  }

  public long amountAt(int i) {
    return amounts[i];
  }

  public String keyAt(int i) {
    return ResourceKeys.name(ids[i]);
  }

  public boolean has(String key) {
    int id = ResourceKeys.find(key);
    return id >= 0 && Arrays.binarySearch(ids, id) >= 0;
  }

  public boolean has(int id) {
    return Arrays.binarySearch(ids, id) >= 0;
  }

  /** The amount for a key, 0 when absent. */
  public long get(String key) {
    int id = ResourceKeys.find(key);
    return id < 0 ? 0 : get(id);
  }

  public long get(int id) {
    int i = Arrays.binarySearch(ids, id);
    return i < 0 ? 0 : amounts[i];
  }

  /** Adds this vector into a dense array indexed by key id (growing is the caller's job). */
  public void addTo(long[] dense, long factor) {
    for (int i = 0; i < ids.length; i++) {
      dense[ids[i]] += amounts[i] * factor;
    }
  }

  /** The largest key id, or -1 when empty. */
  public int maxId() {
    return ids.length == 0 ? -1 : ids[ids.length - 1];
  }

  public ResourceVector plus(ResourceVector o) {
    return combine(o, 1);
  }

  public ResourceVector minus(ResourceVector o) {
    return combine(o, -1);
  }

  public ResourceVector times(long factor) {
    if (factor == 1 || ids.length == 0) {
      return this;
    }
    long[] a = new long[amounts.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = Math.multiplyExact(amounts[i], factor);
    }
    return new ResourceVector(ids, a);
  }

  private ResourceVector combine(ResourceVector o, int sign) {
    if (o.ids.length == 0) {
      return this;
    }
    if (ids.length == 0 && sign == 1) {
      return o;
    }
    int[] rid = new int[ids.length + o.ids.length];
    long[] ra = new long[rid.length];
    int i = 0, j = 0, n = 0;
    while (i < ids.length || j < o.ids.length) {
      if (j >= o.ids.length || (i < ids.length && ids[i] < o.ids[j])) {
        rid[n] = ids[i];
        ra[n++] = amounts[i++];
      } else if (i >= ids.length || o.ids[j] < ids[i]) {
        rid[n] = o.ids[j];
        ra[n++] = sign * o.amounts[j++];
      } else {
        rid[n] = ids[i];
        ra[n++] = Math.addExact(amounts[i++], sign * o.amounts[j++]);
      }
    }
    return new ResourceVector(Arrays.copyOf(rid, n), Arrays.copyOf(ra, n));
  }

  /** Only the unqualified keys ({@code nvidia.com/gpu}, {@code cpu}). */
  public ResourceVector base() {
    return filter(false);
  }

  /** Only the model-qualified keys ({@code nvidia.com/gpu[H100]}). */
  public ResourceVector qualified() {
    return filter(true);
  }

  private ResourceVector filter(boolean qualified) {
    int n = 0;
    for (int id : ids) {
      if (ResourceKeys.isQualified(id) == qualified) {
        n++;
      }
    }
    if (n == ids.length) {
      return this;
    }
    int[] rid = new int[n];
    long[] ra = new long[n];
    int k = 0;
    for (int i = 0; i < ids.length; i++) {
      if (ResourceKeys.isQualified(ids[i]) == qualified) {
        rid[k] = ids[i];
        ra[k++] = amounts[i];
      }
    }
    return new ResourceVector(rid, ra);
  }

  /**
   * The amount of this vector that a quota key covers: the exact entry for a base key; for a
   * qualified key {@code base[M]}, the sum of entries {@code base[U]} whose model U is covered by M
   * (see {@link ResourceKeys#modelCovers}).
   */
  public long covered(int quotaKeyId) {
    if (!ResourceKeys.isQualified(quotaKeyId)) {
      return get(quotaKeyId);
    }
    int base = ResourceKeys.baseId(quotaKeyId);
    String model = ResourceKeys.model(quotaKeyId);
    long sum = 0;
    for (int i = 0; i < ids.length; i++) {
      int id = ids[i];
      if (ResourceKeys.isQualified(id) && ResourceKeys.baseId(id) == base
          && ResourceKeys.modelCovers(model, ResourceKeys.model(id))) {
        sum += amounts[i];
      }
    }
    return sum;
  }

  /** Keys sorted by name, for display and JSON. */
  public Map<String, Long> toMap() {
    TreeMap<String, Long> m = new TreeMap<>();
    for (int i = 0; i < ids.length; i++) {
      m.put(ResourceKeys.name(ids[i]), amounts[i]);
    }
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResourceVector v && Arrays.equals(ids, v.ids) && Arrays.equals(amounts, v.amounts);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(ids) + Arrays.hashCode(amounts);
  }

  @Override
  public String toString() {
    return toMap().toString();
  }

  /** Collects entries; later puts of the same key overwrite. */
  public static final class Builder {
    private final TreeMap<Integer, Long> entries = new TreeMap<>();

    public Builder put(String key, long amount) {
      entries.put(ResourceKeys.id(key), amount);
      return this;
    }

    public Builder add(String key, long amount) {
      entries.merge(ResourceKeys.id(key), amount, Math::addExact);
      return this;
    }

    public ResourceVector build() {
      if (entries.isEmpty()) {
        return EMPTY;
      }
      int[] ids = new int[entries.size()];
      long[] amounts = new long[ids.length];
      int i = 0;
      for (Map.Entry<Integer, Long> e : entries.entrySet()) {
        ids[i] = e.getKey();
        amounts[i++] = e.getValue();
      }
      return new ResourceVector(ids, amounts);
    }
  }
}
