package io.argosy.core.control;

import io.argosy.core.view.JobView;
import io.argosy.queue.job.JobId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;

/**
 * The jobs as the API sees them: one immutable {@link JobView} per name, and the name index that
 * makes submissions idempotent. Submissions reserve names here (atomically, so two identical
 * submissions racing create one job); the scheduler thread publishes new views after each commit.
 * Readers never touch scheduler state.
 */
public final class JobDirectory {
  /**
   * One name's job.
   *
   * @param durable false between a submission's reservation and its commit (not listed yet)
   */
  public record Entry(String uid, JobId id, String kind, String manifestHash, long sequence, boolean durable, JobView view) {}

  /** What a reservation found. */
  public enum Outcome {
    /** The name was free: reserved for the new job. */
    CREATED,
    /** The same manifest is already there. */
    UNCHANGED,
    /** Another job (a different manifest or kind) holds the name. */
    CONFLICT
  }

  public record Reservation(Outcome outcome, Entry existing) {}

  private final Map<JobId, Entry> byId = new ConcurrentHashMap<>();
  private final ConcurrentSkipListMap<Long, JobId> order = new ConcurrentSkipListMap<>();

  /** Reserves the name for {@code candidate} unless a job already holds it. */
  public Reservation reserve(Entry candidate) {
    Entry[] found = new Entry[1];
    byId.compute(candidate.id(), (id, old) -> {
      found[0] = old;
      return old == null ? candidate : old;
    });
    Entry old = found[0];
    if (old == null) {
      order.put(candidate.sequence(), candidate.id());
      return new Reservation(Outcome.CREATED, candidate);
    }
    boolean same = old.kind().equals(candidate.kind()) && old.manifestHash().equals(candidate.manifestHash());
    return new Reservation(same ? Outcome.UNCHANGED : Outcome.CONFLICT, old);
  }

  /** Drops a reservation whose commit failed. */
  public void release(JobId id, String uid) {
    Entry e = byId.get(id);
    if (e != null && e.uid().equals(uid) && byId.remove(id, e)) {
      order.remove(e.sequence(), id);
    }
  }

  /** The reservation is committed: the job is listed. */
  public void markDurable(JobId id, String uid) {
    byId.computeIfPresent(id, (k, e) -> e.uid().equals(uid)
        ? new Entry(e.uid(), e.id(), e.kind(), e.manifestHash(), e.sequence(), true, e.view()) : e);
  }

  /** Publishes a new view of a job (matched by uid: a view of a deleted job's predecessor is dropped). */
  public void publish(JobView view) {
    byId.computeIfPresent(new JobId(view.namespace(), view.name()), (k, e) -> e.uid().equals(view.uid())
        ? new Entry(e.uid(), e.id(), e.kind(), e.manifestHash(), e.sequence(), e.durable(), view) : e);
  }

  /** Adds a job restored from the store. */
  public void restore(Entry e) {
    byId.put(e.id(), e);
    order.put(e.sequence(), e.id());
  }

  /** Removes a deleted job; its name is free again. */
  public void remove(JobId id, String uid) {
    release(id, uid);
  }

  public Optional<Entry> entry(JobId id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** A listed job's view. */
  public Optional<JobView> get(JobId id) {
    Entry e = byId.get(id);
    return e == null || !e.durable() ? Optional.empty() : Optional.of(e.view());
  }

  /** Listed jobs in acceptance order that pass the filter (summaries, without history). */
  public List<JobView> list(Predicate<JobView> filter, int limit) {
    List<JobView> out = new ArrayList<>();
    for (JobId id : order.values()) {
      Entry e = byId.get(id);
      if (e != null && e.durable() && filter.test(e.view())) {
        out.add(e.view().summary());
        if (out.size() >= limit) {
          break;
        }
      }
    }
    return out;
  }

  /** Jobs listed (ended ones included). */
  public int size() {
    return byId.size();
  }
}
