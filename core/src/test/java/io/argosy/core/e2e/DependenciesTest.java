package io.argosy.core.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argosy.agent.sim.SimOptions;
import io.argosy.core.server.ArgosyServer;
import io.argosy.core.testing.Eventually;
import io.argosy.core.testing.Http;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * propagateDeps: a job referencing a ConfigMap and a Secret runs in a member cluster that had
 * neither (the agent creates them before the pods) and they are removed once no job there uses
 * them; the Secret is encrypted in the store and still usable after a restart, as are the default
 * propagation policy and an override policy.
 */
class DependenciesTest {
  static final Duration LIMIT = Duration.ofSeconds(90);
  static final String PLAINTEXT = "s3cr3t-token-do-not-log";
  static final String BASE64 = Base64.getEncoder().encodeToString(PLAINTEXT.getBytes(StandardCharsets.UTF_8));

  @TempDir Path dir;

  static String job(String name, boolean withConfigMap) {
    return """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: %s, annotations: {sim.argosy.io/runtime-seconds: "60"}}
        spec:
          template:
            spec:
              restartPolicy: Never
              volumes: [{name: creds, secret: {secretName: api-token}}]
              containers:
                - name: main
                  image: busybox
                  %s
                  volumeMounts: [{name: creds, mountPath: /creds}]
                  resources: {limits: {cpu: "1", memory: 1Gi}}
        """.formatted(name, withConfigMap ? "envFrom: [{configMapRef: {name: train-config}}]" : "");
  }

  static JsonNode await(Http http, String name, String state) {
    return Eventually.await(name + " " + state, LIMIT, () -> http.get("/v1/jobs/default/" + name).json(),
        j -> state.equals(j.path("state").asText()));
  }

  @Test
  void aJobsConfigMapAndSecretAreCreatedWhereItRunsRemovedAfterAndTheSecretIsSealedInTheStore() throws Exception {
    Path fleet = dir.resolve("fleet.yaml");
    Files.writeString(fleet, """
        clusters:
          - name: member
            nodes: [{namePrefix: cpu, count: 1, cpu: "16", memory: 64Gi}]
        """);
    var cfg = ArgosyServer.Config.defaults(dir.resolve("data")).withPort(0).withFleet(fleet, SimOptions.DEFAULT.withTimeScale(0.05));
    try (ArgosyServer server = ArgosyServer.start(cfg)) {
      Http http = new Http(server.url());
      awaitReady(http);
      var member = server.fleet().cluster("member").client();
      assertThat(member.configMaps().inNamespace("default").withName("train-config").get()).isNull();
      assertThat(member.secrets().inNamespace("default").withName("api-token").get()).isNull();
      Http.Response r = http.submit("""
          apiVersion: v1
          kind: ConfigMap
          metadata: {name: train-config}
          data: {EPOCHS: "3"}
          ---
          apiVersion: v1
          kind: Secret
          metadata: {name: api-token}
          type: Opaque
          data: {token: %s}
          ---
          """.formatted(BASE64) + job("uses-deps", true));
      assertThat(r.status()).as(r.body()).isEqualTo(201);
      assertThat(r.body()).doesNotContain(BASE64).doesNotContain(PLAINTEXT);
      assertThat(r.json().path("objects").get(1).path("kind").asText()).isEqualTo("Secret");
      assertThat(r.json().path("objects").get(1).path("result").asText()).isEqualTo("created");

      await(http, "uses-deps", "Running");
      ConfigMap cm = member.configMaps().inNamespace("default").withName("train-config").get();
      assertThat(cm.getData()).containsEntry("EPOCHS", "3");
      assertThat(cm.getMetadata().getLabels()).containsEntry("argosy.io/managed-by", "argosy");
      Secret secret = member.secrets().inNamespace("default").withName("api-token").get();
      assertThat(secret.getData()).containsEntry("token", BASE64);

      await(http, "uses-deps", "Succeeded");
      Eventually.await("dependencies removed once no job uses them", LIMIT,
          () -> member.configMaps().inNamespace("default").withName("train-config").get() == null
              && member.secrets().inNamespace("default").withName("api-token").get() == null, done -> done);
      // policies submitted now must survive the restart below
      assertThat(http.submit("""
          apiVersion: policy.karmada.io/v1alpha1
          kind: ClusterPropagationPolicy
          metadata: {name: fallback, annotations: {policy.argosy.io/cluster-default: "true"}}
          spec:
            resourceSelectors: [{apiVersion: v1, kind: ConfigMap, name: nothing}]
            placement: {clusterAffinity: {clusterNames: [member]}}
          ---
          apiVersion: policy.karmada.io/v1alpha1
          kind: ClusterOverridePolicy
          metadata: {name: mark}
          spec:
            overrideRules:
              - overriders:
                  labelsOverrider: [{operator: add, value: {restored: "yes"}}]
          """).status()).isEqualTo(201);
    }
    try (Stream<Path> files = Files.walk(dir.resolve("data"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        assertThat(bytes).as(f.toString()).doesNotContain(BASE64).doesNotContain(PLAINTEXT);
      }
    }

    // after a restart the sealed Secret is opened with the data directory's key and propagated again
    try (ArgosyServer server = ArgosyServer.start(cfg)) {
      Http http = new Http(server.url());
      awaitReady(http);
      assertThat(http.submit(job("after-restart", false)).status()).isEqualTo(201);
      JsonNode running = await(http, "after-restart", "Running");
      assertThat(running.path("propagationPolicy").asText()).isEqualTo("ClusterPropagationPolicy fallback");
      String pod = running.path("placement").get(0).path("name").asText();
      assertThat(server.fleet().cluster("member").client().pods().inNamespace("default").withName(pod).get()
          .getMetadata().getLabels()).containsEntry("restored", "yes");
      Secret secret = server.fleet().cluster("member").client().secrets().inNamespace("default").withName("api-token").get();
      assertThat(secret.getData()).containsEntry("token", BASE64);
      assertThat(server.fleet().cluster("member").client().configMaps().inNamespace("default").withName("train-config").get())
          .as("not referenced by this job").isNull();
      assertThat(http.delete("/v1/jobs/default/after-restart").status()).isEqualTo(200);
    }
  }

  private static void awaitReady(Http http) {
    Eventually.await("a ready cluster", LIMIT, () -> http.get("/v1/clusters").json(),
        j -> StreamSupport.stream(j.path("items").spliterator(), false).anyMatch(c -> c.path("ready").asBoolean()));
  }
}
