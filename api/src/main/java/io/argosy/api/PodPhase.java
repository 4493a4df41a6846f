package io.argosy.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Kubernetes pod phases, spelled as the API spells them. */
public enum PodPhase {
  @JsonProperty("Pending")
  PENDING,
  @JsonProperty("Running")
  RUNNING,
  @JsonProperty("Succeeded")
  SUCCEEDED,
  @JsonProperty("Failed")
  FAILED,
  @JsonProperty("Unknown")
  UNKNOWN;

  /** Parses the API's spelling; null, empty and unknown words are {@link #PENDING} / {@link #UNKNOWN}. */
  public static PodPhase of(String apiPhase) {
    if (apiPhase == null || apiPhase.isEmpty()) {
      return PENDING;
    }
    return switch (apiPhase) {
      case "Pending" -> PENDING;
      case "Running" -> RUNNING;
      case "Succeeded" -> SUCCEEDED;
      case "Failed" -> FAILED;
      default -> UNKNOWN;
    };
  }

  public boolean terminal() {
    return this == SUCCEEDED || this == FAILED;
  }
}
