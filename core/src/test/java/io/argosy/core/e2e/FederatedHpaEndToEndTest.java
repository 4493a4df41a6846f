package io.argosy.core.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argosy.agent.sim.SimOptions;
import io.argosy.core.server.ArgosyServer;
import io.argosy.core.testing.Cli;
import io.argosy.core.testing.Eventually;
import io.argosy.core.testing.Http;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A GPU Deployment over 3 simulated clusters with {@code dynamicWeight: AvailableReplicas}, autoscaled
 * by a FederatedHPA on cpu reported by each member's metrics.k8s.io: 1 → 10 → 2 as the load rises and
 * falls, the members' Deployment replicas always adding up to the desired total. Short sync periods
 * and windows keep it to seconds.
 */
class FederatedHpaEndToEndTest {
  static final Duration LIMIT = Duration.ofSeconds(90);
  static final List<String> CLUSTERS = List.of("big", "mid", "small");

  @TempDir Path dir;

  @BeforeEach
  void fastClocks() {
    System.setProperty("argosy.agent.metricsIntervalMillis", "300");
    System.setProperty("argosy.fhpa.syncMillis", "500");
  }

  @AfterEach
  void resetClocks() {
    System.clearProperty("argosy.agent.metricsIntervalMillis");
    System.clearProperty("argosy.fhpa.syncMillis");
  }

