package io.argosy.queue.quota;

import io.argosy.gpu.InvalidSpecException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Usage and quota of every queue in the hierarchy, per resource key. Owned by the scheduler thread.
 *
 * <p>Semantics follow Volcano's capacity plugin: a queue's usage (its own jobs, or for a parent the
 * sum of its children) never goes over its {@code capability} through admission, nor over what is
 * left of the fleet (or of the parent) once the other queues' {@code guarantee} is reserved; usage
 * above {@code deserved} is borrowed idle capacity and is reclaimable when the queue is
 * {@code reclaimable}. Children's guarantee and deserved never exceed their parent's, and a child's
 * capability never exceeds its parent's.
 *
 * <p>The ledger only adds and subtracts what it is told; {@code JobQueues} records each job's
 * charge so that release is exactly what was charged.
 */
public final class QuotaLedger {
  public static final String ROOT = "root";
  private static final long INF = Long.MAX_VALUE;

  private final Map<String, Account> byName = new HashMap<>();
  private final List<Account> byIndex = new ArrayList<>();
  private ResourceVector total = ResourceVector.EMPTY;

  private static final class Account {
    final int index;
    final String name;
    final Account parent;
    final List<Account> children = new ArrayList<>();
    int weight;
    boolean reclaimable;
    QueueQuota quota = QueueQuota.NONE;
    long[] usage = new long[8];
    long childWeight;
    ResourceVector childGuarantee = ResourceVector.EMPTY;
    /** The answer for a demand that fits without borrowing (immutable, so shared). */
    final QuotaCheck ok;

    Account(int index, String name, Account parent, int weight, boolean reclaimable) {
      this.index = index;
      this.name = name;
      this.ok = QuotaCheck.ok(name, ResourceVector.EMPTY);
      this.parent = parent;
      this.weight = weight;
      this.reclaimable = reclaimable;
    }

    long usage(int id) {
      return id < usage.length ? usage[id] : 0;
    }

    void add(int id, long amount) {
      if (id >= usage.length) {
        usage = Arrays.copyOf(usage, Math.max(id + 1, usage.length * 2));
      }
      usage[id] += amount;
    }
  }

  public QuotaLedger() {
    Account root = new Account(0, ROOT, null, 1, false);
    byName.put(ROOT, root);
    byIndex.add(root);
  }

  // ---------------------------------------------------------------- structure

  /**
   * Creates or updates a queue. A new queue's parent must exist; an existing queue keeps its parent.
   *
   * @return keys whose usage is now above the capability (a lowered quota is allowed and reported)
   * @throws InvalidSpecException with a field path of the Volcano Queue ({@code spec.weight},
   *     {@code spec.capability[cpu]}, {@code spec.guarantee.resource[nvidia.com/gpu]}, ...) when the
   *     quota is inconsistent with itself, the parent or the children
   */
  public List<QuotaOverage> define(String name, String parent, int weight, boolean reclaimable, QueueQuota quota) {
    if (weight <= 0) {
      throw new InvalidSpecException("spec.weight", "queue weight must be a positive integer, got " + weight);
    }
    Account existing = byName.get(name);
    String parentName = parent == null || parent.isEmpty() ? ROOT : parent;
    if (existing != null) {
      String current = existing.parent == null ? null : existing.parent.name;
      if (existing.parent == null ? parent != null && !parent.isEmpty() : !current.equals(parentName)) {
        throw new InvalidSpecException(
            "spec.parent", "cannot move queue " + name + " from parent " + current + " to " + parentName);
      }
      validate(existing, existing.parent, quota);
      existing.weight = weight;
      existing.reclaimable = reclaimable;
      existing.quota = quota;
      refreshParentCaches(existing.parent);
      return overages(existing);
    }
    if (name.equals(parentName)) {
      throw new InvalidSpecException("spec.parent", "queue " + name + " cannot be its own parent");
    }
    Account p = byName.get(parentName);
    if (p == null) {
      throw new InvalidSpecException("spec.parent", "parent queue " + parentName + " does not exist");
    }
    validate(null, p, quota);
    Account a = new Account(byIndex.size(), name, p, weight, reclaimable);
    a.quota = quota;
    byIndex.add(a);
    byName.put(name, a);
    p.children.add(a);
    refreshParentCaches(p);
    return List.of();
  }

  /** Sets only the quota of an existing queue; see {@link #define}. */
  public List<QuotaOverage> setQuota(String name, QueueQuota quota) {
    Account a = account(name);
    return define(name, a.parent == null ? null : a.parent.name, a.weight, a.reclaimable, quota);
  }

