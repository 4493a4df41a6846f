package io.argosy.fhpa.spec;

/** {@code spec.behavior} with every missing part filled with Kubernetes' defaults. */
public record Behavior(ScalingRules scaleUp, ScalingRules scaleDown) {
  public static final Behavior DEFAULT = new Behavior(ScalingRules.DEFAULT_UP, ScalingRules.DEFAULT_DOWN);
}
