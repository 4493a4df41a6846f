package io.argosy.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code argosy fhpa simulate} in-process on examples/fhpa and on broken inputs. */
class FhpaSimulateCommandTest {
  private static final Path EXAMPLES = Path.of(System.getProperty("argosy.root", "..")).resolve("examples/fhpa");
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

  @Test
  void examplePrintsADecisionPerTickWithThePerClusterSplit() throws IOException {
    Run r = run("fhpa", "simulate", "--hpa", EXAMPLES.resolve("hpa.yaml").toString(), "--metrics",
        EXAMPLES.resolve("metrics.csv").toString(), "--fleet", EXAMPLES.resolve("fleet.yaml").toString(), "-o", "json");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode j = JSON.readTree(r.out());
    assertThat(j.path("hpa").asText()).isEqualTo("default/llm-serve");
    JsonNode d = j.path("decisions");
    assertThat(d).hasSize(14);
    assertThat(d.get(0).path("t").asLong()).isZero();
    assertThat(d.get(0).path("desiredReplicas").asInt()).isEqualTo(1);
    JsonNode peak = d.get(4);
    assertThat(peak.path("t").asLong()).isEqualTo(60);
    assertThat(peak.path("desiredReplicas").asInt()).isEqualTo(12); // maxReplicas
    assertThat(peak.path("reason").asText()).isEqualTo("cpu resource utilization (percentage of request) above target");
    int sum = 0;
    for (JsonNode n : peak.path("clusters")) {
      sum += n.asInt();
    }
    assertThat(sum).isEqualTo(12);
    assertThat(peak.path("clusters").fieldNames()).toIterable().containsExactly("east", "west", "edge");
    JsonNode last = d.get(d.size() - 1);
    assertThat(last.path("desiredReplicas").asInt()).isEqualTo(1);
    for (JsonNode tick : d) {
      int s = 0;
      for (JsonNode n : tick.path("clusters")) {
        s += n.asInt();
      }
      assertThat(s).as("t=%s", tick.path("t")).isEqualTo(tick.path("desiredReplicas").asInt());
    }
  }

  @Test
  void cronRuleRaisesTheFloorDuringBusinessHours() throws IOException {
    // 08:59:00 New York on a Monday: the "open" rule fires at t=60 and lifts minReplicas to 2
    Run r = run("fhpa", "simulate", "--hpa", EXAMPLES.resolve("hpa.yaml").toString(), "--metrics",
        EXAMPLES.resolve("metrics.csv").toString(), "--start", "2026-03-02T13:59:00Z", "-o", "json");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode d = JSON.readTree(r.out()).path("decisions");
    assertThat(d.get(3).path("minReplicas").asInt()).isEqualTo(1);
    assertThat(d.get(4).path("minReplicas").asInt()).isEqualTo(2);
    assertThat(d.get(d.size() - 1).path("desiredReplicas").asInt()).isEqualTo(2);
  }

  @Test
  void badInputIsOneLineAndExitTwo(@TempDir Path tmp) throws IOException {
    Path csv = tmp.resolve("m.csv");
    Files.writeString(csv, "t,metric,value\n0,cpu,lots\n");
    Run r = run("fhpa", "simulate", "--hpa", EXAMPLES.resolve("hpa.yaml").toString(), "--metrics", csv.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("fhpa simulate: " + csv + " line 2: value: 'lots' is not a number or quantity");
    Path hpa = tmp.resolve("hpa.yaml");
    Files.writeString(hpa, """
        apiVersion: autoscaling.karmada.io/v1alpha1
        kind: FederatedHPA
        metadata: {name: web}
        spec:
          scaleTargetRef: {kind: Deployment, name: web}
          maxReplicas: 4
          metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization}}}]
        """);
    r = run("fhpa", "simulate", "--hpa", hpa.toString(), "--metrics", EXAMPLES.resolve("metrics.csv").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("fhpa simulate: " + hpa
        + ": documents[0].spec.metrics[0].resource.target.averageUtilization: Required value for type Utilization");
    assertThat(r.err().strip().lines()).hasSize(1);
    r = run("fhpa", "simulate", "--hpa", tmp.resolve("missing.yaml").toString(), "--metrics", csv.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("no such file");
  }
}
