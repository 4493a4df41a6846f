package io.argosy.api;

import java.util.List;
import java.util.Objects;

/** Agent to core, every metrics interval: each service's pods and their {@code metrics.k8s.io} samples in this cluster. */
public record MetricsReport(String cluster, long timeMillis, List<ServiceMetrics> services) implements Message {
  public MetricsReport {
    Objects.requireNonNull(cluster, "cluster");
    services = services == null ? List.of() : List.copyOf(services);
  }
}
