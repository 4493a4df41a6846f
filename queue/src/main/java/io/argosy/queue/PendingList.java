package io.argosy.queue;

import io.argosy.queue.job.Job;
import io.argosy.queue.quota.ResourceVector;
import java.util.ArrayList;
import java.util.List;

/**
 * One queue's pending jobs in {@link QueuedJob#ORDER}, kept in chunks of parallel arrays so that a
 * scheduling cycle walks memory sequentially: the walk reads the job, its demand and a dead flag
 * from the arrays without touching the scattered job objects. Inserting and removing cost a binary
 * search plus a shift inside one chunk of at most {@value #CHUNK} entries.
 *
 * <p>During a cycle a removal only marks the entry dead ({@link #markDead}); {@link #purge} removes
 * it when the next cycle begins, so the walk in progress is not disturbed.
 */
final class PendingList {
  static final int CHUNK = 128;

  static final class Chunk {
    final QueuedJob[] entries = new QueuedJob[CHUNK];
    final Job[] jobs = new Job[CHUNK];
    final ResourceVector[] demands = new ResourceVector[CHUNK];
    final boolean[] dead = new boolean[CHUNK];
    int n;

    int indexOf(QueuedJob q) {
      for (int i = 0; i < n; i++) {
        if (entries[i] == q) {
          return i;
        }
      }
      return -1;
    }

    /** First position whose entry sorts after {@code q}. */
    int upperBound(QueuedJob q) {
      int lo = 0;
      int hi = n;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (QueuedJob.ORDER.compare(entries[mid], q) <= 0) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    void insert(int pos, QueuedJob q) {
      int move = n - pos;
      System.arraycopy(entries, pos, entries, pos + 1, move);
      System.arraycopy(jobs, pos, jobs, pos + 1, move);
      System.arraycopy(demands, pos, demands, pos + 1, move);
      System.arraycopy(dead, pos, dead, pos + 1, move);
      set(pos, q);
      n++;
    }

    void set(int pos, QueuedJob q) {
      entries[pos] = q;
      jobs[pos] = q.job;
      demands[pos] = q.demand;
      dead[pos] = !q.queued;
      q.chunk = this;
    }

    void removeAt(int pos) {
      int move = n - pos - 1;
      System.arraycopy(entries, pos + 1, entries, pos, move);
      System.arraycopy(jobs, pos + 1, jobs, pos, move);
      System.arraycopy(demands, pos + 1, demands, pos, move);
      System.arraycopy(dead, pos + 1, dead, pos, move);
      n--;
      entries[n] = null;
      jobs[n] = null;
      demands[n] = null;
      dead[n] = false;
    }

    /** Moves the upper half into a new chunk. */
    Chunk splitHalf() {
      Chunk right = new Chunk();
      int keep = n / 2;
      for (int i = keep; i < n; i++) {
        right.set(i - keep, entries[i]);
        right.dead[i - keep] = dead[i];
        entries[i] = null;
        jobs[i] = null;
        demands[i] = null;
        dead[i] = false;
      }
      right.n = n - keep;
      n = keep;
      return right;
    }
  }

  private final List<Chunk> chunks = new ArrayList<>();
  /** Bumped on every insertion or physical removal: positions held by a walk become stale. */
  int version;

  boolean isEmpty() {
    return chunks.isEmpty();
  }

  int chunkCount() {
    return chunks.size();
  }

  Chunk chunk(int i) {
    return chunks.get(i);
  }

  void add(QueuedJob q) {
    version++;
    if (chunks.isEmpty()) {
      Chunk c = new Chunk();
      c.insert(0, q);
      chunks.add(c);
      return;
    }
    int ci = chunkFor(q);
    Chunk c = chunks.get(ci);
    int pos = c.upperBound(q);
    if (c.n == CHUNK) {
      Chunk right = c.splitHalf();
      chunks.add(ci + 1, right);
      if (pos > c.n) {
        pos -= c.n;
        c = right;
      }
    }
    c.insert(pos, q);
  }

  /** Removes a physically present entry. */
  /** An entry's job object was replaced (same ordering keys): the cached reference follows it. */
  void refresh(QueuedJob q) {
    Chunk c = q.chunk;
    if (c == null) {
      return;
    }
    int pos = c.indexOf(q);
    if (pos >= 0) {
      c.jobs[pos] = q.job;
      version++;
    }
  }

  void remove(QueuedJob q) {
    Chunk c = q.chunk;
    int pos = c.indexOf(q);
    // look the chunk up while it still has a first entry: the lookup compares it
    int ci = c.n == 1 ? indexOfChunk(c) : -1;
    version++;
    c.removeAt(pos);
    q.chunk = null;
    if (c.n == 0) {
      chunks.remove(ci);
    }
  }

  /** Flags an entry dead (or alive again) without moving anything. */
  void markDead(QueuedJob q, boolean dead) {
    q.chunk.dead[q.chunk.indexOf(q)] = dead;
  }

  /** Physically removes the given entries if they are still dead. */
  void purge(List<QueuedJob> removed) {
    for (QueuedJob q : removed) {
      if (!q.queued && q.chunk != null) {
        remove(q);
      }
    }
  }

  /** The index of the last chunk whose first entry sorts at or before {@code q} (0 if none). */
  int chunkFor(QueuedJob q) {
    int lo = 0;
    int hi = chunks.size() - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (QueuedJob.ORDER.compare(chunks.get(mid).entries[0], q) <= 0) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  int indexOfChunk(Chunk c) {
    int i = chunkFor(c.entries[0]);
    while (chunks.get(i) != c) {
      i--; // equal first entries cannot happen (ids are unique), but stay safe
    }
    return i;
  }

  /** A walk position: the entry at {@code pos} of chunk {@code chunk} was the last one visited. */
  static final class Cursor {
    int chunk;
    int pos = -1;
    int version = -1;
  }

  /**
   * Positions {@code c} just after {@code after} (at the start when null), then moves to the next
   * live entry; returns its chunk position in {@code c}, or false at the end.
   */
  boolean seekAfter(Cursor c, QueuedJob after) {
    c.version = version;
    if (after == null || chunks.isEmpty()) {
      c.chunk = 0;
      c.pos = -1;
    } else if (after.chunk != null) {
      c.chunk = indexOfChunk(after.chunk);
      c.pos = after.chunk.indexOf(after);
    } else {
      c.chunk = chunkFor(after);
      c.pos = chunks.get(c.chunk).upperBound(after) - 1;
    }
    return step(c);
  }

  /** Moves {@code c} to the next live entry after its position; false at the end. */
  boolean step(Cursor c) {
    while (c.chunk < chunks.size()) {
      Chunk ch = chunks.get(c.chunk);
      for (int p = c.pos + 1; p < ch.n; p++) {
        if (!ch.dead[p]) {
          c.pos = p;
          return true;
        }
      }
      c.chunk++;
      c.pos = -1;
    }
    return false;
  }
}
