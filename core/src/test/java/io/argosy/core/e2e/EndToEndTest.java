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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control plane over real HTTP with real agents and simulated member clusters (fabric8 mock API
 * servers talked to over HTTP): jobs of every accelerator kind land where they fit and succeed,
 * pending reasons name what is missing per cluster, bad input gets a 4xx naming the field, and the
 * CLI works against it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndTest {
  static final Duration LIMIT = Duration.ofSeconds(90);

  Path dir;
  ArgosyServer server;
  Http http;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    dir = tmp;
    Path fleet = dir.resolve("fleet.yaml");
    Files.copy(Path.of(EndToEndTest.class.getResource("/e2e/fleet.yaml").toURI()), fleet);
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

  JsonNode job(String name) {
    return http.get("/v1/jobs/default/" + name).json();
  }

  JsonNode awaitState(String name, String state) {
    return Eventually.await(name + " " + state, LIMIT, () -> job(name), j -> state.equals(j.path("state").asText()));
  }

  static String batch(String name, int pods, String limits, String extra) {
    return """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: %s
          annotations: {sim.argosy.io/runtime-seconds: "20"}
        spec:
          parallelism: %d
          completions: %d
          template:
            spec:
              restartPolicy: Never
        %s
              containers:
                - name: main
                  image: busybox
                  resources:
                    limits: {%s}
        """.formatted(name, pods, pods, extra, limits);
  }

  static String volcano(String name, String task, int pods, String limits) {
    return volcano(name, task, pods, limits, "");
  }

  static String volcano(String name, String task, int pods, String limits, String extra) {
    return """
        apiVersion: batch.volcano.sh/v1alpha1
        kind: Job
        metadata:
          name: %s
          annotations: {sim.argosy.io/runtime-seconds: "20"}
        spec:
          minAvailable: %d
          schedulerName: volcano
          tasks:
            - replicas: %d
              name: %s
              template:
                spec:
                  restartPolicy: Never
        %s
                  containers:
                    - name: main
                      image: busybox
                      resources:
                        limits: {%s}
        """.formatted(name, pods, pods, task, extra, limits);
  }

  @Test
  void jobsOfEveryAcceleratorKindLandOnTheExpectedClustersAndNodesAndSucceed() {
    record Case(String name, String yaml, String cluster, String nodePrefix, String deviceText) {}
    List<Case> cases = List.of(
        new Case("whole-a100", volcano("whole-a100", "trainer", 2, "nvidia.com/gpu: 4, cpu: '8', memory: 32Gi",
            "          nodeSelector: {nvidia.com/gpu.product: NVIDIA-A100-SXM4-80GB}"),
            "nv-east", "a100-", "4 x A100-80GB"),
        new Case("mig-mixed", batch("mig-mixed", 2, "nvidia.com/mig-3g.40gb: 1, cpu: '2', memory: 8Gi", ""),
            "nv-east", "h100-mig-", "H100-80GB mig-3g.40gb"),
        new Case("mig-single", batch("mig-single", 1, "nvidia.com/gpu: 2, cpu: '2', memory: 8Gi",
            "      nodeSelector: {nvidia.com/mig.strategy: single}"), "nv-west", "a100-mig-", "A100-40GB"),
        new Case("vgpu-share", batch("vgpu-share", 3,
            "nvidia.com/gpu: 1, nvidia.com/gpumem: 10000, nvidia.com/gpucores: 30, cpu: '1', memory: 4Gi", ""),
            "nv-west", "l40s-vgpu-", "L40S 10000MiB/30%"),
        new Case("ascend-whole", volcano("ascend-whole", "worker", 1, "huawei.com/Ascend910: 8, cpu: '16', memory: 64Gi"),
            "cn-north", "ascend910-", "8 x Ascend910"),
        new Case("ascend-vnpu", batch("ascend-vnpu", 2, "huawei.com/Ascend310P-2c: 1, cpu: '1', memory: 2Gi", ""),
            "cn-north", "ascend310p-", "Ascend310P"),
        new Case("cambricon", batch("cambricon", 1, "cambricon.com/mlu: 2, cpu: '4', memory: 8Gi", ""),
            "cn-north", "mlu370-", "2 x MLU370-X8"),
        new Case("metax", batch("metax", 1, "metax-tech.com/gpu: 4, cpu: '4', memory: 8Gi", ""),
            "cn-north", "metax-", "4 x C500"));
    StringBuilder all = new StringBuilder();
    for (Case c : cases) {
      all.append(c.yaml()).append("---\n");
    }
    all.append(batch("cpu-only", 2, "cpu: '2', memory: 2Gi", ""));
    Http.Response r = http.submit(all.toString());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.json().path("objects")).hasSize(cases.size() + 1)
        .allSatisfy(o -> assertThat(o.path("result").asText()).isEqualTo("created"));

    for (Case c : cases) {
      JsonNode j = awaitState(c.name(), "Succeeded");
      assertThat(j.path("clusters")).as(c.name()).extracting(JsonNode::asText).containsExactly(c.cluster());
      for (JsonNode pod : j.path("placement")) {
        assertThat(pod.path("node").asText()).as(c.name()).startsWith(c.nodePrefix());
        assertThat(pod.path("accelerators").asText()).as(c.name()).contains(c.deviceText());
        assertThat(pod.path("phase").asText()).isEqualTo("Succeeded");
        Pod real = server.fleet().cluster(c.cluster()).client().pods().inNamespace("default")
            .withName(pod.path("name").asText()).get();
        assertThat(real).as("pod %s exists in %s", pod.path("name").asText(), c.cluster()).isNotNull();
        assertThat(real.getSpec().getNodeName()).isEqualTo(pod.path("node").asText());
        assertThat(real.getStatus().getPhase()).isEqualTo("Succeeded");
      }
      List<String> states = new ArrayList<>();
      j.path("history").forEach(h -> states.add(h.path("to").asText()));
      assertThat(states).as(c.name()).startsWith("Pending", "Admitted", "Bound").endsWith("Succeeded");
    }
    awaitState("cpu-only", "Succeeded");
  }

  @Test
  void pendingReasonsNameTheMissingResourcePerCluster() {
    Http.Response r = http.submit(batch("wants-7g", 1, "nvidia.com/mig-7g.80gb: 1, cpu: '1', memory: 1Gi", ""));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    JsonNode j = Eventually.await("pending reasons", LIMIT, () -> job("wants-7g"),
        x -> x.path("pendingReasons").toString().contains("cluster"));
    assertThat(j.path("state").asText()).isEqualTo("Pending");
    String reasons = j.path("pendingReasons").toString();
    assertThat(reasons).contains("nv-east", "nv-west", "cn-north").contains("nvidia.com/mig-7g.80gb");
    Cli.Run d = Cli.run("describe", "job", "default/wants-7g", "--server", server.url());
    assertThat(d.exit()).as(d.err()).isZero();
    assertThat(d.out()).contains("Why pending:").contains("nvidia.com/mig-7g.80gb").contains("nv-east");
    assertThat(http.delete("/v1/jobs/default/wants-7g").status()).isEqualTo(200);
    assertThat(http.get("/v1/jobs/default/wants-7g").status()).isEqualTo(404);
  }

  @Test
  void badInputGets4xxWithAJsonErrorNamingTheFieldAndTheServerKeepsServing() {
    Http.Response malformed = http.submit("apiVersion: batch/v1\nkind: Job\nmetadata: {name: [unclosed\n");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().path("error").asText()).startsWith("document 0");

    // (ConfigMaps are accepted now: they travel with the jobs that reference them)
    Http.Response unknownKind = http.submit("apiVersion: v1\nkind: ReplicationController\nmetadata: {name: settings}\n");
    assertThat(unknownKind.status()).isEqualTo(422);
    assertThat(unknownKind.json().path("field").asText()).isEqualTo("kind");
    assertThat(unknownKind.json().path("error").asText()).contains("ReplicationController");

    Http.Response cores = http.submit(batch("too-many-cores", 1, "nvidia.com/gpu: 1, nvidia.com/gpucores: 150", ""));
    assertThat(cores.status()).isEqualTo(422);
    assertThat(cores.json().path("field").asText()).contains("nvidia.com/gpucores");
    assertThat(cores.json().path("reason").asText()).contains("150");

    Http.Response fraction = http.submit(batch("half-gpu", 1, "nvidia.com/gpu: '0.5'", ""));
    assertThat(fraction.status()).isEqualTo(422);
    assertThat(fraction.json().path("field").asText()).contains("nvidia.com/gpu");

    byte[] big = new byte[5 * 1024 * 1024];
    java.util.Arrays.fill(big, (byte) '#');
    Http.Response oversized = http.post("/v1/jobs", "application/yaml", big);
    assertThat(oversized.status()).isEqualTo(413);
    assertThat(oversized.json().path("error").asText()).contains("4 MiB");

    String noQueue = volcano("no-queue", "t", 1, "cpu: '1'").replace("schedulerName: volcano", "queue: nope");
    Http.Response unknownQueue = http.submit(noQueue);
    assertThat(unknownQueue.status()).isEqualTo(422);
    assertThat(unknownQueue.json().path("field").asText()).isEqualTo("spec.queue");
    assertThat(unknownQueue.json().path("error").asText()).contains("queue nope does not exist");

    Http.Response noClass = http.submit(batch("no-class", 1, "cpu: '1'", "      priorityClassName: platinum"));
    assertThat(noClass.status()).isEqualTo(422);
    assertThat(noClass.json().path("field").asText()).contains("priorityClassName");

    Http.Response small = http.submit("""
        apiVersion: scheduling.volcano.sh/v1beta1
        kind: Queue
        metadata: {name: small}
        spec: {capability: {nvidia.com/gpu: 4}}
        ---
        """ + volcano("too-big", "t", 2, "nvidia.com/gpu: 4").replace("schedulerName: volcano", "queue: small"));
    assertThat(small.status()).isEqualTo(422);
    assertThat(small.json().path("field").asText()).isEqualTo("spec.queue");
    assertThat(small.json().path("error").asText()).contains("could never be admitted");

    Http.Response badType = http.post("/v1/jobs", "image/png", "x");
    assertThat(badType.status()).isEqualTo(415);

    Http.Response badQuota = http.post("/v1/queues/default/quota", "application/json", "{}");
    assertThat(badQuota.status()).isEqualTo(404);
    Http.Response badQuantity = send("PATCH", "/v1/queues/default/quota", "{\"capability\": {\"nvidia.com/gpu\": \"lots\"}}");
    assertThat(badQuantity.status()).isEqualTo(422);
    assertThat(badQuantity.json().path("field").asText()).isEqualTo("capability[nvidia.com/gpu]");

    String first = batch("idempotent", 1, "cpu: '1'", "");
    assertThat(http.submit(first).status()).isEqualTo(201);
    Http.Response again = http.submit(first);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().path("objects").get(0).path("result").asText()).isEqualTo("unchanged");
    Http.Response changed = http.submit(first.replace("cpu: '1'", "cpu: '2'"));
    assertThat(changed.status()).isEqualTo(409);
    assertThat(changed.json().path("field").asText()).isEqualTo("metadata.name");

    assertThat(http.get("/healthz").status()).isEqualTo(200);
    assertThat(http.get("/readyz").status()).isEqualTo(200);
    assertThat(http.get("/v1/nothing").status()).isEqualTo(404);
    assertThat(http.submit(batch("after-errors", 1, "cpu: '1'", "")).status()).isEqualTo(201);
    awaitState("after-errors", "Succeeded");
  }

  private Http.Response send(String method, String path, String body) {
    try {
      var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create(server.url() + path)).header("Content-Type", "application/json")
          .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      return new Http.Response(r.statusCode(), r.body());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void theCliWorksAgainstTheServer() throws Exception {
    String url = server.url();
    Path file = dir.resolve("cli-job.yaml");
    Files.writeString(file, batch("cli-job", 2, "nvidia.com/gpu: 1, cpu: '1', memory: 1Gi", ""));
    Cli.Run submit = Cli.run("submit", "-f", file.toString(), "--server", url);
    assertThat(submit.exit()).as(submit.err()).isZero();
    assertThat(submit.out()).contains("Job", "default/cli-job", "created");
    awaitState("cli-job", "Succeeded");

    Cli.Run jobs = Cli.run("get", "jobs", "--server", url, "-o", "json");
    assertThat(jobs.exit()).isZero();
    JsonNode items = io.argosy.core.json.Json.mapper().readTree(jobs.out()).path("items");
    assertThat(StreamSupport.stream(items.spliterator(), false).map(j -> j.path("name").asText())).contains("cli-job");

    Cli.Run table = Cli.run("get", "jobs", "--server", url, "--state", "Succeeded");
    assertThat(table.out().lines().findFirst().orElseThrow()).startsWith("NAME").contains("STATE", "CLUSTER");
    assertThat(table.out().lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(120));
    assertThat(table.out()).contains("default/cli-job");

    Cli.Run describe = Cli.run("describe", "job", "default/cli-job", "--server", url);
    assertThat(describe.out()).contains("State:     Succeeded").contains("Placement:").contains("History:")
        .contains("Pending", "Admitted", "Bound", "Running");

    Cli.Run clusters = Cli.run("get", "clusters", "--server", url);
    assertThat(clusters.out()).contains("nv-east", "nv-west", "cn-north").contains("Push").contains("A100-80GB");

    Cli.Run set = Cli.run("quota", "set", "default", "--capability", "nvidia.com/gpu=12", "--capability", "cpu=200",
        "--server", url);
    assertThat(set.exit()).as(set.err()).isZero();
    Cli.Run get = Cli.run("quota", "get", "default", "--server", url, "-o", "json");
    JsonNode q = io.argosy.core.json.Json.mapper().readTree(get.out());
    assertThat(q.path("capability").path("nvidia.com/gpu").asLong()).isEqualTo(12);
    assertThat(q.path("capability").path("cpu").asLong()).isEqualTo(200_000);
    Cli.Run remove = Cli.run("quota", "set", "default", "--remove", "capability:nvidia.com/gpu", "--remove",
        "capability:cpu", "--server", url);
    assertThat(remove.exit()).as(remove.err()).isZero();

    Cli.Run capacity = Cli.run("capacity", "--server", url, "-o", "json");
    JsonNode cap = io.argosy.core.json.Json.mapper().readTree(capacity.out());
    assertThat(cap.path("clusters")).hasSize(3);
    assertThat(Cli.run("capacity", "--server", url, "-o", "html").out()).startsWith("<!DOCTYPE html>").contains("nv-east");
    assertThat(Cli.run("capacity", "--server", url).out()).contains("ACCELERATOR").contains("Ascend910");

    Cli.Run missing = Cli.run("describe", "job", "default/nope", "--server", url);
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err().strip()).isEqualTo("describe: job default/nope does not exist");
    Cli.Run badFile = Cli.run("submit", "-f", dir.resolve("absent.yaml").toString(), "--server", url);
    assertThat(badFile.exit()).isEqualTo(2);
    assertThat(badFile.err()).contains("no such file").doesNotContain("\tat ");
    Cli.Run invalid = Cli.run("submit", "-f", writeBad(), "--server", url);
    assertThat(invalid.exit()).isEqualTo(2);
    assertThat(invalid.err().strip()).contains("nvidia.com/gpucores").doesNotContain("\n");
    Cli.Run unreachable = Cli.run("get", "jobs", "--server", "http://127.0.0.1:1");
    assertThat(unreachable.exit()).isEqualTo(1);
    assertThat(unreachable.err()).contains("cannot reach the Argosy server");

    Cli.Run delete = Cli.run("delete", "job", "default/cli-job", "--server", url);
    assertThat(delete.exit()).isZero();
    assertThat(delete.out()).contains("job default/cli-job deleted (Succeeded)");
  }

  private String writeBad() throws Exception {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(f, batch("bad-cores", 1, "nvidia.com/gpu: 1, nvidia.com/gpucores: 150", ""));
    return f.toString();
  }

  @Test
  void aCordonedClusterGetsNoNewWorkAndCancelWithdrawsPods() {
    assertThat(http.post("/v1/clusters/cn-north/cordon", "application/json", "").status()).isEqualTo(200);
    assertThat(http.submit(batch("metax-wait", 1, "metax-tech.com/gpu: 1, cpu: '1', memory: 1Gi", "")).status())
        .isEqualTo(201);
    JsonNode pending = Eventually.await("cordon reason", LIMIT, () -> job("metax-wait"),
        j -> j.path("pendingReasons").toString().contains("cn-north"));
    assertThat(pending.path("pendingReasons").toString()).contains("cluster.argosy.io/unschedulable");
    assertThat(http.get("/v1/clusters/cn-north").json().path("cordoned").asBoolean()).isTrue();
    assertThat(http.post("/v1/clusters/cn-north/uncordon", "application/json", "").status()).isEqualTo(200);
    awaitState("metax-wait", "Succeeded");

    String longJob = batch("long-metax", 1, "metax-tech.com/gpu: 2, cpu: '1', memory: 1Gi", "")
        .replace("\"20\"", "\"3600\"");
    assertThat(http.submit(longJob).status()).isEqualTo(201);
    JsonNode running = awaitState("long-metax", "Running");
    String pod = running.path("placement").get(0).path("name").asText();
    Http.Response cancel = http.post("/v1/jobs/default/long-metax/cancel", "application/json", "");
    assertThat(cancel.status()).isEqualTo(200);
    assertThat(cancel.json().path("state").asText()).isEqualTo("Cancelled");
    Eventually.await("pod " + pod + " withdrawn", LIMIT,
        () -> server.fleet().cluster("cn-north").client().pods().inNamespace("default").withName(pod).get(),
        p -> p == null);
  }

  @Test
  void ttlSecondsAfterFinishedRemovesAFinishedJobsPodsOnlyWhenSet() {
    String kept = batch("kept", 1, "cpu: '1'", "");
    String cleaned = batch("cleaned", 1, "cpu: '1'", "").replace("  parallelism:", "  ttlSecondsAfterFinished: 0\n  parallelism:");
    assertThat(http.submit(kept).status()).isEqualTo(201);
    assertThat(http.submit(cleaned).status()).isEqualTo(201);
    for (String name : List.of("kept", "cleaned")) {
      JsonNode done = awaitState(name, "Succeeded");
      String cluster = done.path("clusters").get(0).asText();
      String pod = done.path("placement").get(0).path("name").asText();
      var pods = server.fleet().cluster(cluster).client().pods().inNamespace("default");
      if (name.equals("cleaned")) {
        Eventually.await("pod " + pod + " deleted after its job finished", LIMIT, () -> pods.withName(pod).get(), p -> p == null);
      } else {
        assertThat(pods.withName(pod).get()).as("pod of a job without ttlSecondsAfterFinished").isNotNull();
      }
      assertThat(job(name).path("state").asText()).as("the job stays Succeeded").isEqualTo("Succeeded");
    }
  }

  @Test
  void metricsAreServedInPrometheusFormat() {
    assertThat(http.submit(batch("metered", 1, "cpu: '1'", "")).status()).isEqualTo(201);
    awaitState("metered", "Succeeded");
    String m = http.get("/metrics").body();
    assertThat(m).contains("# TYPE argosy_submit_to_bind_seconds histogram", "# TYPE argosy_submit_to_running_seconds histogram",
        "argosy_submit_to_bind_seconds_bucket{le=\"0.05\"}",
        "# TYPE argosy_scheduling_cycle_seconds histogram", "argosy_queue_pending_jobs{queue=\"default\"}",
        "argosy_placements_total{cluster=", "argosy_preemptions_total", "argosy_jobs{state=\"Succeeded\"}",
        "argosy_submissions_total{result=\"created\"}", "argosy_clusters{ready=\"true\"} 3");
    for (String line : m.split("\n")) {
      if (!line.startsWith("#")) {
        assertThat(line).matches("argosy_[a-z_]+(\\{[^}]*\\})? -?[0-9.e+-]+");
      }
    }
  }
}
