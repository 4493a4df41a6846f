package io.argosy.core.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argosy.agent.sim.SimOptions;
import io.argosy.core.server.ArgosyServer;
import io.argosy.core.testing.Cli;
import io.argosy.core.testing.Eventually;
import io.argosy.core.testing.Http;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Karmada's objects drive placement and per-cluster manifests, end to end over real HTTP with real
 * agents and simulated member clusters: a plain job lands where a PropagationPolicy sends it, an
 * OverridePolicy rewrites the image registry per region and the agent creates exactly the
 * overridden object, and invalid policies are refused naming the field.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KarmadaPoliciesTest {
  static final Duration LIMIT = Duration.ofSeconds(90);
  static final String FLEET = """
      clusters:
        - name: eu-1
          labels: {region: eu-west-1, provider: aws}
          nodes: [{namePrefix: cpu, count: 1, cpu: "16", memory: 64Gi}]
        - name: us-1
          labels: {region: us-east-1, provider: aws}
          nodes: [{namePrefix: cpu, count: 1, cpu: "16", memory: 64Gi}]
        - name: cn-1
          labels: {region: cn-north-1, provider: on-prem}
          nodes: [{namePrefix: cpu, count: 1, cpu: "16", memory: 64Gi}]
      """;

  Path dir;
  ArgosyServer server;
  Http http;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    dir = tmp;
    Path fleet = dir.resolve("fleet.yaml");
    Files.writeString(fleet, FLEET);
    server = ArgosyServer.start(ArgosyServer.Config.defaults(dir.resolve("data")).withPort(0)
        .withFleet(fleet, SimOptions.DEFAULT.withTimeScale(0.05)));
    http = new Http(server.url());
    Eventually.await("three ready clusters", LIMIT, () -> http.get("/v1/clusters").json(),
        j -> j.path("items").size() == 3 && StreamSupport.stream(j.path("items").spliterator(), false)
            .allMatch(c -> c.path("ready").asBoolean()));
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  static String job(String name, String labels, String image, String runtime) {
    return """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: %s
          namespace: %s
          labels: {%s}
          annotations: {sim.argosy.io/runtime-seconds: "%s"}
        spec:
          parallelism: 2
          completions: 2
          template:
            spec:
              restartPolicy: Never
              containers:
                - name: main
                  image: %s
                  resources: {limits: {cpu: "1", memory: 1Gi}}
        """.formatted(name, name.startsWith("ml-") ? "ml" : "default", labels, runtime, image);
  }

  JsonNode awaitJob(String id, String state) {
    return Eventually.await(id + " " + state, LIMIT, () -> http.get("/v1/jobs/" + id).json(),
        j -> state.equals(j.path("state").asText()));
  }

  @Test
  void aJobWithNoArgosyFieldLandsWhereAPropagationPolicySendsItAndDescribeNamesThePolicy() {
    Http.Response r = http.submit("""
        apiVersion: policy.karmada.io/v1alpha1
        kind: ClusterPropagationPolicy
        metadata: {name: every-job-us}
        spec:
          resourceSelectors: [{apiVersion: batch/v1, kind: Job}]
          placement:
            clusterAffinity: {fieldSelector: {matchExpressions: [{key: region, operator: In, values: [us-east-1]}]}}
        ---
        apiVersion: policy.karmada.io/v1alpha1
        kind: PropagationPolicy
        metadata: {name: vision-to-cn, namespace: ml}
        spec:
          resourceSelectors: [{apiVersion: batch/v1, kind: Job, labelSelector: {matchLabels: {team: vision}}}]
          placement:
            clusterAffinity: {clusterNames: [cn-1]}
        ---
        """ + job("ml-vision", "team: vision", "busybox", "3600") + "---\n" + job("ml-speech", "team: speech", "busybox", "3600"));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    JsonNode vision = awaitJob("ml/ml-vision", "Running");
    assertThat(vision.path("clusters").toString()).isEqualTo("[\"cn-1\"]");
    assertThat(vision.path("propagationPolicy").asText()).isEqualTo("PropagationPolicy ml/vision-to-cn");
    JsonNode speech = awaitJob("ml/ml-speech", "Running");
    assertThat(speech.path("clusters").toString()).isEqualTo("[\"us-1\"]");
    assertThat(speech.path("propagationPolicy").asText()).isEqualTo("ClusterPropagationPolicy every-job-us");
    String pod = vision.path("placement").get(0).path("name").asText();
    assertThat(server.fleet().cluster("cn-1").client().pods().inNamespace("ml").withName(pod).get()).isNotNull();

    Cli.Run d = Cli.run("describe", "job", "ml/ml-vision", "--server", server.url());
    assertThat(d.exit()).as(d.err()).isZero();
    assertThat(d.out()).contains("Placed by: PropagationPolicy ml/vision-to-cn");

    // changing the policy moves only what is not bound yet: vision stays in cn-1, a new job goes to eu-1
    assertThat(http.submit("""
        apiVersion: policy.karmada.io/v1alpha1
        kind: PropagationPolicy
        metadata: {name: vision-to-cn, namespace: ml}
        spec:
          resourceSelectors: [{apiVersion: batch/v1, kind: Job, labelSelector: {matchLabels: {team: vision}}}]
          placement:
            clusterAffinity: {clusterNames: [eu-1]}
        """).status()).isEqualTo(201);
    JsonNode next = (http.submit(job("ml-vision-2", "team: vision", "busybox", "3600")).status() == 201)
        ? awaitJob("ml/ml-vision-2", "Running") : null;
    assertThat(next).isNotNull();
    assertThat(next.path("clusters").toString()).isEqualTo("[\"eu-1\"]");
    assertThat(http.get("/v1/jobs/ml/ml-vision").json().path("clusters").toString()).isEqualTo("[\"cn-1\"]");
    for (String j : new String[] {"ml/ml-vision", "ml/ml-vision-2", "ml/ml-speech"}) {
      assertThat(http.delete("/v1/jobs/" + j).status()).isEqualTo(200);
    }
  }

  @Test
  void aPendingJobFollowsItsPolicyWhenThePolicyChanges() {
    assertThat(http.submit("""
        apiVersion: policy.karmada.io/v1alpha1
        kind: PropagationPolicy
        metadata: {name: nowhere}
        spec:
          resourceSelectors: [{apiVersion: batch/v1, kind: Job, name: waits}]
          placement:
            clusterAffinity: {clusterNames: [no-such-cluster]}
        ---
        """ + job("waits", "app: w", "busybox", "5")).status()).isEqualTo(201);
    JsonNode pending = Eventually.await("pending, placed by its policy", LIMIT, () -> http.get("/v1/jobs/default/waits").json(),
        j -> j.path("state").asText().equals("Pending") && j.has("propagationPolicy"));
    assertThat(pending.path("propagationPolicy").asText()).isEqualTo("PropagationPolicy default/nowhere");
    assertThat(pending.path("clusters")).isEmpty();
    assertThat(http.submit("""
        apiVersion: policy.karmada.io/v1alpha1
        kind: PropagationPolicy
        metadata: {name: nowhere}
        spec:
          resourceSelectors: [{apiVersion: batch/v1, kind: Job, name: waits}]
          placement:
            clusterAffinity: {clusterNames: [eu-1]}
        """).status()).isEqualTo(201);
    JsonNode done = awaitJob("default/waits", "Succeeded");
    assertThat(done.path("clusters").toString()).isEqualTo("[\"eu-1\"]");
  }

  @Test
  void anOverridePolicyRewritesTheImageRegistryPerRegionAndTheAgentCreatesExactlyThatObject() {
    Http.Response r = http.submit("""
        apiVersion: policy.karmada.io/v1alpha1
        kind: PropagationPolicy
        metadata: {name: spread-regions}
        spec:
          resourceSelectors: [{apiVersion: batch/v1, kind: Job, labelSelector: {matchLabels: {app: regional}}}]
          placement:
            clusterAffinity: {clusterNames: [eu-1, us-1]}
        ---
        apiVersion: policy.karmada.io/v1alpha1
        kind: OverridePolicy
        metadata: {name: registry-per-region}
        spec:
          resourceSelectors: [{apiVersion: batch/v1, kind: Job}]
          overrideRules:
            - targetCluster: {labelSelector: {matchLabels: {region: eu-west-1}}}
              overriders:
                imageOverrider: [{component: Registry, operator: replace, value: registry.eu.example}]
                labelsOverrider: [{operator: add, value: {served-from: eu}}]
            - targetCluster: {fieldSelector: {matchExpressions: [{key: region, operator: In, values: [us-east-1]}]}}
              overriders:
                imageOverrider: [{component: Registry, operator: replace, value: registry.us.example}]
                argsOverrider: [{containerName: main, operator: add, value: ["--region=us"]}]
        ---
        apiVersion: policy.karmada.io/v1alpha1
        kind: PropagationPolicy
        metadata: {name: first-to-eu}
        spec:
          priority: 10
          resourceSelectors: [{apiVersion: batch/v1, kind: Job, name: regional-a}]
          placement: {clusterAffinity: {clusterNames: [eu-1]}}
        ---
        apiVersion: policy.karmada.io/v1alpha1
        kind: PropagationPolicy
        metadata: {name: second-to-us}
        spec:
          priority: 10
          resourceSelectors: [{apiVersion: batch/v1, kind: Job, name: regional-b}]
          placement: {clusterAffinity: {clusterNames: [us-1]}}
        ---
        """ + job("regional-a", "app: regional", "docker.io/library/python:3.12", "3600") + "---\n"
        + job("regional-b", "app: regional", "docker.io/library/python:3.12", "3600"));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    JsonNode a = awaitJob("default/regional-a", "Running");
    JsonNode b = awaitJob("default/regional-b", "Running");
    assertThat(a.path("clusters").toString()).isEqualTo("[\"eu-1\"]");
    assertThat(b.path("clusters").toString()).isEqualTo("[\"us-1\"]");

    Pod eu = server.fleet().cluster("eu-1").client().pods().inNamespace("default")
        .withName(a.path("placement").get(0).path("name").asText()).get();
    assertThat(eu.getSpec().getContainers().get(0).getImage()).isEqualTo("registry.eu.example/library/python:3.12");
    assertThat(eu.getSpec().getContainers().get(0).getArgs()).isNullOrEmpty();
    assertThat(eu.getMetadata().getLabels()).containsEntry("served-from", "eu");
    Pod us = server.fleet().cluster("us-1").client().pods().inNamespace("default")
        .withName(b.path("placement").get(0).path("name").asText()).get();
    assertThat(us.getSpec().getContainers().get(0).getImage()).isEqualTo("registry.us.example/library/python:3.12");
    assertThat(us.getSpec().getContainers().get(0).getArgs()).containsExactly("--region=us");
    assertThat(us.getMetadata().getLabels()).doesNotContainKey("served-from");

    assertThat(a.path("overrides").get(0).path("cluster").asText()).isEqualTo("eu-1");
    assertThat(a.path("overrides").get(0).path("changes").toString())
        .contains("OverridePolicy default/registry-per-region rule 0")
        .contains("docker.io/library/python:3.12 -> registry.eu.example/library/python:3.12");
    Cli.Run d = Cli.run("describe", "job", "default/regional-b", "--server", server.url());
    assertThat(d.exit()).as(d.err()).isZero();
    assertThat(d.out()).contains("Overrides in us-1:").contains("registry.us.example/library/python:3.12")
        .contains("Placed by: PropagationPolicy default/second-to-us");
    assertThat(http.delete("/v1/jobs/default/regional-a").status()).isEqualTo(200);
    assertThat(http.delete("/v1/jobs/default/regional-b").status()).isEqualTo(200);
  }

  @Test
  void anOverrideThatCannotApplyKeepsTheJobPendingWithTheReasonUntilThePolicyIsFixed() {
    String policy = """
        apiVersion: policy.karmada.io/v1alpha1
        kind: OverridePolicy
        metadata: {name: node-selector}
        spec:
          resourceSelectors: [{apiVersion: batch/v1, kind: Job, name: patched}]
          overrideRules:
            - overriders:
                plaintext: [{path: %s, operator: replace, value: {disk: ssd}}]
        """;
    assertThat(http.submit(policy.formatted("/spec/template/spec/nodeSelector") + "---\n" + job("patched", "app: p", "busybox", "5"))
        .status()).isEqualTo(201);
    JsonNode stuck = Eventually.await("requeued because of the override", LIMIT, () -> http.get("/v1/jobs/default/patched").json(),
        j -> j.path("history").toString().contains("override policies cannot be applied"));
    assertThat(stuck.path("state").asText()).isNotEqualTo("Running");
    assertThat(stuck.path("history").toString())
        .contains("OverridePolicy default/node-selector rule 0: plaintext replace: path /spec/template/spec/nodeSelector does not exist");
    assertThat(http.submit(policy.replace("replace", "add").formatted("/spec/template/spec/nodeSelector")).status()).isEqualTo(201);
    JsonNode done = awaitJob("default/patched", "Succeeded");
    assertThat(done.path("overrides").get(0).path("changes").toString()).contains("/spec/template/spec/nodeSelector: add");
  }

  @Test
  void invalidPoliciesAreRejectedNamingTheFieldOverHttpAndTheCli() throws Exception {
    String unknown = """
        apiVersion: policy.karmada.io/v1alpha1
        kind: OverridePolicy
        metadata: {name: bad}
        spec:
          overrideRules:
            - overriders:
                envOverrider: [{operator: add}]
        """;
    String badPath = """
        apiVersion: policy.karmada.io/v1alpha1
        kind: ClusterOverridePolicy
        metadata: {name: bad}
        spec:
          overrideRules:
            - overriders:
                plaintext: [{path: "spec/template", operator: remove}]
        """;
    String conflicting = """
        apiVersion: policy.karmada.io/v1alpha1
        kind: PropagationPolicy
        metadata: {name: bad}
        spec:
          resourceSelectors: [{apiVersion: batch/v1, kind: Job}]
          placement:
            clusterAffinity: {clusterNames: [eu-1]}
            clusterAffinities: [{affinityName: primary, clusterNames: [us-1]}]
        """;
    record Case(String yaml, String field) {}
    for (Case c : new Case[] {
        new Case(unknown, "spec.overrideRules[0].overriders.envOverrider"),
        new Case(badPath, "spec.overrideRules[0].overriders.plaintext[0].path"),
        new Case(conflicting, "spec.placement.clusterAffinities")}) {
      Http.Response r = http.submit(c.yaml());
      assertThat(r.status()).as(r.body()).isEqualTo(422);
      assertThat(r.json().path("field").asText()).isEqualTo(c.field());
      assertThat(r.json().path("reason").asText()).isNotEmpty();
      Path f = dir.resolve("bad.yaml");
      Files.writeString(f, c.yaml());
      Cli.Run run = Cli.run("submit", "-f", f.toString(), "--server", server.url());
      assertThat(run.exit()).isEqualTo(2);
      assertThat(run.err().strip()).contains(c.field()).doesNotContain("\n");
    }
    Http.Response second = http.submit("""
        apiVersion: policy.karmada.io/v1alpha1
        kind: ClusterPropagationPolicy
        metadata: {name: a-default, annotations: {policy.argosy.io/cluster-default: "true"}}
        spec:
          resourceSelectors: [{apiVersion: batch/v1, kind: Job, name: none}]
          placement: {clusterAffinity: {clusterNames: [cn-1]}}
        ---
        apiVersion: policy.karmada.io/v1alpha1
        kind: ClusterPropagationPolicy
        metadata: {name: b-default, annotations: {policy.argosy.io/cluster-default: "true"}}
        spec:
          resourceSelectors: [{apiVersion: batch/v1, kind: Job, name: none}]
        """);
    assertThat(second.status()).as(second.body()).isEqualTo(422);
    assertThat(second.json().path("field").asText()).isEqualTo("metadata.annotations[policy.argosy.io/cluster-default]");
    assertThat(second.json().path("document").asInt()).isEqualTo(1);
  }
}
