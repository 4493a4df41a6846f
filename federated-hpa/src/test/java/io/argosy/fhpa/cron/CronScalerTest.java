package io.argosy.fhpa.cron;

import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.fhpa.algo.Autoscaler;
import io.argosy.fhpa.algo.Decision;
import io.argosy.fhpa.algo.MetricsSnapshot;
import io.argosy.fhpa.algo.PodSample;
import io.argosy.fhpa.spec.CronFederatedHpa;
import io.argosy.fhpa.spec.FederatedHpa;
import io.argosy.fhpa.spec.FhpaManifests;
import io.argosy.fhpa.spec.ScaleTargetRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CronScalerTest {
  static final String HPA = """
      apiVersion: autoscaling.karmada.io/v1alpha1
      kind: FederatedHPA
      metadata: {name: web}
      spec:
        scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
        minReplicas: 1
        maxReplicas: 10
        metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}}]
      """;
  static final String CRON = """
      apiVersion: autoscaling.karmada.io/v1alpha1
      kind: CronFederatedHPA
      metadata: {name: business-hours}
      spec:
        scaleTargetRef: {apiVersion: autoscaling.karmada.io/v1alpha1, kind: FederatedHPA, name: web}
        rules:
        - {name: morning, schedule: "0 9 * * *", timeZone: Europe/Berlin, targetMinReplicas: 6, targetMaxReplicas: 20}
        - {name: evening, schedule: "0 18 * * *", timeZone: Europe/Berlin, targetMinReplicas: 1, successfulHistoryLimit: 1}
      """;

  static List<PodSample> idle(int n) {
    List<PodSample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(PodSample.running("p" + i, "c", Map.of("cpu", 1000L), Map.of("cpu", 250L)));
    }
    return out;
  }

  @Test
  void cronRulesMoveTheHpaBoundsAndTheHpaFollows() {
    FederatedHpa[] hpa = {FhpaManifests.federatedHpa(FhpaManifests.documents(HPA).get(0))};
    CronFederatedHpa spec = FhpaManifests.cronFederatedHpa(FhpaManifests.documents(CRON).get(0));
    Instant start = Instant.parse("2026-03-02T06:00:00Z"); // Monday, 07:00 in Berlin
    CronScaler cron = new CronScaler(spec, start);
    CronActions actions = new CronActions() {
      @Override
      public void scaleWorkload(String ns, ScaleTargetRef t, int replicas) {
        throw new AssertionError("targets the HPA, not the workload");
      }

      @Override
      public int[] setHpaBounds(String ns, ScaleTargetRef t, Integer min, Integer max) {
        hpa[0] = HpaBounds.apply(hpa[0], min, max);
        return new int[] {hpa[0].minReplicas(), hpa[0].maxReplicas()};
      }
    };
    assertThat(cron.nextDue()).isEqualTo("2026-03-02T08:00:00Z"); // 09:00 CET
    Autoscaler autoscaler = new Autoscaler();
    int replicas = 2;
    // every 15 s from 07:00 to 19:00 Berlin: cron first, then the HPA, idle load (25 % against 50 %)
    int atNoon = -1;
    for (Instant now = start; now.isBefore(Instant.parse("2026-03-02T18:00:00Z")); now = now.plusSeconds(15)) {
      cron.tick(now, actions);
      Decision d = autoscaler.reconcile(hpa[0], replicas, replicas, MetricsSnapshot.of(idle(replicas)), now);
      replicas = d.desiredReplicas();
      if (now.equals(Instant.parse("2026-03-02T11:00:00Z"))) {
        atNoon = replicas;
      }
    }
    // morning raised the floor to 6 even though the HPA alone would have gone down to 1
    assertThat(atNoon).isEqualTo(6);
    // evening (17:00Z) lowered the floor to 1 again, keeping max 20; the HPA then scaled down after its 300 s window
    assertThat(hpa[0].minReplicas()).isEqualTo(1);
    assertThat(hpa[0].maxReplicas()).isEqualTo(20);
    assertThat(replicas).isEqualTo(1); // 6 → 3 → 2 → 1, each step once the 300 s window has passed
    List<ExecutionHistory> h = cron.histories();
    assertThat(h).extracting(ExecutionHistory::ruleName).containsExactly("morning", "evening");
    assertThat(h.get(0).successExecutionRecords()).singleElement().satisfies(s -> {
      assertThat(s.scheduleTime()).isEqualTo("2026-03-02T08:00:00Z");
      assertThat(s.appliedMinReplicas()).isEqualTo(6);
      assertThat(s.appliedMaxReplicas()).isEqualTo(20);
    });
    assertThat(h.get(0).nextExecutionTime()).isEqualTo("2026-03-03T08:00:00Z");
    assertThat(h.get(1).successExecutionRecords()).singleElement().satisfies(s -> assertThat(s.appliedMinReplicas()).isEqualTo(1));
  }

  @Test
  void impossibleBoundsAreAFailedRecordAndSuspendStopsARule() {
    FederatedHpa[] hpa = {FhpaManifests.federatedHpa(FhpaManifests.documents(HPA).get(0))};
    CronFederatedHpa spec = FhpaManifests.cronFederatedHpa(FhpaManifests.documents("""
        apiVersion: autoscaling.karmada.io/v1alpha1
        kind: CronFederatedHPA
        metadata: {name: c}
        spec:
          scaleTargetRef: {apiVersion: autoscaling.karmada.io/v1alpha1, kind: FederatedHPA, name: web}
          rules: [{name: big, schedule: "*/5 * * * *", targetMinReplicas: 50}]
        """).get(0));
    Instant t0 = Instant.parse("2026-01-01T00:01:00Z");
    CronScaler cron = new CronScaler(spec, t0);
    CronActions actions = new CronActions() {
      @Override
      public void scaleWorkload(String ns, ScaleTargetRef t, int replicas) {}

      @Override
      public int[] setHpaBounds(String ns, ScaleTargetRef t, Integer min, Integer max) {
        hpa[0] = HpaBounds.apply(hpa[0], min, max);
        return new int[] {hpa[0].minReplicas(), hpa[0].maxReplicas()};
      }
    };
    // missed runs at :05, :10, :15 collapse into one at :15
    assertThat(cron.tick(Instant.parse("2026-01-01T00:16:00Z"), actions)).isEqualTo(1);
    ExecutionHistory h = cron.histories().get(0);
    assertThat(h.failedExecutionRecords()).singleElement().satisfies(f -> {
      assertThat(f.scheduleTime()).isEqualTo("2026-01-01T00:15:00Z");
      assertThat(f.message()).contains("minReplicas 50 would be greater than maxReplicas 10");
    });
    assertThat(hpa[0].minReplicas()).isEqualTo(1);
    CronFederatedHpa suspended = new CronFederatedHpa(spec.namespace(), spec.name(), spec.scaleTargetRef(),
        List.of(new io.argosy.fhpa.spec.CronRule("big", "*/5 * * * *", null, 50, null, true, java.time.ZoneOffset.UTC, 3, 3)));
    cron.update(suspended, Instant.parse("2026-01-01T00:17:00Z"));
    assertThat(cron.nextDue()).isNull();
    assertThat(cron.tick(Instant.parse("2026-01-01T01:00:00Z"), actions)).isZero();
    assertThat(cron.histories().get(0).failedExecutionRecords()).hasSize(1); // history kept across the update
  }
}
