package io.argosy.fhpa.algo;

import java.util.List;
import java.util.Map;

/**
 * Everything one HPA evaluation reads: the target's pods across all member clusters (aggregated by
 * the core) and Object metric values keyed by {@code Kind/name/metric}, in milli-units.
 */
public record MetricsSnapshot(List<PodSample> pods, Map<String, Long> objectValuesMilli) {
  public MetricsSnapshot {
    pods = List.copyOf(pods);
    objectValuesMilli = Map.copyOf(objectValuesMilli);
  }

  public static MetricsSnapshot of(List<PodSample> pods) {
    return new MetricsSnapshot(pods, Map.of());
  }
}
