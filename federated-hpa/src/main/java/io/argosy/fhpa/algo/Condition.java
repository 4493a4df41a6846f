package io.argosy.fhpa.algo;

import java.time.Instant;

/** A status condition ({@code AbleToScale}, {@code ScalingActive}, {@code ScalingLimited}) as Kubernetes' HPA sets it. */
public record Condition(String type, boolean status, String reason, String message, Instant lastTransitionTime) {
  public static final String ABLE_TO_SCALE = "AbleToScale";
  public static final String SCALING_ACTIVE = "ScalingActive";
  public static final String SCALING_LIMITED = "ScalingLimited";
}
