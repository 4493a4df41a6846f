package io.argosy.fhpa.algo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argosy.fhpa.spec.MetricSpec;
import io.argosy.fhpa.spec.MetricTarget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicaCalculatorTest {
  final ReplicaCalculator calc = new ReplicaCalculator();
  final MetricSpec cpu50 = new MetricSpec.Resource("cpu", MetricTarget.utilization(50));
  final MetricSpec cpuAvg100m = new MetricSpec.Resource("cpu", MetricTarget.averageValue(100));

  int propose(MetricSpec m, int current, List<PodSample> pods) throws Exception {
    return calc.propose(m, current, current, MetricsSnapshot.of(pods)).replicas();
  }

  @Test
  void kubernetesDocExamplesRatioToTarget() throws Exception {
    // "if the current metric value is 200m, and the desired value is 100m, the number of replicas will be doubled"
    assertThat(propose(cpuAvg100m, 3, Pods.uniform(3, 200))).isEqualTo(6);
    // "if the current value is instead 50m, you'll halve the number of replicas"
    assertThat(propose(cpuAvg100m, 4, Pods.uniform(4, 50))).isEqualTo(2);
    // desiredReplicas = ceil[currentReplicas * (currentMetricValue / desiredMetricValue)]
    assertThat(propose(cpu50, 3, Pods.uniform(3, 900))).isEqualTo(6); // 90 % / 50 % × 3 = 5.4 → 6
  }

  @Test
  void withinTenPercentToleranceNothingChanges() throws Exception {
    assertThat(propose(cpu50, 4, Pods.uniform(4, 540))).isEqualTo(4); // ratio 1.08 (exactly 1.10 is over in floating point, in Kubernetes too)
    assertThat(propose(cpu50, 4, Pods.uniform(4, 450))).isEqualTo(4); // ratio 0.90
    assertThat(propose(cpu50, 4, Pods.uniform(4, 560))).isEqualTo(5); // ratio 1.12 → ceil(4.48)
    assertThat(propose(cpu50, 4, Pods.uniform(4, 440))).isEqualTo(4); // ratio 0.88 → ceil(3.52) = 4
    assertThat(propose(cpu50, 4, Pods.uniform(4, 370))).isEqualTo(3); // ratio 0.74 → ceil(2.96)
    assertThat(new ReplicaCalculator(0.5).propose(cpu50, 4, 4, MetricsSnapshot.of(Pods.uniform(4, 700))).replicas()).isEqualTo(4);
  }

  @Test
  void missingMetricsCountAsFullOnScaleDownAndEmptyOnScaleUp() throws Exception {
    // scale down: 2 pods at 10 %, 2 missing treated as 100 %: (10+10+100+100)/4 = 55 % vs 50 % → within tolerance → 4
    assertThat(propose(cpu50, 4, Pods.plus(Pods.uniform(2, 100), Pods.missing("m1"), Pods.missing("m2")))).isEqualTo(4);
    // without the missing pods it would have gone to ceil(0.2 × 2) = 1
    assertThat(propose(cpu50, 2, Pods.uniform(2, 100))).isEqualTo(1);
    // scale up: 2 pods at 100 %, 2 missing as 0: 50 % → tolerance → stays 4 (would have been 4 × 2)
    assertThat(propose(cpu50, 4, Pods.plus(Pods.uniform(2, 1000), Pods.missing("m1"), Pods.missing("m2")))).isEqualTo(4);
    // scale up: 2 pods at 150 %, 1 missing as 0: 100 % / 50 % × 3 = 6
    assertThat(propose(cpu50, 3, Pods.plus(Pods.uniform(2, 1500), Pods.missing("m1")))).isEqualTo(6);
  }

  @Test
  void unreadyPodsDampenAScaleUpAndAreIgnoredOtherwise() throws Exception {
    // 2 ready at 100 %, 2 unready (cpu): first ratio 2.0 (scale up) → unready count 0 → 50 % → no change
    assertThat(propose(cpu50, 4, Pods.plus(Pods.uniform(2, 1000), Pods.unready("u1", 900), Pods.unready("u2", 900)))).isEqualTo(4);
    // 2 ready at 150 %, 1 pending: (150+150+0)/3 = 100 % → 6
    assertThat(propose(cpu50, 3, Pods.plus(Pods.uniform(2, 1500), Pods.pending("x")))).isEqualTo(6);
    // scale down with unready pods: they are simply left out
    assertThat(propose(cpu50, 3, Pods.plus(Pods.uniform(2, 100), Pods.unready("u1", 1000)))).isEqualTo(1);
  }

  @Test
  void noSamplesOrNoRequestsIsAnInvalidMetric() {
    assertThatThrownBy(() -> propose(cpu50, 2, List.of(Pods.missing("a"), Pods.pending("b"))))
        .isInstanceOf(MetricUnavailableException.class).hasMessageContaining("did not receive metrics");
    PodSample noRequest = PodSample.running("a", "c", Map.of(), Map.of("cpu", 10L));
    assertThatThrownBy(() -> propose(cpu50, 1, List.of(noRequest)))
        .isInstanceOf(MetricUnavailableException.class).hasMessageContaining("missing request for cpu");
  }

  @Test
  void podsAndObjectMetrics() throws Exception {
    MetricSpec rps = new MetricSpec.Pods("rps", MetricTarget.averageValue(10_000));
    List<PodSample> pods = List.of(
        PodSample.running("a", "c", Map.of(), Map.of("rps", 30_000L)),
        PodSample.running("b", "c", Map.of(), Map.of("rps", 10_000L)));
    assertThat(propose(rps, 2, pods)).isEqualTo(4); // 20/10 × 2
    MetricSpec hits = new MetricSpec.Object("hits", "Ingress", "main", MetricTarget.value(100_000));
    MetricsSnapshot s = new MetricsSnapshot(Pods.uniform(3, 100), Map.of("Ingress/main/hits", 250_000L));
    assertThat(calc.propose(hits, 3, 3, s).replicas()).isEqualTo(8); // 2.5 × 3 ready
    MetricSpec perPod = new MetricSpec.Object("hits", "Ingress", "main", MetricTarget.averageValue(50_000));
    assertThat(calc.propose(perPod, 3, 3, s).replicas()).isEqualTo(5); // ceil(250/50)
    assertThatThrownBy(() -> calc.propose(hits, 3, 3, MetricsSnapshot.of(Pods.uniform(3, 100))))
        .isInstanceOf(MetricUnavailableException.class);
  }
}
