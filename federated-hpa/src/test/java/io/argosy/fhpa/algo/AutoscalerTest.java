package io.argosy.fhpa.algo;

import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.fhpa.spec.Behavior;
import io.argosy.fhpa.spec.FederatedHpa;
import io.argosy.fhpa.spec.MetricSpec;
import io.argosy.fhpa.spec.MetricTarget;
import io.argosy.fhpa.spec.ScaleTargetRef;
import io.argosy.fhpa.spec.ScalingPolicy;
import io.argosy.fhpa.spec.ScalingRules;
import io.argosy.fhpa.spec.ScalingRules.SelectPolicy;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kubernetes' documented HPA behaviour examples, on a simulated clock. */
class AutoscalerTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final MetricSpec CPU50 = new MetricSpec.Resource("cpu", MetricTarget.utilization(50));

  static FederatedHpa hpa(int min, int max, Behavior behavior) {
    return new FederatedHpa("default", "web", new ScaleTargetRef("apps/v1", "Deployment", "web"), min, max, List.of(CPU50), behavior);
  }

  static ScalingRules rules(int window, SelectPolicy select, ScalingPolicy... policies) {
    return new ScalingRules(window, select, List.of(policies));
  }

  static ScalingPolicy pods(int v, int period) {
    return new ScalingPolicy(ScalingPolicy.Type.Pods, v, period);
  }

  static ScalingPolicy percent(int v, int period) {
    return new ScalingPolicy(ScalingPolicy.Type.Percent, v, period);
  }

  /** Runs evaluations every {@code step} seconds with {@code utilization}% on every pod, applying each decision. */
  static int[] run(Autoscaler a, FederatedHpa h, int replicas, int utilization, int steps, int stepSeconds, Instant from) {
    int[] seen = new int[steps];
    for (int i = 0; i < steps; i++) {
      Decision d = a.reconcile(h, replicas, replicas, MetricsSnapshot.of(Pods.uniform(replicas, utilization * 10L)),
          from.plusSeconds((long) i * stepSeconds));
      replicas = d.desiredReplicas();
      seen[i] = replicas;
    }
    return seen;
  }

  @Test
  void defaultScaleUpAddsTheLargerOfFourPodsOrDoublingEvery15Seconds() {
    FederatedHpa h = hpa(1, 100, Behavior.DEFAULT);
    // utilization far above target: unlimited proposals would jump straight to 100
    assertThat(run(new Autoscaler(), h, 1, 900, 5, 15, T0)).containsExactly(5, 10, 20, 40, 80);
  }

  @Test
  void scaleUpPoliciesCountChangesWithinTheirPeriod() {
    // "Pods 4 per 60 s": evaluations every 15 s may add 4 only once per minute
    FederatedHpa h = hpa(1, 100, new Behavior(rules(0, SelectPolicy.Max, pods(4, 60)), ScalingRules.DEFAULT_DOWN));
    assertThat(run(new Autoscaler(), h, 2, 900, 6, 15, T0)).containsExactly(6, 6, 6, 6, 10, 10);
  }

  @Test
  void scaleDownPoliciesDocExample80PodsPods4Percent10() {
    // docs: "if there are 80 replicas and the target has to be scaled down to 10 replicas then during the first step
    // 8 replicas will be reduced. In the next iteration when the number of replicas is 72, 10% of the pods is 7.2
    // but the number is rounded up to 8."
    Behavior b = new Behavior(ScalingRules.DEFAULT_UP, rules(0, SelectPolicy.Max, pods(4, 60), percent(10, 60)));
    FederatedHpa h = hpa(1, 100, b);
    Autoscaler a = new Autoscaler();
    int[] seen = run(a, h, 80, 6, 3, 60, T0); // 6 % of a 50 % target → 10 replicas wanted
    assertThat(seen).containsExactly(72, 64, 57);
    assertThat(a.status().condition(Condition.SCALING_LIMITED).status()).isTrue();
    assertThat(a.status().condition(Condition.SCALING_LIMITED).reason()).isEqualTo("ScaleDownLimit");
    // with fewer than 40 replicas the Pods policy (4) allows the larger change
    assertThat(run(new Autoscaler(), h, 30, 1, 2, 60, T0)).containsExactly(26, 22);
  }

  @Test
  void selectPolicyMinPicksTheSmallestChange() {
    Behavior b = new Behavior(ScalingRules.DEFAULT_UP, rules(0, SelectPolicy.Min, pods(4, 60), percent(10, 60)));
    assertThat(run(new Autoscaler(), hpa(1, 100, b), 80, 6, 2, 60, T0)).containsExactly(76, 72);
  }

  @Test
  void selectPolicyDisabledNeverScalesThatWay() {
    Behavior b = new Behavior(ScalingRules.DEFAULT_UP, rules(0, SelectPolicy.Disabled));
    Autoscaler a = new Autoscaler();
    assertThat(run(a, hpa(1, 100, b), 10, 5, 3, 60, T0)).containsExactly(10, 10, 10);
    assertThat(a.status().condition(Condition.SCALING_LIMITED).reason()).isEqualTo("ScaleDownLimit");
    // scaling up still works
    assertThat(run(a, hpa(1, 100, b), 10, 100, 1, 60, T0.plusSeconds(600))).containsExactly(20);
  }

  @Test
  void downscaleStabilizationWindowUsesTheHighestRecommendation() {
    // docs: "stabilizationWindowSeconds: 300 ... the highest recommendation within the window is used"
    FederatedHpa h = hpa(1, 100, Behavior.DEFAULT);
    Autoscaler a = new Autoscaler();
    // 10 pods at target: the first evaluation seeds the window with 10
    Decision d = a.reconcile(h, 10, 10, MetricsSnapshot.of(Pods.uniform(10, 500)), T0);
    assertThat(d.desiredReplicas()).isEqualTo(10);
    int replicas = 10;
    for (int s = 15; s < 300; s += 15) { // load drops to 10 %: wants 2, held at 10 for the window
      d = a.reconcile(h, replicas, replicas, MetricsSnapshot.of(Pods.uniform(replicas, 100)), T0.plusSeconds(s));
      replicas = d.desiredReplicas();
      assertThat(replicas).as("t=%d", s).isEqualTo(10);
    }
    assertThat(d.status().condition(Condition.ABLE_TO_SCALE).reason()).isEqualTo("ScaleDownStabilized");
    d = a.reconcile(h, replicas, replicas, MetricsSnapshot.of(Pods.uniform(replicas, 100)), T0.plusSeconds(300));
    assertThat(d.desiredReplicas()).isEqualTo(2); // the 10 of t=0 left the window
    assertThat(d.rescale()).isTrue();
    assertThat(d.reason()).isEqualTo("All metrics below target");
    assertThat(d.events()).extracting(HpaEvent::reason, HpaEvent::message)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("SuccessfulRescale", "New size: 2; reason: All metrics below target"));
    assertThat(d.status().lastScaleTime()).isEqualTo(T0.plusSeconds(300));
  }

  @Test
  void upscaleStabilizationWindowUsesTheLowestRecommendation() {
    Behavior b = new Behavior(rules(60, SelectPolicy.Max, percent(100, 15)), ScalingRules.DEFAULT_DOWN);
    Autoscaler a = new Autoscaler();
    FederatedHpa h = hpa(1, 100, b);
    assertThat(a.reconcile(h, 4, 4, MetricsSnapshot.of(Pods.uniform(4, 500)), T0).desiredReplicas()).isEqualTo(4);
    // a spike wants 8; the window still has 4 → stays until the low sample leaves the window
    assertThat(a.reconcile(h, 4, 4, MetricsSnapshot.of(Pods.uniform(4, 1000)), T0.plusSeconds(30)).desiredReplicas()).isEqualTo(4);
    Decision d = a.reconcile(h, 4, 4, MetricsSnapshot.of(Pods.uniform(4, 1000)), T0.plusSeconds(61));
    assertThat(d.desiredReplicas()).isEqualTo(8);
    assertThat(d.reason()).isEqualTo("cpu resource utilization (percentage of request) above target");
  }

  @Test
  void clampsToMinAndMax() {
    Autoscaler a = new Autoscaler();
    FederatedHpa h = hpa(2, 6, Behavior.DEFAULT);
    Decision d = a.reconcile(h, 4, 4, MetricsSnapshot.of(Pods.uniform(4, 1000)), T0);
    assertThat(d.desiredReplicas()).isEqualTo(6);
    assertThat(d.status().condition(Condition.SCALING_LIMITED).reason()).isEqualTo("TooManyReplicas");
    assertThat(d.status().condition(Condition.SCALING_LIMITED).status()).isTrue();
    Behavior noWindow = new Behavior(ScalingRules.DEFAULT_UP, rules(0, SelectPolicy.Max, percent(100, 15)));
    d = new Autoscaler().reconcile(hpa(2, 6, noWindow), 4, 4, MetricsSnapshot.of(Pods.uniform(4, 10)), T0);
    assertThat(d.desiredReplicas()).isEqualTo(2);
    assertThat(d.status().condition(Condition.SCALING_LIMITED).reason()).isEqualTo("TooFewReplicas");
    // outside the bounds (e.g. a CronFederatedHPA raised the minimum): straight to the bound, whatever the metrics
    d = new Autoscaler().reconcile(hpa(5, 6, Behavior.DEFAULT), 3, 3, MetricsSnapshot.of(Pods.uniform(3, 10)), T0);
    assertThat(d.desiredReplicas()).isEqualTo(5);
    assertThat(d.reason()).isEqualTo("Current number of replicas below Spec.MinReplicas");
    d = new Autoscaler().reconcile(hpa(1, 2, Behavior.DEFAULT), 3, 3, MetricsSnapshot.of(Pods.uniform(3, 900)), T0);
    assertThat(d.desiredReplicas()).isEqualTo(2);
    assertThat(d.reason()).isEqualTo("Current number of replicas above Spec.MaxReplicas");
  }

  @Test
  void severalMetricsTakeTheLargestProposalAndInvalidOnesBlockAScaleDown() {
    MetricSpec rps = new MetricSpec.Pods("rps", MetricTarget.averageValue(10_000));
    FederatedHpa h = new FederatedHpa("default", "web", new ScaleTargetRef("apps/v1", "Deployment", "web"), 1, 20,
        List.of(CPU50, rps), new Behavior(ScalingRules.DEFAULT_UP, rules(0, SelectPolicy.Max, percent(100, 15))));
    List<PodSample> pods = List.of(
        PodSample.running("a", "c", java.util.Map.of("cpu", 1000L), java.util.Map.of("cpu", 500L, "rps", 30_000L)),
        PodSample.running("b", "c", java.util.Map.of("cpu", 1000L), java.util.Map.of("cpu", 500L, "rps", 30_000L)));
    Decision d = new Autoscaler().reconcile(h, 2, 2, MetricsSnapshot.of(pods), T0);
    assertThat(d.desiredReplicas()).isEqualTo(6); // cpu says 2, rps says 6
    assertThat(d.reason()).isEqualTo("pods metric rps above target");
    assertThat(d.status().currentMetrics()).hasSize(2);
    // rps missing everywhere and cpu says scale down: Kubernetes refuses to scale
    List<PodSample> low = Pods.uniform(4, 50);
    d = new Autoscaler().reconcile(h, 4, 4, MetricsSnapshot.of(low), T0);
    assertThat(d.rescale()).isFalse();
    assertThat(d.desiredReplicas()).isEqualTo(4);
    assertThat(d.status().condition(Condition.SCALING_ACTIVE).status()).isFalse();
    assertThat(d.status().condition(Condition.SCALING_ACTIVE).reason()).isEqualTo("FailedGetPodsMetric");
    assertThat(d.events()).extracting(HpaEvent::reason).containsExactly("FailedComputeMetricsReplicas");
    // ... but a scale-up proposal from the valid metric is followed
    d = new Autoscaler().reconcile(h, 2, 2, MetricsSnapshot.of(Pods.uniform(2, 1000)), T0);
    assertThat(d.desiredReplicas()).isEqualTo(4);
    assertThat(d.status().condition(Condition.SCALING_ACTIVE).reason()).isEqualTo("ValidMetricFound");
  }

  @Test
  void zeroReplicasDisablesScaling() {
    Decision d = new Autoscaler().reconcile(hpa(1, 10, Behavior.DEFAULT), 0, 0, MetricsSnapshot.of(List.of()), T0);
    assertThat(d.rescale()).isFalse();
    assertThat(d.status().condition(Condition.SCALING_ACTIVE).reason()).isEqualTo("ScalingDisabled");
  }

  @Test
  void conditionsKeepTheirTransitionTimeWhileUnchanged() {
    Autoscaler a = new Autoscaler();
    FederatedHpa h = hpa(1, 10, Behavior.DEFAULT);
    a.reconcile(h, 2, 2, MetricsSnapshot.of(Pods.uniform(2, 500)), T0);
    Decision d = a.reconcile(h, 2, 2, MetricsSnapshot.of(Pods.uniform(2, 500)), T0.plusSeconds(15));
    assertThat(d.status().condition(Condition.SCALING_ACTIVE).lastTransitionTime()).isEqualTo(T0);
  }
}
