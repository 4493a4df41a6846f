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

/** The acceptance cases of {@code argosy explain}, run in-process on the files in examples/explain. */
class ExplainCommandTest {
  private static final Path EXAMPLES = Path.of(System.getProperty("argosy.root", "..")).resolve("examples/explain");
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Run(int exit, String out, String err) {
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + out, e);
      }
    }
  }

  private static Run run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static JsonNode explain(String node, String pod) {
    Run r = run("explain", "--node", EXAMPLES.resolve(node).toString(), "--pod", EXAMPLES.resolve(pod).toString(), "-o", "json");
    assertThat(r.exit()).as(r.err()).isZero();
    return r.json();
  }

  private static List<JsonNode> grants(JsonNode j) {
    List<JsonNode> out = new ArrayList<>();
    j.path("assignment").path("containers").forEach(c -> c.path("grants").forEach(out::add));
    return out;
  }

  @Test
  void migMixedNodeWithSlicesInUseFitsA3g40gbAndNamesTheInstance() {
    JsonNode j = explain("a100-mig-mixed-node.yaml", "mig-3g40gb-pod.yaml");
    assertThat(j.path("fits").asBoolean()).isTrue();
    assertThat(j.path("reasons")).isEmpty();
    List<JsonNode> g = grants(j);
    assertThat(g).hasSize(1);
    assertThat(g.get(0).path("profile").asText()).isEqualTo("3g.40gb");
    String instance = g.get(0).path("partition").asText();
    assertThat(instance).matches("gpu-[67]/mig-3g\\.40gb-0");
    assertThat(j.path("assignment").path("containers").get(0).path("devices").get(0).asText())
        .isEqualTo("dgx-a100-07/" + instance.substring(0, instance.indexOf('/')));
    // the inventory shows the slices in use: 6 of 8 3g.40gb are taken
    int free3g = 0;
    int total3g = 0;
    for (JsonNode d : j.path("inventory").path("devices")) {
      assertThat(d.path("mode").asText()).isEqualTo("MIG_MIXED");
      for (JsonNode p : d.path("partitions")) {
        if (p.path("profile").asText().equals("3g.40gb")) {
          total3g++;
          free3g += p.path("free").asBoolean() ? 1 : 0;
        }
      }
    }
    assertThat(total3g).isEqualTo(8);
    assertThat(free3g).isEqualTo(2);
  }

  @Test
  void migMixedNodeRefusesA7g80gbNamingTheProfile() {
    JsonNode j = explain("a100-mig-mixed-node.yaml", "mig-7g80gb-pod.yaml");
    assertThat(j.path("fits").asBoolean()).isFalse();
    assertThat(j.path("assignment").isNull()).isTrue();
    assertThat(j.path("reasons")).hasSize(1);
    assertThat(j.path("reasons").get(0).asText()).contains("nvidia.com/mig-7g.80gb").startsWith("node offers no");
  }

  @Test
  void hamiNodeFitsTwoSharesOnTwoDifferentGpus() {
    JsonNode j = explain("hami-vgpu-a100-node.yaml", "vgpu-2x20000-pod.yaml");
    assertThat(j.path("fits").asBoolean()).isTrue();
    List<JsonNode> g = grants(j);
    assertThat(g).hasSize(2);
    assertThat(g.get(0).path("device").asText()).isNotEqualTo(g.get(1).path("device").asText());
    for (JsonNode grant : g) {
      assertThat(grant.path("share").path("memoryMiB").asLong()).isEqualTo(20000);
      assertThat(grant.path("share").path("cores").asInt()).isEqualTo(30);
    }
    assertThat(j.path("assignment").path("containers").get(0).path("devices")).hasSize(2);
    assertThat(j.path("inventory").path("devices")).hasSize(4);
    assertThat(j.path("inventory").path("devices").get(0).path("memoryMiB").path("free").asLong()).isEqualTo(40960 - 30000);
  }

  @Test
  void hamiNodeRefusesAnH100TypeNamingTheType() {
    JsonNode j = explain("hami-vgpu-a100-node.yaml", "vgpu-h100-pod.yaml");
    assertThat(j.path("fits").asBoolean()).isFalse();
    assertThat(j.path("reasons").get(0).asText()).contains("H100").contains("nvidia.com/gpu");
  }

  @Test
  void ascend310pNodeFitsThreeStaticVnpus() {
    JsonNode j = explain("ascend-310p-node.yaml", "ascend-310p-2c-pod.yaml");
    assertThat(j.path("fits").asBoolean()).isTrue();
    List<JsonNode> g = grants(j);
    assertThat(g).hasSize(3);
    assertThat(g).allSatisfy(x -> {
      assertThat(x.path("resource").asText()).isEqualTo("huawei.com/Ascend310P-2c");
      assertThat(x.path("profile").asText()).isEqualTo("2c");
    });
    assertThat(g.stream().map(x -> x.path("partition").asText()).distinct()).hasSize(3);
  }

  @Test
  void cambriconNodeFitsAFullSmluVcore() {
    JsonNode j = explain("cambricon-smlu-node.yaml", "cambricon-vcore-pod.yaml");
    assertThat(j.path("fits").asBoolean()).isTrue();
    List<JsonNode> g = grants(j);
    assertThat(g).hasSize(1);
    assertThat(g.get(0).path("cores").asInt()).isEqualTo(100);
    assertThat(g.get(0).path("exclusive").asBoolean()).isTrue();
    // the card already running a 40% share is not the one granted
    assertThat(g.get(0).path("device").asText()).isNotEqualTo("mlu-370-01/mlu-0");
  }

  @Test
  void textOutputIsReadableAndExitIsZeroEitherWay() {
    Run fits = run("explain", "--node", EXAMPLES.resolve("a100-mig-mixed-node.yaml").toString(),
        "--pod", EXAMPLES.resolve("mig-3g40gb-pod.yaml").toString());
    assertThat(fits.exit()).isZero();
    assertThat(fits.out()).contains("FITS").contains("instance gpu-");
    Run no = run("explain", "--node", EXAMPLES.resolve("a100-mig-mixed-node.yaml").toString(),
        "--pod", EXAMPLES.resolve("mig-7g80gb-pod.yaml").toString());
    assertThat(no.exit()).isZero();
    assertThat(no.out()).contains("DOES NOT FIT").contains("- node offers no nvidia.com/mig-7g.80gb");
  }

  @Test
  void invalidInputExitsTwoWithOneLine(@TempDir Path tmp) throws IOException {
    Path bad = tmp.resolve("pod.yaml");
    Files.writeString(bad, """
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: c
            resources: {limits: {nvidia.com/gpu: 1, nvidia.com/gpucores: 150}}
        """);
    Run r = run("explain", "--node", EXAMPLES.resolve("hami-vgpu-a100-node.yaml").toString(), "--pod", bad.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo("explain: spec.containers[0].resources.limits[nvidia.com/gpucores]: 150 is over 100");
    Run missing = run("explain", "--node", tmp.resolve("nope.yaml").toString(), "--pod", bad.toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err().strip()).endsWith("nope.yaml: no such file").doesNotContain("\n");
    Path notYaml = tmp.resolve("node.yaml");
    Files.writeString(notYaml, "kind: Node\n  : [ broken");
    Run broken = run("explain", "--node", notYaml.toString(), "--pod", bad.toString());
    assertThat(broken.exit()).isEqualTo(2);
    assertThat(broken.err()).startsWith("explain: ").contains("not valid YAML");
    Files.writeString(notYaml, "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n");
    Run noNode = run("explain", "--node", notYaml.toString(), "--pod", bad.toString());
    assertThat(noNode.exit()).isEqualTo(2);
    assertThat(noNode.err()).contains("no Node document");
  }
}
