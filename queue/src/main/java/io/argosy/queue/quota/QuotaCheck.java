package io.argosy.queue.quota;

/**
 * The answer to "may this queue take this much more?". When denied it names the queue whose limit
 * is hit (the queue itself or an ancestor), the resource key, and the numbers.
 *
 * @param allowed whether the demand fits every limit on the path to the root
 * @param queue the queue whose limit denies it, or the asking queue when allowed
 * @param key the resource key that would be exceeded, or null when allowed
 * @param limit which kind of limit, or null when allowed
 * @param used what the limiting queue uses now under that key
 * @param requested what the demand adds under that key
 * @param bound the limit's value
 * @param borrowing when allowed: the part of the demand above the asking queue's deserved share
 */
public record QuotaCheck(
    boolean allowed,
    String queue,
    String key,
    Limit limit,
    long used,
    long requested,
    long bound,
    ResourceVector borrowing) {

  /** Which bound was hit. */
  public enum Limit {
    /** The queue's (or an ancestor's) {@code capability}. */
    CAPABILITY,
    /** What is left of the fleet after the other queues' {@code guarantee} is reserved. */
    GUARANTEE_RESERVED,
    /** Reclaim only: the claimant would go over its {@code deserved} share. */
    DESERVED
  }

  public static QuotaCheck ok(String queue, ResourceVector borrowing) {
    return new QuotaCheck(true, queue, null, null, 0, 0, 0, borrowing);
  }

  public static QuotaCheck denied(String queue, String key, Limit limit, long used, long requested, long bound) {
    return new QuotaCheck(false, queue, key, limit, used, requested, bound, ResourceVector.EMPTY);
  }

  /** True when allowed and part of the demand is above the deserved share. */
  public boolean borrows() {
    return allowed && !borrowing.isZero();
  }

  /** One line for pending reasons and CLI output. */
  public String reason() {
    if (allowed) {
      return borrows() ? "fits quota of queue " + queue + ", borrowing " + borrowing : "fits quota of queue " + queue;
    }
    String what =
        switch (limit) {
          case CAPABILITY -> "capability " + bound;
          case GUARANTEE_RESERVED -> "the " + bound + " left after other queues' guarantees";
          case DESERVED -> "deserved " + bound;
        };
    return "queue " + queue + ": " + key + " would be " + (used + requested) + ", over " + what
        + " (in use " + used + ", requested " + requested + ")";
  }
}
