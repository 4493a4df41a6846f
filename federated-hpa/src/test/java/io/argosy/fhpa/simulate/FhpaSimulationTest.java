package io.argosy.fhpa.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argosy.fhpa.divide.Division;
import io.argosy.fhpa.spec.FederatedHpa;
import io.argosy.fhpa.spec.FhpaManifests;
import io.argosy.gpu.InvalidSpecException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FhpaSimulationTest {
  static final FederatedHpa HPA = FhpaManifests.federatedHpa(FhpaManifests.documents("""
      apiVersion: autoscaling.karmada.io/v1alpha1
      kind: FederatedHPA
      metadata: {name: web}
      spec:
        scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
        minReplicas: 1
        maxReplicas: 10
        metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}}]
        behavior: {scaleDown: {stabilizationWindowSeconds: 30}}
      """).get(0));

  @Test
  void replaysASeriesTickByTick() {
    MetricSeries series = MetricSeries.parse("""
        t,metric,value
        0,cpu,50
        15,cpu,200
        30,cpu,200
        45,cpu,10
        90,cpu,10
        """, "m.csv");
    List<TickDecision> out = FhpaSimulation.run(HPA, List.of(), series, List.of("a", "b"),
        Division.staticWeights(Map.of("a", 1, "b", 1)), Map.of(), Instant.EPOCH);
    assertThat(out).extracting(TickDecision::t).containsExactly(0L, 15L, 30L, 45L, 90L);
    assertThat(out).extracting(TickDecision::desiredReplicas).containsExactly(1, 4, 8, 8, 2); // 200 % of 50 %: ×4, then +100 % per 15 s
    assertThat(out.get(1).reason()).isEqualTo("cpu resource utilization (percentage of request) above target");
    assertThat(out.get(2).clusters()).containsExactly(Map.entry("a", 4), Map.entry("b", 4));
    assertThat(out.get(3).rescaled()).isFalse(); // held by the 30 s window
    assertThat(out.get(4).reason()).isEqualTo("All metrics below target");
    assertThat(out.get(4).clusters()).containsExactly(Map.entry("a", 1), Map.entry("b", 1));
  }

  @Test
  void badCsvNamesTheLine() {
    assertThatThrownBy(() -> MetricSeries.parse("t,metric,value\n0,cpu,abc\n", "m.csv"))
        .isInstanceOf(InvalidSpecException.class).hasMessage("m.csv line 2: value: 'abc' is not a number or quantity");
    assertThatThrownBy(() -> MetricSeries.parse("time,cpu\n", "m.csv")).hasMessageContaining("header must be t,metric,value");
    assertThatThrownBy(() -> MetricSeries.parse("t,metric,value\nx,cpu,1\n", "m.csv")).hasMessageContaining("line 2: t");
  }
}
