package io.argosy.queue.quota;

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
