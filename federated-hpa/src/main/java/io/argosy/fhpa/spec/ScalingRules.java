package io.argosy.fhpa.spec;

import java.util.List;

/** {@code behavior.scaleUp} or {@code behavior.scaleDown}, with Kubernetes' defaults already applied. */
public record ScalingRules(int stabilizationWindowSeconds, SelectPolicy selectPolicy, List<ScalingPolicy> policies) {

  public ScalingRules {
    policies = List.copyOf(policies);
  }

  public enum SelectPolicy {
    Max,
    Min,
    Disabled
  }

  /** Kubernetes' default scale-up: no stabilization; the larger of +4 pods or +100 % every 15 s. */
  public static final ScalingRules DEFAULT_UP = new ScalingRules(0, SelectPolicy.Max,
      List.of(new ScalingPolicy(ScalingPolicy.Type.Pods, 4, 15), new ScalingPolicy(ScalingPolicy.Type.Percent, 100, 15)));

  /** Kubernetes' default scale-down: 300 s stabilization; up to 100 % every 15 s. */
  public static final ScalingRules DEFAULT_DOWN = new ScalingRules(300, SelectPolicy.Max,
      List.of(new ScalingPolicy(ScalingPolicy.Type.Percent, 100, 15)));

  /** The longest policy period: how long past scale events matter. */
  public int longestPeriodSeconds() {
    int p = 0;
    for (ScalingPolicy s : policies) {
      p = Math.max(p, s.periodSeconds());
    }
    return p;
  }
}
