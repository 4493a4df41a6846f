package io.argosy.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argosy.core.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster-comparison settings of {@code /v1/policy}: defaults, validation naming the field, durability. */
class PolicyApiTest {
  static final Duration DEADLINE = Duration.ofSeconds(20);

  @TempDir Path dir;

  @Test
  void clusterComparisonIsValidatedStoredAndKeptAcrossARestart() throws Exception {
    Path data = dir.resolve("data");
    try (FuzzServer s = new FuzzServer(data)) {
      JsonNode p = policy(s);
      assertThat(p.path("clustersCompared").asInt()).isEqualTo(3);
      assertThat(p.path("firstFitBacklog").asInt()).isEqualTo(20_000);

      refused(s, "{\"clustersCompared\": 0}", "clustersCompared");
      refused(s, "{\"clustersCompared\": 21}", "clustersCompared");
      refused(s, "{\"firstFitBacklog\": -1}", "firstFitBacklog");
      assertThat(policy(s)).isEqualTo(p); // nothing of a refused request applied

      FuzzServer.Answer ok = s.send("PUT", "/v1/policy", "application/json",
          "{\"clustersCompared\": 1, \"firstFitBacklog\": 100}", DEADLINE);
      assertThat(ok.status()).as(ok.body()).isEqualTo(200);
      assertThat(policy(s).path("clustersCompared").asInt()).isEqualTo(1);
      assertThat(policy(s).path("preemption").asBoolean()).isTrue(); // the other fields stay as they were
    }
    try (FuzzServer s = new FuzzServer(data)) {
      JsonNode p = policy(s);
      assertThat(p.path("clustersCompared").asInt()).isEqualTo(1);
      assertThat(p.path("firstFitBacklog").asInt()).isEqualTo(100);
    }
  }

  private static JsonNode policy(FuzzServer s) throws Exception {
    FuzzServer.Answer a = s.send("GET", "/v1/policy", null, null, DEADLINE);
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    return Json.mapper().readTree(a.body());
  }

  private static void refused(FuzzServer s, String body, String field) throws Exception {
    FuzzServer.Answer a = s.send("PUT", "/v1/policy", "application/json", body, DEADLINE);
    assertThat(a.status()).as(a.body()).isBetween(400, 499);
    assertThat(Json.mapper().readTree(a.body()).path("field").asText()).isEqualTo(field);
  }
}
