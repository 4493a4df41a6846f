package io.argosy.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code argosy simulate} in-process on examples/simulate and on broken inputs. */
class SimulateCommandTest {
  private static final Path EXAMPLES = Path.of(System.getProperty("argosy.root", "..")).resolve("examples/simulate");
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static JsonNode example() throws IOException {
    Run r = run("simulate", "--fleet", EXAMPLES.resolve("fleet.yaml").toString(), "--jobs",
        EXAMPLES.resolve("jobs.yaml").toString(), "-o", "json");
    assertThat(r.exit()).as(r.err()).isZero();
    return JSON.readTree(r.out());
  }

  private static JsonNode find(JsonNode list, String job) {
    for (JsonNode n : list) {
      if (n.path("job").asText().equals(job)) {
        return n;
      }
    }
    throw new AssertionError(job + " not in " + list);
  }

  @Test
  void bindingsNameClusterPodsNodesAndDevices() throws IOException {
    JsonNode j = example();
    JsonNode urgent = find(j.path("bindings"), "default/urgent-finetune");
    assertThat(urgent.path("cluster").asText()).isEqualTo("gpu-a");
    assertThat(urgent.path("pods")).hasSize(1);
    assertThat(urgent.path("pods").get(0).path("name").asText()).isEqualTo("urgent-finetune-worker-0");
    assertThat(urgent.path("pods").get(0).path("devices")).hasSize(8);
    JsonNode serve = find(j.path("bindings"), "default/serve");
    assertThat(serve.path("cluster").asText()).isEqualTo("gpu-b"); // tolerates gpu-b's taint through its policy
    List<String> devices = new ArrayList<>();
    serve.path("pods").forEach(p -> p.path("devices").forEach(d -> devices.add(d.asText())));
    assertThat(devices).hasSize(4).doesNotHaveDuplicates().allMatch(d -> d.startsWith("h100-0/gpu-"));
    assertThat(find(j.path("bindings"), "default/pangu").path("cluster").asText()).isEqualTo("npu-c");
    assertThat(j.path("preempted")).isEmpty();
    assertThat(j.path("cycles").asInt()).isEqualTo(1);
  }

  @Test
  void pendingJobsCarryVolcanoStyleReasonsPerCluster() throws IOException {
    JsonNode reasons = find(example().path("pending"), "default/too-big").path("reasons");
    List<String> lines = new ArrayList<>();
    reasons.forEach(r -> lines.add(r.asText()));
    assertThat(lines).containsExactly(
        "cluster gpu-a: 4/4 tasks in gang unschedulable: gang needs 32 nvidia.com/gpu, cluster has 8 free",
        "cluster gpu-b: taint dedicated=inference:NoSchedule not tolerated",
        "cluster npu-c: 4/4 tasks in gang unschedulable: no nvidia.com/gpu on 2 nodes");
  }

  @Test
  void preemptionsAreListed(@TempDir Path dir) throws IOException {
    Path fleet = dir.resolve("fleet.yaml");
    Files.writeString(fleet, """
        clusters:
          - name: only
            nodes:
              - {namePrefix: a100, count: 1, accelerator: {vendor: nvidia, model: A100-80GB, count: 8}}
        """);
    Path jobs = dir.resolve("jobs.yaml");
    Files.writeString(jobs, """
        apiVersion: scheduling.volcano.sh/v1beta1
        kind: Queue
        metadata: {name: alpha}
        spec: {deserved: {nvidia.com/gpu: 4}}
        ---
        apiVersion: scheduling.volcano.sh/v1beta1
        kind: Queue
        metadata: {name: beta}
        spec: {deserved: {nvidia.com/gpu: 4}}
        ---
        apiVersion: batch.volcano.sh/v1alpha1
        kind: Job
        metadata: {name: b-wide}
        spec:
          queue: alpha
          minAvailable: 1
          tasks:
          - name: w
            replicas: 1
            template: {spec: {containers: [{name: w, image: x, resources: {limits: {nvidia.com/gpu: 8}}}]}}
        ---
        apiVersion: batch.volcano.sh/v1alpha1
        kind: Job
        metadata: {name: a-small}
        spec:
          queue: beta
          minAvailable: 1
          tasks:
          - name: w
            replicas: 1
            template: {spec: {containers: [{name: w, image: x, resources: {limits: {nvidia.com/gpu: 4}}}]}}
        """);
    Run r = run("simulate", "--fleet", fleet.toString(), "--jobs", jobs.toString(), "-o", "json");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode j = JSON.readTree(r.out());
    assertThat(j.path("cycles").asInt()).isEqualTo(2);
    JsonNode evicted = j.path("preempted");
    assertThat(evicted).hasSize(1);
    assertThat(evicted.get(0).path("job").asText()).isEqualTo("default/b-wide");
    assertThat(evicted.get(0).path("by").asText()).isEqualTo("default/a-small");
    assertThat(evicted.get(0).path("kind").asText()).isEqualTo("reclaim");
    assertThat(find(j.path("bindings"), "default/a-small").path("cluster").asText()).isEqualTo("only");
    assertThat(find(j.path("pending"), "default/b-wide").path("reasons")).isNotEmpty();
  }

  @Test
  void textOutputListsBoundAndPendingJobs() {
    Run r = run("simulate", "--fleet", EXAMPLES.resolve("fleet.yaml").toString(), "--jobs",
        EXAMPLES.resolve("jobs.yaml").toString());
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("BOUND    default/serve -> cluster gpu-b (2 pods)")
        .contains("PENDING  default/too-big")
        .contains("  cluster gpu-b: taint dedicated=inference:NoSchedule not tolerated");
  }

  @Test
  void invalidInputExitsTwoWithOneLine(@TempDir Path dir) throws IOException {
    Path badFleet = dir.resolve("fleet.yaml");
    Files.writeString(badFleet, "clusters:\n  - name: x\n    nodes:\n      - {namePrefix: n, accelerator: {vendor: acme, model: Z}}\n");
    Run r = run("simulate", "--fleet", badFleet.toString(), "--jobs", EXAMPLES.resolve("jobs.yaml").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("simulate: " + badFleet + ": clusters[0].nodes[0].accelerator.vendor: unknown vendor 'acme'")
        .doesNotContain("\n");

    Path badJobs = dir.resolve("jobs.yaml");
    Files.writeString(badJobs, """
        apiVersion: batch.volcano.sh/v1alpha1
        kind: Job
        metadata: {name: broken}
        spec:
          tasks:
          - name: w
            replicas: 1
            template: {spec: {containers: [{name: w, image: x, resources: {limits: {nvidia.com/gpucores: 120}}}]}}
        """);
    r = run("simulate", "--fleet", EXAMPLES.resolve("fleet.yaml").toString(), "--jobs", badJobs.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("simulate: " + badJobs + ": document 0").contains("gpucores").doesNotContain("\n");

    r = run("simulate", "--fleet", dir.resolve("missing.yaml").toString(), "--jobs", badJobs.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("simulate: " + dir.resolve("missing.yaml") + ": no such file");

    r = run("simulate", "--fleet", EXAMPLES.resolve("fleet.yaml").toString(), "--jobs",
        EXAMPLES.resolve("jobs.yaml").toString(), "--policy", "tight");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("simulate: --policy: must be binpack, spread, fragmentation or argosy, got 'tight'");
  }
}