  static Map<String, Integer> memberReplicas(ArgosyServer server) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (String c : CLUSTERS) {
      Deployment d = server.fleet().cluster(c).client().apps().deployments().inNamespace("default").withName("llm").get();
      out.put(c, d == null || d.getSpec().getReplicas() == null ? 0 : d.getSpec().getReplicas());
    }
    return out;
  }

  static int sum(Map<String, Integer> m) {
    return m.values().stream().mapToInt(Integer::intValue).sum();
  }

  @Test
  void scalesOneToTenToTwoAcrossThreeClusters() throws Exception {
    Path fleet = dir.resolve("fleet.yaml");
    Files.writeString(fleet, """
        clusters:
          - name: big
            nodes: [{namePrefix: g, count: 1, cpu: "32", memory: 128Gi, accelerator: {vendor: nvidia, model: A100-80GB, count: 8, mode: whole}}]
          - name: mid
            nodes: [{namePrefix: g, count: 1, cpu: "32", memory: 128Gi, accelerator: {vendor: nvidia, model: A100-80GB, count: 4, mode: whole}}]
          - name: small
            nodes: [{namePrefix: g, count: 1, cpu: "32", memory: 128Gi, accelerator: {vendor: nvidia, model: A100-80GB, count: 2, mode: whole}}]
        """);
    var cfg = ArgosyServer.Config.defaults(dir.resolve("data")).withPort(0)
        .withFleet(fleet, SimOptions.DEFAULT.withTimeScale(0.05));
    try (ArgosyServer server = ArgosyServer.start(cfg)) {
      Http http = new Http(server.url());
      http.awaitReadyClusters(3, LIMIT);
      Http.Response r = http.submit("""
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: llm, namespace: default, labels: {app: llm}}
          spec:
            replicas: 1
            selector: {matchLabels: {app: llm}}
            template:
              metadata: {labels: {app: llm}}
              spec:
                containers:
                  - name: server
                    image: vllm/vllm-openai
                    resources:
                      requests: {cpu: 100m, memory: 1Gi}
                      limits: {nvidia.com/gpu: 1}
          ---
          apiVersion: policy.karmada.io/v1alpha1
          kind: PropagationPolicy
          metadata: {name: llm, namespace: default}
          spec:
            resourceSelectors: [{apiVersion: apps/v1, kind: Deployment, name: llm}]
            placement:
              clusterAffinity: {clusterNames: [big, mid, small]}
              replicaScheduling:
                replicaSchedulingType: Divided
                replicaDivisionPreference: Weighted
                weightPreference: {dynamicWeight: AvailableReplicas}
          ---
          apiVersion: autoscaling.karmada.io/v1alpha1
          kind: FederatedHPA
          metadata: {name: llm, namespace: default}
          spec:
            scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: llm}
            minReplicas: 1
            maxReplicas: 10
            metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}}]
            behavior:
              scaleUp: {stabilizationWindowSeconds: 0, policies: [{type: Pods, value: 10, periodSeconds: 1}]}
              scaleDown: {stabilizationWindowSeconds: 2, policies: [{type: Percent, value: 100, periodSeconds: 1}]}
          """);
      assertThat(r.status()).as(r.body()).isEqualTo(201);
      Http.Response bad = http.submit("""
          apiVersion: autoscaling.karmada.io/v1alpha1
          kind: FederatedHPA
          metadata: {name: broken}
          spec:
            scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: llm}
            maxReplicas: 4
            behavior: {scaleUp: {selectPolicy: Fastest}}
          """);
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.json().path("field").asText()).isEqualTo("spec.behavior.scaleUp.selectPolicy");
      assertThat(http.get("/v1/fhpas/default/broken").status()).isEqualTo(404); // nothing of a rejected request is kept
      var load = server.fleet().load();

      // idle: stays at the minimum
      Eventually.await("one replica running", LIMIT, () -> memberReplicas(server), m -> sum(m) == 1);

      // 500m of cpu over pods requesting 100m with a 50 % target: 10 pods
      load.setCpu("default", "llm", 500);
      JsonNode up = Eventually.await("scaled to 10", LIMIT, () -> http.get("/v1/fhpas/default/llm").json(),
          j -> j.path("desiredReplicas").asInt() == 10 && j.path("currentReplicas").asInt() == 10);
      Map<String, Integer> atTen = Eventually.await("members add up to 10", LIMIT, () -> memberReplicas(server), m -> sum(m) == 10);
      assertThat(atTen.get("big")).as("dynamic weights follow free GPUs: %s", atTen).isGreaterThanOrEqualTo(atTen.get("mid"));
      assertThat(atTen.get("mid")).as("%s", atTen).isGreaterThanOrEqualTo(atTen.get("small"));
      assertThat(atTen.get("big")).as("%s", atTen).isLessThanOrEqualTo(8);
      assertThat(atTen.get("mid")).as("%s", atTen).isLessThanOrEqualTo(4);
      assertThat(atTen.get("small")).as("%s", atTen).isLessThanOrEqualTo(2);
      assertThat(up.path("events").toString()).contains("SuccessfulRescale").contains("New size: 10; reason: cpu resource utilization");
      Eventually.await("ten pods serving", LIMIT, () -> http.get("/v1/services").json(),
          j -> j.path("items").get(0).path("ready").findValues("big").size() >= 0
              && sumFields(j.path("items").get(0).path("ready")) == 10);

      // load falls to 100m: 10 pods at 10 % → 2
      load.setCpu("default", "llm", 100);
      JsonNode down = Eventually.await("scaled to 2", LIMIT, () -> http.get("/v1/fhpas/default/llm").json(),
          j -> j.path("desiredReplicas").asInt() == 2 && j.path("currentReplicas").asInt() == 2);
      assertThat(down.path("events").get(0).path("message").asText()).isEqualTo("New size: 2; reason: All metrics below target");
      Eventually.await("members add up to 2", LIMIT, () -> memberReplicas(server), m -> sum(m) == 2);
      Eventually.await("two pods serving", LIMIT, () -> http.get("/v1/services").json(),
          j -> sumFields(j.path("items").get(0).path("ready")) == 2);

      Cli.Run get = Cli.run("get", "fhpa", "--server", server.url());
      assertThat(get.exit()).as(get.err()).isZero();
      assertThat(get.out()).contains("default/llm").contains("Deployment/llm");
      Cli.Run describe = Cli.run("describe", "fhpa", "default/llm", "--server", server.url());
      assertThat(describe.exit()).as(describe.err()).isZero();
      assertThat(describe.out()).contains("SuccessfulRescale").contains("ScalingActive");
    }
  }

  static int sumFields(JsonNode o) {
    int s = 0;
    for (JsonNode n : o) {
      s += n.asInt();
    }
    return s;
  }
}
