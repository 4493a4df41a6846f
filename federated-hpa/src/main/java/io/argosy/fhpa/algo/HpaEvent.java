package io.argosy.fhpa.algo;

import java.time.Instant;

/** A Kubernetes-style event about an HPA, e.g. Normal {@code SuccessfulRescale} "New size: 4; reason: cpu resource utilization (percentage of request) above target". */
public record HpaEvent(Instant time, String type, String reason, String message) {}