  /** Removes a queue that has no children and no usage. */
  public void remove(String name) {
    Account a = account(name);
    if (a.parent == null) {
      throw new IllegalArgumentException("the root queue cannot be removed");
    }
    if (!a.children.isEmpty()) {
      throw new IllegalArgumentException("queue " + name + " has child queues");
    }
    if (!usage(a).isZero()) {
      throw new IllegalArgumentException("queue " + name + " still uses " + usage(a));
    }
    a.parent.children.remove(a);
    refreshParentCaches(a.parent);
    byName.remove(name);
    byIndex.set(a.index, null);
  }

  public boolean exists(String name) {
    return byName.containsKey(name);
  }

  public Optional<String> parent(String name) {
    Account a = account(name);
    return a.parent == null ? Optional.empty() : Optional.of(a.parent.name);
  }

  public List<String> children(String name) {
    return account(name).children.stream().map(c -> c.name).toList();
  }

  public boolean isLeaf(String name) {
    return account(name).children.isEmpty();
  }

  public int weight(String name) {
    return account(name).weight;
  }

  public boolean isReclaimable(String name) {
    return account(name).reclaimable;
  }

  public QueueQuota quota(String name) {
    return account(name).quota;
  }

  /** All queue names, parents before children. */
  public List<String> names() {
    List<String> out = new ArrayList<>();
    collect(byIndex.get(0), out);
    return out;
  }

  private void collect(Account a, List<String> out) {
    out.add(a.name);
    for (Account c : a.children) {
      collect(c, out);
    }
  }

  // ---------------------------------------------------------------- fleet

  /** The fleet's total capacity: the root's deserved share and the base of guarantee reservation. */
  public void setTotal(ResourceVector total) {
    this.total = total == null ? ResourceVector.EMPTY : total;
  }

  public ResourceVector total() {
    return total;
  }

  // ---------------------------------------------------------------- usage

  /**
   * Adds a charge to a queue and its ancestors. Jobs are charged through {@code JobQueues}, which
   * records each charge; calling this directly bypasses that record.
   */
  public void charge(String queue, ResourceVector amount) {
    charge(account(queue).index, amount);
  }

  public void charge(int index, ResourceVector amount) {
    for (Account a = byIndex.get(index); a != null; a = a.parent) {
      for (int i = 0; i < amount.size(); i++) {
        a.add(amount.idAt(i), amount.amountAt(i));
      }
    }
  }

  /** Subtracts a charge previously made; never lets usage go negative. */
  public void release(String queue, ResourceVector amount) {
    release(account(queue).index, amount);
  }

  public void release(int index, ResourceVector amount) {
    Account leaf = byIndex.get(index);
    for (int i = 0; i < amount.size(); i++) {
      if (leaf.usage(amount.idAt(i)) < amount.amountAt(i)) {
        throw new IllegalStateException("releasing " + amount + " from queue " + leaf.name
            + " would make its usage of " + amount.keyAt(i) + " negative (" + leaf.usage(amount.idAt(i)) + ")");
      }
    }
    for (Account a = leaf; a != null; a = a.parent) {
      for (int i = 0; i < amount.size(); i++) {
        a.add(amount.idAt(i), -amount.amountAt(i));
      }
    }
  }

  /** A queue's usage (a parent's is the sum of its subtree), non-zero keys only. */
  public ResourceVector usage(String queue) {
    return usage(account(queue));
  }

  private ResourceVector usage(Account a) {
    ResourceVector.Builder b = ResourceVector.builder();
    int n = Math.min(a.usage.length, ResourceKeys.count());
    for (int id = 0; id < n; id++) {
      if (a.usage[id] != 0) {
        b.put(ResourceKeys.name(id), a.usage[id]);
      }
    }
    return b.build();
  }

  /**
   * Usage under a quota key: the exact key for a base key, or the sum over covered models for a
   * qualified key ({@code nvidia.com/gpu[H100]} sums {@code nvidia.com/gpu[H100-80GB]} and others).
   */
  public long usage(String queue, String key) {
    return covered(account(queue), ResourceKeys.id(key));
  }

  /** Fast path for the fair-share ordering: usage of an exact key by queue index. */
  public long usageAt(int index, int keyId) {
    return byIndex.get(index).usage(keyId);
  }

  public int indexOf(String queue) {
    return account(queue).index;
  }

  public String nameOf(int index) {
    return byIndex.get(index).name;
  }

