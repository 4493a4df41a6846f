package io.argosy.core.view;

import java.util.List;
import java.util.Map;

/**
 * A tenant queue with its quota and usage ({@code GET /v1/queues}, {@code argosy get queues},
 * {@code argosy quota get}). Resource amounts use gpu-model's units: {@code cpu} in millicores,
 * {@code memory} in bytes, devices in units, model-qualified keys such as {@code nvidia.com/gpu[H100]}.
 *
 * @param deserved the effective deserved share (explicit or by weight)
 * @param pending jobs waiting in it
 * @param admitted jobs holding quota (admitted, bound or running)
 * @param overages keys whose usage is above a lowered capability
 */
public record QueueInfo(
    String name,
    String parent,
    int weight,
    int priority,
    boolean open,
    boolean reclaimable,
    Map<String, Long> capability,
    Map<String, Long> guarantee,
    Map<String, Long> deserved,
    Map<String, Long> usage,
    int pending,
    int admitted,
    List<String> overages) {

  public QueueInfo {
    capability = Map.copyOf(capability);
    guarantee = Map.copyOf(guarantee);
    deserved = Map.copyOf(deserved);
    usage = Map.copyOf(usage);
    overages = List.copyOf(overages);
  }
}
