package io.argosy.queue.admin;

import io.argosy.gpu.InvalidSpecException;
import io.argosy.queue.JobQueues;
import io.argosy.queue.QueueSpec;
import io.argosy.queue.manifest.QueueManifest;
import io.argosy.queue.quota.QueueQuota;
import io.argosy.queue.quota.QuotaLedger;
import io.argosy.queue.quota.ResourceKeys;
import io.argosy.queue.quota.ResourceVector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The in-process admin API core uses for {@code argosy quota set|get} and {@code argosy get queues}:
 * define queues, set and read quotas, read usage per queue and resource. It works on the
 * scheduler's {@link JobQueues}, so it must be called on the scheduler thread (core hands admin
 * commands over through the intake); what it returns is immutable and may be passed to any thread.
 */
public final class QueueAdmin {
  private final JobQueues queues;

  public QueueAdmin(JobQueues queues) {
    this.queues = queues;
  }

  // ------------------------------------------------------------ queues

  /** Defines or updates a queue (and the queues its {@code volcano.sh/hierarchy} path implies). */
  public QueueChange apply(QueueManifest manifest) {
    List<QueueChange> changes = applyAll(manifest.specs());
    return changes.get(changes.size() - 1);
  }

  public QueueChange apply(QueueSpec spec) {
    return new QueueChange(spec, queues.defineQueue(spec));
  }

  /**
   * Defines several queues in an order that puts every parent before its children, whatever the
   * order given (a file may list children first).
   */
  public List<QueueChange> applyAll(List<QueueSpec> specs) {
    Map<String, QueueSpec> byName = new LinkedHashMap<>();
    for (QueueSpec s : specs) {
      byName.put(s.name(), s);
    }
    List<QueueChange> out = new ArrayList<>();
    Set<String> done = new HashSet<>();
    for (QueueSpec s : specs) {
      applyAfterParent(s, byName, done, new HashSet<>(), out);
    }
    return out;
  }

  private void applyAfterParent(QueueSpec s, Map<String, QueueSpec> byName, Set<String> done, Set<String> visiting,
      List<QueueChange> out) {
    if (done.contains(s.name())) {
      return;
    }
    if (!visiting.add(s.name())) {
      throw new InvalidSpecException("spec.parent", "queue " + s.name() + " is part of a parent cycle");
    }
    QueueSpec parent = s.parent() == null ? null : byName.get(s.parent());
    if (parent != null) {
      applyAfterParent(parent, byName, done, visiting, out);
    }
    out.add(apply(s));
    done.add(s.name());
  }

  /** Opens or closes a queue: a closed queue keeps and runs its jobs but new ones wait. */
  public QueueChange setOpen(String name, boolean open) {
    return apply(spec(name).withOpen(open));
  }

  /** Removes an empty leaf queue. */
  public void delete(String name) {
    queues.removeQueue(name);
  }

  public Optional<QueueView> get(String name) {
    return queues.queue(name).map(this::view);
  }

  /** Every queue, parents before children. */
  public List<QueueView> list() {
    return queues.queues().stream().map(this::view).toList();
  }

  // ------------------------------------------------------------ quotas

  public QueueQuota quota(String queue) {
    return spec(queue).quota();
  }

  /** Replaces the whole quota of a queue. */
  public QueueChange setQuota(String queue, QueueQuota quota) {
    return apply(spec(queue).withQuota(quota));
  }

  /**
   * Sets some keys of one quota kind, keeping the others: {@code argosy quota set Q --capability
   * nvidia.com/gpu[H100]=32}. Lowering a capability below usage is allowed and reported.
   */
  public QueueChange setQuota(String queue, QuotaKind kind, ResourceVector values) {
    QueueQuota q = quota(queue);
    ResourceVector merged = merge(pick(q, kind), values);
    return setQuota(queue, with(q, kind, merged));
  }

  /** Removes one key from one quota kind (no limit, no reservation, or the weighted share again). */
  public QueueChange removeQuota(String queue, QuotaKind kind, String key) {
    QueueQuota q = quota(queue);
    ResourceVector current = pick(q, kind);
    ResourceVector.Builder b = ResourceVector.builder();
    for (int i = 0; i < current.size(); i++) {
      if (!current.keyAt(i).equals(key)) {
        b.put(current.keyAt(i), current.amountAt(i));
      }
    }
    return setQuota(queue, with(q, kind, b.build()));
  }

  // ------------------------------------------------------------ usage

  public ResourceVector usage(String queue) {
    spec(queue);
    return queues.ledger().usage(queue);
  }

  /** Usage under one key; a model-qualified key sums the models it covers. */
  public long usage(String queue, String key) {
    spec(queue);
    ResourceKeys.parse(key);
    return queues.ledger().usage(queue, key);
  }

  /** The fleet total the shares are computed against. */
  public ResourceVector fleetTotal() {
    return queues.ledger().total();
  }

  private QueueView view(QueueSpec s) {
    QuotaLedger l = queues.ledger();
    String n = s.name();
    boolean leaf = l.isLeaf(n);
    return new QueueView(s, l.children(n), l.usage(n), l.deserved(n), l.borrowed(n), l.reclaimable(n), l.overages(n),
        leaf && !n.equals(JobQueues.ROOT) ? queues.pendingCount(n) : 0, queues.holdingQuotaCount(n));
  }

  private QueueSpec spec(String name) {
    return queues.queue(name).orElseThrow(() -> new IllegalArgumentException("unknown queue " + name));
  }

  private static ResourceVector pick(QueueQuota q, QuotaKind kind) {
    return switch (kind) {
      case CAPABILITY -> q.capability();
      case GUARANTEE -> q.guarantee();
      case DESERVED -> q.deserved();
    };
  }

  private static QueueQuota with(QueueQuota q, QuotaKind kind, ResourceVector v) {
    return switch (kind) {
      case CAPABILITY -> q.withCapability(v);
      case GUARANTEE -> q.withGuarantee(v);
      case DESERVED -> q.withDeserved(v);
    };
  }

  private static ResourceVector merge(ResourceVector base, ResourceVector updates) {
    ResourceVector.Builder b = ResourceVector.builder();
    for (int i = 0; i < base.size(); i++) {
      b.put(base.keyAt(i), base.amountAt(i));
    }
    for (int i = 0; i < updates.size(); i++) {
      b.put(updates.keyAt(i), updates.amountAt(i));
    }
    return b.build();
  }
}