  /** Index of the parent, or -1 for the root. */
  public int parentIndex(int index) {
    Account p = byIndex.get(index).parent;
    return p == null ? -1 : p.index;
  }

  public int weightAt(int index) {
    return byIndex.get(index).weight;
  }

  /** Size of the index space (removed queues leave holes). */
  public int indexCount() {
    return byIndex.size();
  }

  private long covered(Account a, int quotaKey) {
    if (!ResourceKeys.isQualified(quotaKey)) {
      return a.usage(quotaKey);
    }
    int base = ResourceKeys.baseId(quotaKey);
    String model = ResourceKeys.model(quotaKey);
    long sum = 0;
    int n = Math.min(a.usage.length, ResourceKeys.count());
    for (int id = 0; id < n; id++) {
      if (a.usage[id] != 0 && ResourceKeys.isQualified(id) && ResourceKeys.baseId(id) == base
          && ResourceKeys.modelCovers(model, ResourceKeys.model(id))) {
        sum += a.usage[id];
      }
    }
    return sum;
  }

  // ---------------------------------------------------------------- checks

  /**
   * Whether the queue may take {@code demand} more: against its own and every ancestor's
   * capability, and against what the other queues' guarantees leave. Borrowing (going above the
   * deserved share) is allowed and reported in the answer.
   */
  public QuotaCheck check(String queue, ResourceVector demand) {
    return check(account(queue).index, demand);
  }

  public QuotaCheck check(int index, ResourceVector demand) {
    Account leaf = byIndex.get(index);
    for (Account a = leaf; a != null; a = a.parent) {
      ResourceVector cap = a.quota.capability();
      for (int i = 0; i < cap.size(); i++) {
        int q = cap.idAt(i);
        long req = demand.covered(q);
        if (req == 0) {
          continue;
        }
        long used = covered(a, q);
        if (used + req > cap.amountAt(i)) {
          return QuotaCheck.denied(a.name, ResourceKeys.name(q), QuotaCheck.Limit.CAPABILITY, used, req, cap.amountAt(i));
        }
      }
    }
    if (guaranteesOnPath(leaf)) {
      for (int q : reservationKeys(leaf, demand)) {
        long req = demand.covered(q);
        for (Account a = leaf; a.parent != null; a = a.parent) {
          long bound = reserveBound(a, q);
          long used = covered(a, q);
          if (bound != INF && used + req > bound) {
            return QuotaCheck.denied(a.name, ResourceKeys.name(q), QuotaCheck.Limit.GUARANTEE_RESERVED, used, req, bound);
          }
        }
      }
    }
    ResourceVector borrowing = borrowing(leaf, demand);
    return borrowing.isEmpty() ? leaf.ok : QuotaCheck.ok(leaf.name, borrowing);
  }

