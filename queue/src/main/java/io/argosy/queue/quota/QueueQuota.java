package io.argosy.queue.quota;

import io.argosy.gpu.InvalidSpecException;

/**
 * A queue's quota per resource key, with Volcano's capacity-plugin meaning:
 *
 * @param capability hard limit: the queue's usage never goes over it through admission (Volcano
 *     {@code spec.capability}, Kueue {@code borrowingLimit} plus nominal quota)
 * @param guarantee reserved for this queue: other queues may not take it even when it is idle
 *     (Volcano {@code spec.guarantee.resource})
 * @param deserved the fair share: usage above it is borrowed and may be reclaimed when the queue
 *     is reclaimable (Volcano {@code spec.deserved}, Kueue nominal quota). Keys without an entry
 *     get a share of the parent's deserved in proportion to weight
 */
public record QueueQuota(ResourceVector capability, ResourceVector guarantee, ResourceVector deserved) {
  public static final QueueQuota NONE =
      new QueueQuota(ResourceVector.EMPTY, ResourceVector.EMPTY, ResourceVector.EMPTY);

  public QueueQuota {
    capability = capability == null ? ResourceVector.EMPTY : capability;
    guarantee = guarantee == null ? ResourceVector.EMPTY : guarantee;
    deserved = deserved == null ? ResourceVector.EMPTY : deserved;
  }

  /**
   * Checks the quota on its own: no negative amounts, and guarantee <= deserved <= capability for
   * every key set in both. Field paths are those of a Volcano Queue.
   */
  public void validate() {
    nonNegative("spec.capability", capability);
    nonNegative("spec.guarantee.resource", guarantee);
    nonNegative("spec.deserved", deserved);
    notAbove("spec.guarantee.resource", "guarantee", guarantee, "deserved", deserved);
    notAbove("spec.guarantee.resource", "guarantee", guarantee, "capability", capability);
    notAbove("spec.deserved", "deserved", deserved, "capability", capability);
  }

  private static void nonNegative(String path, ResourceVector v) {
    for (int i = 0; i < v.size(); i++) {
      if (v.amountAt(i) < 0) {
        throw new InvalidSpecException(path + "[" + v.keyAt(i) + "]", "must not be negative, got " + v.amountAt(i));
      }
    }
  }

  private static void notAbove(String path, String what, ResourceVector v, String otherName, ResourceVector other) {
    for (int i = 0; i < v.size(); i++) {
      int id = v.idAt(i);
      if (other.has(id) && v.amountAt(i) > other.get(id)) {
        throw new InvalidSpecException(path + "[" + v.keyAt(i) + "]",
            what + " " + v.amountAt(i) + " exceeds " + otherName + " " + other.get(id));
      }
    }
  }

  public QueueQuota withCapability(ResourceVector v) {
    return new QueueQuota(v, guarantee, deserved);
  }

  public QueueQuota withGuarantee(ResourceVector v) {
    return new QueueQuota(capability, v, deserved);
  }

  public QueueQuota withDeserved(ResourceVector v) {
    return new QueueQuota(capability, guarantee, v);
  }
}
