package io.argosy.queue.intake;

import java.util.function.Consumer;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.MpscArrayQueue;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;

/**
 * The hand-over from I/O threads to the scheduler thread: lock-free multi-producer,
 * single-consumer (JCTools). {@link #offer} from any thread; {@link #drain} only from the one
 * consumer thread. Items come out in the order each producer offered them.
 *
 * @param <T> what is handed over (accepted jobs, admin commands, agent events)
 */
public final class Intake<T> {
  private final MessagePassingQueue<T> queue;
  private final int capacity;

  private Intake(MessagePassingQueue<T> queue, int capacity) {
    this.queue = queue;
    this.capacity = capacity;
  }

  /**
   * Unbounded: {@link #offer} always succeeds. Backed by a chunked xadd queue, which keeps
   * producers from contending on a CAS loop.
   */
  public static <T> Intake<T> unbounded() {
    return new Intake<>(new MpscUnboundedXaddArrayQueue<>(4096), -1);
  }

  /**
   * Bounded: {@link #offer} returns false when full, so that the API can push back (HTTP 429).
   * The capacity is rounded up to a power of two.
   */
  public static <T> Intake<T> bounded(int capacity) {
    if (capacity < 2) {
      throw new IllegalArgumentException("capacity must be at least 2, got " + capacity);
    }
    MpscArrayQueue<T> q = new MpscArrayQueue<>(capacity);
    return new Intake<>(q, q.capacity());
  }

  /** Hands an item over; false only when bounded and full. Any thread. */
  public boolean offer(T item) {
    if (item == null) {
      throw new NullPointerException("intake items must not be null");
    }
    return queue.offer(item);
  }

  /** Passes up to {@code max} waiting items to {@code sink}; returns how many. Consumer thread only. */
  public int drain(Consumer<T> sink, int max) {
    return queue.drain(sink::accept, max);
  }

  /** Items waiting (an estimate while producers are active). */
  public int size() {
    return queue.size();
  }

  public boolean isEmpty() {
    return queue.isEmpty();
  }

  /** The bound, or -1 when unbounded. */
  public int capacity() {
    return capacity;
  }
}
