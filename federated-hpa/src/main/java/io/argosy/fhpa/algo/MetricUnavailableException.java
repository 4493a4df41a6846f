package io.argosy.fhpa.algo;

/** A metric could not produce a proposal; {@code reason} is the ScalingActive reason Kubernetes uses (e.g. FailedGetResourceMetric). */
public final class MetricUnavailableException extends Exception {
  private final String reason;

  public MetricUnavailableException(String reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
