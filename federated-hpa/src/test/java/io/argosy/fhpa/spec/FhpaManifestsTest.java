package io.argosy.fhpa.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argosy.gpu.InvalidSpecException;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class FhpaManifestsTest {
  static final String HPA = """
      apiVersion: autoscaling.karmada.io/v1alpha1
      kind: FederatedHPA
      metadata: {name: web, namespace: shop}
      spec:
        scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
        minReplicas: 2
        maxReplicas: 20
        metrics:
        - type: Resource
          resource: {name: cpu, target: {type: Utilization, averageUtilization: 60}}
        - type: Resource
          resource: {name: memory, target: {type: AverageValue, averageValue: 512Mi}}
        - type: Pods
          pods: {metric: {name: requests-per-second}, target: {type: AverageValue, averageValue: 1k}}
        - type: Object
          object:
            metric: {name: hits}
            describedObject: {apiVersion: networking.k8s.io/v1, kind: Ingress, name: main}
            target: {type: Value, value: "10"}
        behavior:
          scaleDown:
            stabilizationWindowSeconds: 60
            selectPolicy: Min
            policies:
            - {type: Pods, value: 4, periodSeconds: 60}
            - {type: Percent, value: 10, periodSeconds: 60}
      """;

  static FederatedHpa hpa(String yaml) {
    return FhpaManifests.federatedHpa(FhpaManifests.documents(yaml).get(0));
  }

  static void rejects(String yaml, String field, String reason) {
    assertThatThrownBy(() -> FhpaManifests.parse(FhpaManifests.documents(yaml).get(0)))
        .isInstanceOf(InvalidSpecException.class)
        .satisfies(e -> {
          assertThat(((InvalidSpecException) e).field()).isEqualTo(field);
          assertThat(((InvalidSpecException) e).reason()).contains(reason);
        });
  }

  @Test
  void readsEveryMetricKindAndFillsBehaviorDefaults() {
    FederatedHpa h = hpa(HPA);
    assertThat(h.key()).isEqualTo("shop/web");
    assertThat(h.scaleTargetRef()).isEqualTo(new ScaleTargetRef("apps/v1", "Deployment", "web"));
    assertThat(h.minReplicas()).isEqualTo(2);
    assertThat(h.maxReplicas()).isEqualTo(20);
    assertThat(h.metrics()).containsExactly(
        new MetricSpec.Resource("cpu", MetricTarget.utilization(60)),
        new MetricSpec.Resource("memory", MetricTarget.averageValue(512L * 1024 * 1024 * 1000)),
        new MetricSpec.Pods("requests-per-second", MetricTarget.averageValue(1_000_000)),
        new MetricSpec.Object("hits", "Ingress", "main", MetricTarget.value(10_000)));
    assertThat(h.behavior().scaleUp()).isEqualTo(ScalingRules.DEFAULT_UP);
    assertThat(h.behavior().scaleDown().stabilizationWindowSeconds()).isEqualTo(60);
    assertThat(h.behavior().scaleDown().selectPolicy()).isEqualTo(ScalingRules.SelectPolicy.Min);
    assertThat(h.behavior().scaleDown().policies()).containsExactly(
        new ScalingPolicy(ScalingPolicy.Type.Pods, 4, 60), new ScalingPolicy(ScalingPolicy.Type.Percent, 10, 60));
  }

  @Test
  void defaultsLikeKarmadasWebhook() {
    FederatedHpa h = hpa("""
        apiVersion: autoscaling.karmada.io/v1alpha1
        kind: FederatedHPA
        metadata: {name: web}
        spec: {scaleTargetRef: {kind: Deployment, name: web}, maxReplicas: 5}
        """);
    assertThat(h.namespace()).isEqualTo("default");
    assertThat(h.minReplicas()).isEqualTo(1);
    assertThat(h.metrics()).containsExactly(new MetricSpec.Resource("cpu", MetricTarget.utilization(80)));
    assertThat(h.behavior()).isEqualTo(Behavior.DEFAULT);
    assertThat(h.behavior().scaleDown().stabilizationWindowSeconds()).isEqualTo(300);
  }

  @Test
  void errorsNameTheFieldPath() {
    String head = "apiVersion: autoscaling.karmada.io/v1alpha1\nkind: FederatedHPA\nmetadata: {name: web}\n";
    rejects(head + "spec: {scaleTargetRef: {kind: Deployment, name: web}}", "spec.maxReplicas", "Required");
    rejects(head + "spec: {scaleTargetRef: {kind: Deployment, name: web}, minReplicas: 5, maxReplicas: 3}",
        "spec.maxReplicas", "minReplicas");
    rejects(head + "spec: {scaleTargetRef: {kind: Deployment}, maxReplicas: 3}", "spec.scaleTargetRef.name", "Required");
    rejects(head + """
        spec:
          scaleTargetRef: {kind: Deployment, name: web}
          maxReplicas: 3
          metrics:
          - type: Resource
            resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
          - type: Resource
            resource: {name: gpu, target: {type: Utilization, averageUtilization: 50}}
        """, "spec.metrics[1].resource.name", "unsupported resource 'gpu'");
    rejects(head + """
        spec:
          scaleTargetRef: {kind: Deployment, name: web}
          maxReplicas: 3
          metrics: [{type: Pods, pods: {metric: {name: rps}, target: {type: AverageValue, averageValue: lots}}}]
        """, "spec.metrics[0].pods.target.averageValue", "not a quantity");
    rejects(head + """
        spec:
          scaleTargetRef: {kind: Deployment, name: web}
          maxReplicas: 3
          behavior: {scaleUp: {policies: [{type: Pods, value: 4, periodSeconds: 4000}]}}
        """, "spec.behavior.scaleUp.policies[0].periodSeconds", "between 1 and 1800");
    rejects(head + """
        spec:
          scaleTargetRef: {kind: Deployment, name: web}
          maxReplicas: 3
          behavior: {scaleDown: {selectPolicy: Fastest}}
        """, "spec.behavior.scaleDown.selectPolicy", "Max, Min or Disabled");
    rejects(head + """
        spec:
          scaleTargetRef: {kind: Deployment, name: web}
          maxReplicas: 3
          metrics: [{type: External, external: {}}]
        """, "spec.metrics[0].type", "not supported");
    rejects(head + "spec: {scaleTargetRef: {kind: Deployment, name: web}, maxReplicas: \"3\"}", "spec.maxReplicas", "integer");
  }

  @Test
  void readsCronRulesForAWorkloadAndForAFederatedHpa() {
    List<?> docs = FhpaManifests.documents("""
        apiVersion: autoscaling.karmada.io/v1alpha1
        kind: CronFederatedHPA
        metadata: {name: nightly}
        spec:
          scaleTargetRef: {apiVersion: autoscaling.karmada.io/v1alpha1, kind: FederatedHPA, name: web}
          rules:
          - {name: day, schedule: "0 8 * * 1-5", targetMinReplicas: 5, timeZone: Europe/Berlin}
          - {name: night, schedule: "0 20 * * *", targetMaxReplicas: 3, suspend: true, successfulHistoryLimit: 5}
        ---
        apiVersion: autoscaling.karmada.io/v1alpha1
        kind: CronFederatedHPA
        metadata: {name: direct}
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          rules: [{name: up, schedule: "@hourly", targetReplicas: 4}]
        """).stream().map(FhpaManifests::parse).toList();
    CronFederatedHpa c = (CronFederatedHpa) docs.get(0);
    assertThat(c.scaleTargetRef().isFederatedHpa()).isTrue();
    assertThat(c.rules().get(0)).isEqualTo(new CronRule("day", "0 8 * * 1-5", null, 5, null, false, ZoneId.of("Europe/Berlin"), 3, 3));
    assertThat(c.rules().get(1).suspend()).isTrue();
    assertThat(c.rules().get(1).successfulHistoryLimit()).isEqualTo(5);
    CronFederatedHpa d = (CronFederatedHpa) docs.get(1);
    assertThat(d.rules().get(0).targetReplicas()).isEqualTo(4);
    assertThat(d.rules().get(0).timeZone()).isEqualTo(ZoneId.of("UTC").normalized());
  }

  @Test
  void cronErrorsNameTheRule() {
    String head = "apiVersion: autoscaling.karmada.io/v1alpha1\nkind: CronFederatedHPA\nmetadata: {name: c}\nspec:\n";
    String hpaRef = "  scaleTargetRef: {apiVersion: autoscaling.karmada.io/v1alpha1, kind: FederatedHPA, name: web}\n";
    String depRef = "  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n";
    rejects(head + depRef + "  rules: [{name: a, schedule: '0 8 * *', targetReplicas: 1}]", "spec.rules[0].schedule", "5 fields");
    rejects(head + depRef + "  rules: [{name: a, schedule: '61 8 * * *', targetReplicas: 1}]", "spec.rules[0].schedule", "outside 0-59");
    rejects(head + depRef + "  rules: [{name: a, schedule: '0 8 * * *', targetReplicas: 1, timeZone: Mars/Olympus}]",
        "spec.rules[0].timeZone", "unknown time zone");
    rejects(head + hpaRef + "  rules: [{name: a, schedule: '0 8 * * *', targetReplicas: 1}]", "spec.rules[0].targetReplicas", "not allowed");
    rejects(head + depRef + "  rules: [{name: a, schedule: '0 8 * * *', targetMinReplicas: 1}]", "spec.rules[0].targetMinReplicas", "only allowed");
    rejects(head + hpaRef + "  rules: [{name: a, schedule: '0 8 * * *', targetMinReplicas: 4, targetMaxReplicas: 2}]",
        "spec.rules[0].targetMaxReplicas", "greater than or equal");
    rejects(head + depRef + "  rules: [{name: a, schedule: '0 8 * * *', targetReplicas: 1}, {name: a, schedule: '0 9 * * *', targetReplicas: 1}]",
        "spec.rules[1].name", "Duplicate");
  }
}