  private static boolean guaranteesOnPath(Account leaf) {
    for (Account a = leaf; a.parent != null; a = a.parent) {
      if (!a.parent.childGuarantee.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** Keys that a guarantee reservation could limit: the demand's own keys plus covering qualified guarantees. */
  private Set<Integer> reservationKeys(Account leaf, ResourceVector demand) {
    Set<Integer> keys = new LinkedHashSet<>();
    for (Account a = leaf; a.parent != null; a = a.parent) {
      ResourceVector g = a.parent.childGuarantee;
      if (g.isEmpty()) {
        continue;
      }
      for (int i = 0; i < demand.size(); i++) {
        if (g.has(demand.idAt(i))) {
          keys.add(demand.idAt(i));
        }
      }
      for (int i = 0; i < g.size(); i++) {
        if (ResourceKeys.isQualified(g.idAt(i)) && demand.covered(g.idAt(i)) > 0) {
          keys.add(g.idAt(i));
        }
      }
    }
    return keys;
  }

  /** min(capability, parent's bound minus the siblings' guarantees); the root's bound is the fleet total. */
  private long reserveBound(Account a, int q) {
    long cap = a.quota.capability().has(q) ? a.quota.capability().get(q) : INF;
    if (a.parent == null) {
      long t = total.covered(q);
      return Math.min(cap, t > 0 ? t : INF);
    }
    long p = reserveBound(a.parent, q);
    if (p != INF) {
      long others = a.parent.childGuarantee.get(q) - a.quota.guarantee().get(q);
      p = Math.max(0, p - others);
    }
    return Math.min(cap, p);
  }

  /** The part of the demand above the deserved share, per key; allocates only when there is some. */
  private ResourceVector borrowing(Account a, ResourceVector demand) {
    int over = 0;
    for (int i = 0; i < demand.size(); i++) {
      if (overDeserved(a, demand.idAt(i), demand.amountAt(i)) > 0) {
        over++;
      }
    }
    if (over == 0) {
      return ResourceVector.EMPTY;
    }
    int[] ids = new int[over];
    long[] amounts = new long[over];
    int n = 0;
    for (int i = 0; i < demand.size() && n < over; i++) {
      long o = overDeserved(a, demand.idAt(i), demand.amountAt(i));
      if (o > 0) {
        ids[n] = demand.idAt(i);
        amounts[n++] = o;
      }
    }
    return ResourceVector.ofSorted(ids, amounts);
  }

  private long overDeserved(Account a, int q, long amount) {
    long d = deserved(a, q);
    if (d == INF) {
      return 0;
    }
    long used = a.usage(q);
    return Math.max(0, used + amount - d) - Math.max(0, used - d);
  }

  /**
   * The effective deserved share per key: the explicit {@code deserved}, else the parent's share
   * times weight over the siblings' total weight (the root's share is the fleet total), kept
   * between guarantee and capability. Keys with no known total and no explicit value are absent.
   */
  public ResourceVector deserved(String queue) {
    Account a = account(queue);
    ResourceVector.Builder b = ResourceVector.builder();
    for (int q : quotaKeys(a)) {
      long d = deserved(a, q);
      if (d != INF) {
        b.put(ResourceKeys.name(q), d);
      }
    }
    return b.build();
  }

  private long deserved(Account a, int q) {
    QueueQuota quota = a.quota;
    long v;
    if (quota.deserved().has(q)) {
      v = quota.deserved().get(q);
    } else if (a.parent == null) {
      long t = total.covered(q);
      v = t > 0 ? t : INF;
    } else {
      long p = deserved(a.parent, q);
      v = p == INF ? INF : proportion(p, a.weight, a.parent.childWeight);
    }
    if (quota.capability().has(q)) {
      v = Math.min(v, quota.capability().get(q));
    }
    if (quota.guarantee().has(q)) {
      v = Math.max(v, quota.guarantee().get(q));
    }
    return v;
  }

  private static long proportion(long amount, long weight, long totalWeight) {
    return amount / totalWeight * weight + amount % totalWeight * weight / totalWeight;
  }

  /** Usage above the deserved share, per key (what the queue has borrowed). */
  public ResourceVector borrowed(String queue) {
    Account a = account(queue);
    ResourceVector.Builder b = ResourceVector.builder();
    for (int q : quotaKeys(a)) {
      long d = deserved(a, q);
      long used = covered(a, q);
      if (d != INF && used > d) {
        b.put(ResourceKeys.name(q), used - d);
      }
    }
    return b.build();
  }

  /**
   * What other queues may take back from this one: its borrowed amounts when the queue is
   * reclaimable, nothing otherwise (Volcano {@code reclaimable: false}).
   */
  public ResourceVector reclaimable(String queue) {
    return account(queue).reclaimable ? borrowed(queue) : ResourceVector.EMPTY;
  }

  /**
   * Whether {@code queue} may reclaim for a job of this demand: only a queue that stays within its
   * deserved share after admitting it may take borrowed capacity back (Volcano's reclaim action).
   */
  public QuotaCheck mayReclaim(String queue, ResourceVector demand) {
    Account a = account(queue);
    for (int i = 0; i < demand.size(); i++) {
      int q = demand.idAt(i);
      long d = deserved(a, q);
      long used = covered(a, q);
      if (d != INF && used + demand.amountAt(i) > d) {
        return QuotaCheck.denied(a.name, ResourceKeys.name(q), QuotaCheck.Limit.DESERVED, used, demand.amountAt(i), d);
      }
    }
    return QuotaCheck.ok(a.name, ResourceVector.EMPTY);
  }

  /** Keys whose usage is above the capability (only a lowered quota causes this). */
  public List<QuotaOverage> overages(String queue) {
    return overages(account(queue));
  }

  private List<QuotaOverage> overages(Account a) {
    List<QuotaOverage> out = new ArrayList<>();
    ResourceVector cap = a.quota.capability();
    for (int i = 0; i < cap.size(); i++) {
      long used = covered(a, cap.idAt(i));
      if (used > cap.amountAt(i)) {
        out.add(new QuotaOverage(a.name, cap.keyAt(i), used, cap.amountAt(i)));
      }
    }
    return out;
  }

  /** Base keys in use or in the fleet total, plus every key named in the queue's or its ancestors' quota. */
  private Set<Integer> quotaKeys(Account a) {
    Set<Integer> keys = new LinkedHashSet<>();
    for (int i = 0; i < total.size(); i++) {
      if (!ResourceKeys.isQualified(total.idAt(i))) {
        keys.add(total.idAt(i));
      }
    }
    int n = Math.min(a.usage.length, ResourceKeys.count());
    for (int id = 0; id < n; id++) {
      if (a.usage[id] != 0 && !ResourceKeys.isQualified(id)) {
        keys.add(id);
      }
    }
    for (Account x = a; x != null; x = x.parent) {
      addIds(keys, x.quota.capability());
      addIds(keys, x.quota.guarantee());
      addIds(keys, x.quota.deserved());
    }
    return keys;
  }

  private static void addIds(Set<Integer> keys, ResourceVector v) {
    for (int i = 0; i < v.size(); i++) {
      keys.add(v.idAt(i));
    }
  }

  // ---------------------------------------------------------------- validation

  private void validate(Account self, Account parent, QueueQuota q) {
    q.validate();
    if (parent != null) {
      ResourceVector pc = parent.quota.capability();
      for (int i = 0; i < q.capability().size(); i++) {
        int id = q.capability().idAt(i);
        if (pc.has(id) && q.capability().amountAt(i) > pc.get(id)) {
          throw new InvalidSpecException("spec.capability[" + ResourceKeys.name(id) + "]",
              "capability " + q.capability().amountAt(i) + " exceeds parent " + parent.name + "'s capability " + pc.get(id));
        }
      }
      siblingsWithin(self, parent, q.guarantee(), parent.quota.guarantee(), "spec.guarantee.resource", "guarantee",
          c -> c.quota.guarantee());
      siblingsWithin(self, parent, q.deserved(), parent.quota.deserved(), "spec.deserved", "deserved",
          c -> c.quota.deserved());
    }
    if (self != null) {
      for (Account c : self.children) {
        for (int i = 0; i < c.quota.capability().size(); i++) {
          int id = c.quota.capability().idAt(i);
          if (q.capability().has(id) && c.quota.capability().amountAt(i) > q.capability().get(id)) {
            throw new InvalidSpecException("spec.capability[" + ResourceKeys.name(id) + "]",
                "capability " + q.capability().get(id) + " is below child " + c.name + "'s capability "
                    + c.quota.capability().amountAt(i));
          }
        }
      }
      childrenWithin(self, q.guarantee(), "spec.guarantee.resource", "guarantee", c -> c.quota.guarantee());
      childrenWithin(self, q.deserved(), "spec.deserved", "deserved", c -> c.quota.deserved());
    }
  }

  private void siblingsWithin(Account self, Account parent, ResourceVector mine, ResourceVector parentLimit,
      String path, String what, Function<Account, ResourceVector> pick) {
    for (int i = 0; i < mine.size(); i++) {
      int id = mine.idAt(i);
      if (!parentLimit.has(id)) {
        continue;
      }
      long sum = mine.amountAt(i);
      for (Account c : parent.children) {
        if (c != self) {
          sum += pick.apply(c).get(id);
        }
      }
      if (sum > parentLimit.get(id)) {
        throw new InvalidSpecException(path + "[" + ResourceKeys.name(id) + "]",
            "children of " + parent.name + " would have " + what + " " + sum + " in total, over " + parent.name
                + "'s " + what + " " + parentLimit.get(id));
      }
    }
  }

  private static void childrenWithin(Account self, ResourceVector mine, String path, String what,
      Function<Account, ResourceVector> pick) {
    for (int i = 0; i < mine.size(); i++) {
      int id = mine.idAt(i);
      long sum = 0;
      for (Account c : self.children) {
        sum += pick.apply(c).get(id);
      }
      if (sum > mine.amountAt(i)) {
        throw new InvalidSpecException(path + "[" + ResourceKeys.name(id) + "]",
            what + " " + mine.amountAt(i) + " is below the " + sum + " its children have in total");
      }
    }
  }

  private void refreshParentCaches(Account p) {
    if (p == null) {
      return;
    }
    long w = 0;
    ResourceVector g = ResourceVector.EMPTY;
    for (Account c : p.children) {
      w += c.weight;
      g = g.plus(c.quota.guarantee());
    }
    p.childWeight = w;
    p.childGuarantee = g;
  }

  private Account account(String name) {
    Account a = byName.get(name);
    if (a == null) {
      throw new IllegalArgumentException("unknown queue " + name);
    }
    return a;
  }
}
