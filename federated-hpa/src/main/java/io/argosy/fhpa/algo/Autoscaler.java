package io.argosy.fhpa.algo;

import io.argosy.fhpa.spec.FederatedHpa;
import io.argosy.fhpa.spec.MetricSpec;
import io.argosy.fhpa.spec.ScalingPolicy;
import io.argosy.fhpa.spec.ScalingRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HPA controller's loop body for one FederatedHPA, as Kubernetes' {@code reconcileAutoscaler}
 * with {@code behavior} (Karmada always defaults it): bounds first, then the largest metric proposal,
 * stabilized over the windows (scale-up takes the lowest recent recommendation, scale-down the
 * highest), then limited by the rate policies over their periods, then applied.
 *
 * <p>Holds the history the windows and policies need (recommendations, scale events) and the
 * conditions; not thread-safe — one owner thread calls {@link #reconcile}. Time comes in as an
 * argument so tests and {@code argosy fhpa simulate} drive it with a simulated clock.
 */
public final class Autoscaler {
  private final ReplicaCalculator calculator;
  private final List<Stamped> recommendations = new ArrayList<>();
  private final List<Stamped> scaleUpEvents = new ArrayList<>();
  private final List<Stamped> scaleDownEvents = new ArrayList<>();
  private final Map<String, Condition> conditions = new LinkedHashMap<>();
  private Instant lastScaleTime;
  private HpaStatus status;

  private record Stamped(Instant at, int value) {}

  public Autoscaler(ReplicaCalculator calculator) {
    this.calculator = calculator;
  }

  public Autoscaler() {
    this(new ReplicaCalculator());
  }

  /** The last status, or null before the first evaluation. */
  public HpaStatus status() {
    return status;
  }

  /**
   * One evaluation.
   *
   * @param currentReplicas the target's {@code spec.replicas}
   * @param statusReplicas the target's observed replicas
   */
  public Decision reconcile(FederatedHpa hpa, int currentReplicas, int statusReplicas, MetricsSnapshot snapshot, Instant now) {
    List<HpaEvent> events = new ArrayList<>();
    List<MetricStatus> metricStatuses = new ArrayList<>();
    set(Condition.ABLE_TO_SCALE, true, "SucceededGetScale", "the HPA controller was able to get the target's current scale", now);
    int min = hpa.minReplicas();
    int max = hpa.maxReplicas();
    int desired;
    String reason;
    if (currentReplicas == 0 && min != 0) {
      set(Condition.SCALING_ACTIVE, false, "ScalingDisabled", "scaling is disabled since the replica count of the target is zero", now);
      return finish(currentReplicas, 0, false, "ScalingDisabled", metricStatuses, events, now);
    } else if (currentReplicas > max) {
      desired = max;
      reason = "Current number of replicas above Spec.MaxReplicas";
    } else if (currentReplicas < min) {
      desired = min;
      reason = "Current number of replicas below Spec.MinReplicas";
    } else {
      int proposed = 0;
      String metric = "";
      int invalid = 0;
      MetricUnavailableException firstError = null;
      for (MetricSpec m : hpa.metrics()) {
        try {
          Proposal p = calculator.propose(m, currentReplicas, statusReplicas, snapshot);
          metricStatuses.add(p.status());
          if (proposed == 0 || p.replicas() > proposed) {
            proposed = p.replicas();
            metric = p.metric();
          }
        } catch (MetricUnavailableException e) {
          invalid++;
          if (firstError == null) {
            firstError = e;
          }
        }
      }
      // All metrics invalid, or some invalid and the rest would scale down: do nothing (Kubernetes).
      if (invalid >= hpa.metrics().size() || (invalid > 0 && proposed < currentReplicas)) {
        set(Condition.SCALING_ACTIVE, false, firstError.reason(), firstError.getMessage(), now);
        events.add(new HpaEvent(now, "Warning", "FailedComputeMetricsReplicas",
            "invalid metrics (" + invalid + " invalid out of " + hpa.metrics().size() + "), first error is: " + firstError.getMessage()));
        return finish(currentReplicas, currentReplicas, false, firstError.reason(), metricStatuses, events, now);
      }
      set(Condition.SCALING_ACTIVE, true, "ValidMetricFound",
          "the HPA was able to successfully calculate a replica count from " + metric, now);
      reason = proposed > currentReplicas ? metric + " above target"
          : proposed < currentReplicas ? "All metrics below target" : "";
      desired = normalize(hpa, currentReplicas, proposed, now);
      if (desired == currentReplicas) {
        Condition limited = conditions.get(Condition.SCALING_LIMITED);
        String why = limited != null && limited.status() ? limited.reason() : conditions.get(Condition.ABLE_TO_SCALE).reason();
        return finish(currentReplicas, desired, false, why, metricStatuses, events, now);
      }
    }
    events.add(new HpaEvent(now, "Normal", "SuccessfulRescale", "New size: " + desired + "; reason: " + reason));
    set(Condition.ABLE_TO_SCALE, true, "SucceededRescale", "the HPA controller was able to update the target scale to " + desired, now);
    storeScaleEvent(hpa, currentReplicas, desired, now);
    lastScaleTime = now;
    return finish(currentReplicas, desired, true, reason, metricStatuses, events, now);
  }

  private Decision finish(int current, int desired, boolean rescale, String reason, List<MetricStatus> metrics,
      List<HpaEvent> events, Instant now) {
    status = new HpaStatus(current, desired, metrics, lastScaleTime, List.copyOf(conditions.values()));
    return new Decision(desired, rescale, reason, status, events);
  }

  /** Kubernetes' normalizeDesiredReplicasWithBehaviors: stabilize, then rate-limit and clamp. */
  private int normalize(FederatedHpa hpa, int current, int proposed, Instant now) {
    ScalingRules up = hpa.behavior().scaleUp();
    ScalingRules down = hpa.behavior().scaleDown();
    if (recommendations.isEmpty() && down.stabilizationWindowSeconds() > 0) {
      // a fresh controller must not scale down at once: it has not seen the window yet
      recommendations.add(new Stamped(now, current));
    }
    int stabilized = stabilize(current, proposed, up, down, now);
    if (stabilized != proposed) {
      boolean upward = proposed >= current;
      set(Condition.ABLE_TO_SCALE, true, upward ? "ScaleUpStabilized" : "ScaleDownStabilized",
          upward ? "recent recommendations were lower than current one, applying the lowest recent recommendation"
              : "recent recommendations were higher than current one, applying the highest recent recommendation", now);
    } else {
      set(Condition.ABLE_TO_SCALE, true, "ReadyForNewScale", "recommended size matches current size", now);
    }
    String limitReason = "DesiredWithinRange";
    String limitMessage = "the desired count is within the acceptable range";
    int result = stabilized;
    if (stabilized > current) {
      int limit = Math.max(scaleUpLimit(current, up, now), current);
      int allowed = hpa.maxReplicas();
      String r;
      String m;
      if (allowed > limit) {
        allowed = limit;
        r = "ScaleUpLimit";
        m = "the desired replica count is increasing faster than the maximum scale rate";
      } else {
        r = "TooManyReplicas";
        m = "the desired replica count is more than the maximum replica count";
      }
      if (stabilized > allowed) {
        result = allowed;
        limitReason = r;
        limitMessage = m;
      }
    } else if (stabilized < current) {
      int limit = Math.min(scaleDownLimit(current, down, now), current);
      int allowed = hpa.minReplicas();
      String r;
      String m;
      if (allowed < limit) {
        allowed = limit;
        r = "ScaleDownLimit";
        m = "the desired replica count is decreasing faster than the maximum scale rate";
      } else {
        r = "TooFewReplicas";
        m = "the desired replica count is less than the minimum replica count";
      }
      if (stabilized < allowed) {
        result = allowed;
        limitReason = r;
        limitMessage = m;
      }
    }
    set(Condition.SCALING_LIMITED, result != stabilized, limitReason, limitMessage, now);
    return result;
  }

  private int stabilize(int current, int proposed, ScalingRules up, ScalingRules down, Instant now) {
    Instant upCutoff = now.minusSeconds(up.stabilizationWindowSeconds());
    Instant downCutoff = now.minusSeconds(down.stabilizationWindowSeconds());
    int upRec = proposed;
    int downRec = proposed;
    for (Stamped r : recommendations) {
      if (r.at().isAfter(upCutoff)) {
        upRec = Math.min(upRec, r.value());
      }
      if (r.at().isAfter(downCutoff)) {
        downRec = Math.max(downRec, r.value());
      }
    }
    Instant oldest = upCutoff.isBefore(downCutoff) ? upCutoff : downCutoff;
    recommendations.removeIf(r -> r.at().isBefore(oldest));
    recommendations.add(new Stamped(now, proposed));
    int rec = current;
    if (rec < upRec) {
      rec = upRec;
    }
    if (rec > downRec) {
      rec = downRec;
    }
    return rec;
  }

  private int scaleUpLimit(int current, ScalingRules rules, Instant now) {
    if (rules.selectPolicy() == ScalingRules.SelectPolicy.Disabled) {
      return current;
    }
    boolean min = rules.selectPolicy() == ScalingRules.SelectPolicy.Min;
    long result = min ? Integer.MAX_VALUE : Integer.MIN_VALUE;
    for (ScalingPolicy p : rules.policies()) {
      int start = current - changeIn(scaleUpEvents, p.periodSeconds(), now) + changeIn(scaleDownEvents, p.periodSeconds(), now);
      long proposed = p.type() == ScalingPolicy.Type.Pods ? (long) start + p.value()
          : (long) Math.ceil(start * (1 + p.value() / 100.0));
      result = min ? Math.min(result, proposed) : Math.max(result, proposed);
    }
    return (int) Math.min(Integer.MAX_VALUE, result);
  }

  private int scaleDownLimit(int current, ScalingRules rules, Instant now) {
    if (rules.selectPolicy() == ScalingRules.SelectPolicy.Disabled) {
      return current;
    }
    boolean min = rules.selectPolicy() == ScalingRules.SelectPolicy.Min;
    long result = min ? Integer.MIN_VALUE : Integer.MAX_VALUE;
    for (ScalingPolicy p : rules.policies()) {
      int start = current - changeIn(scaleUpEvents, p.periodSeconds(), now) + changeIn(scaleDownEvents, p.periodSeconds(), now);
      long proposed = p.type() == ScalingPolicy.Type.Pods ? (long) start - p.value()
          : (long) (start * (1 - p.value() / 100.0));
      result = min ? Math.max(result, proposed) : Math.min(result, proposed);
    }
    return (int) Math.max(Integer.MIN_VALUE, result);
  }

  private static int changeIn(List<Stamped> events, int periodSeconds, Instant now) {
    Instant cutoff = now.minusSeconds(periodSeconds);
    int sum = 0;
    for (Stamped e : events) {
      if (e.at().isAfter(cutoff)) {
        sum += e.value();
      }
    }
    return sum;
  }

  private void storeScaleEvent(FederatedHpa hpa, int previous, int next, Instant now) {
    if (next > previous) {
      Instant cutoff = now.minusSeconds(hpa.behavior().scaleUp().longestPeriodSeconds());
      scaleUpEvents.removeIf(e -> !e.at().isAfter(cutoff));
      scaleUpEvents.add(new Stamped(now, next - previous));
    } else if (next < previous) {
      Instant cutoff = now.minusSeconds(hpa.behavior().scaleDown().longestPeriodSeconds());
      scaleDownEvents.removeIf(e -> !e.at().isAfter(cutoff));
      scaleDownEvents.add(new Stamped(now, previous - next));
    }
  }

  private void set(String type, boolean value, String reason, String message, Instant now) {
    Condition old = conditions.get(type);
    Instant since = old != null && old.status() == value ? old.lastTransitionTime() : now;
    conditions.put(type, new Condition(type, value, reason, message, since));
  }
}
