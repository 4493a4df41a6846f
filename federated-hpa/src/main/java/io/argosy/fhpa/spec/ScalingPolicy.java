package io.argosy.fhpa.spec;

/** One entry of {@code behavior.scaleUp|scaleDown.policies}: at most {@code value} pods or percent per {@code periodSeconds}. */
public record ScalingPolicy(Type type, int value, int periodSeconds) {
  public enum Type {
    Pods,
    Percent
  }
}
