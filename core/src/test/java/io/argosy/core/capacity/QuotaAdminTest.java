package io.argosy.core.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argosy.core.server.ArgosyServer;
import io.argosy.core.testing.Cli;
import io.argosy.core.testing.Http;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quota administration over REST and the CLI: validation messages (unknown names with suggestions,
 * a child's guarantee within its parent's), and the audit log, durable across a restart.
 */
class QuotaAdminTest {
  @TempDir Path dir;
  ArgosyServer server;
  Http http;

  @BeforeEach
  void start() throws Exception {
    startServer();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  void startServer() throws Exception {
    server = ArgosyServer.start(ArgosyServer.Config.defaults(dir.resolve("data")).withPort(0));
    http = new Http(server.url());
  }

  Http.Response patch(String queue, String json) {
    return http.patch("/v1/queues/" + queue + "/quota", json);
  }

  @Test
  void unknownResourceNamesAreRejectedWithSuggestions() {
    assertThat(http.put("/v1/queues/research", "{\"weight\": 1}").status()).isEqualTo(200);

    JsonNode typo = patch("research", "{\"capability\": {\"nvidia.com/gpus\": 8}}").json();
    assertThat(typo.path("status").asInt()).isEqualTo(422);
    assertThat(typo.path("field").asText()).isEqualTo("capability[nvidia.com/gpus]");
    assertThat(typo.path("reason").asText()).isEqualTo("unknown resource nvidia.com/gpus; did you mean nvidia.com/gpu?");

    JsonNode bare = patch("research", "{\"guarantee\": {\"gpu\": 8}}").json();
    assertThat(bare.path("field").asText()).isEqualTo("guarantee[gpu]");
    assertThat(bare.path("reason").asText()).startsWith("unknown resource gpu; did you mean ").contains("nvidia.com/gpu");

    JsonNode model = patch("research", "{\"capability\": {\"nvidia.com/gpu[H10O]\": 8}}").json();
    assertThat(model.path("field").asText()).isEqualTo("capability[nvidia.com/gpu[H10O]]");
    assertThat(model.path("reason").asText()).startsWith("no accelerator model is H10O or starts with it; did you mean ")
        .contains("nvidia.com/gpu[H100-80GB]");

    JsonNode profile = patch("research", "{\"capability\": {\"nvidia.com/mig-3g.41gb\": 2}}").json();
    assertThat(profile.path("reason").asText()).contains("did you mean nvidia.com/mig-3g.40gb");

    // the same check on a Volcano Queue submitted as a manifest, naming the document's field
    JsonNode manifest = http.submit("""
        apiVersion: scheduling.volcano.sh/v1beta1
        kind: Queue
        metadata: {name: typo}
        spec:
          capability: {nvidia.com/gpus: 4}
        """).json();
    assertThat(manifest.path("status").asInt()).isEqualTo(422);
    assertThat(manifest.path("field").asText()).isEqualTo("spec.capability[nvidia.com/gpus]");
    assertThat(manifest.path("reason").asText()).contains("did you mean nvidia.com/gpu?");
    assertThat(http.get("/v1/queues/typo").status()).isEqualTo(404);

    // known names of every kind pass: model-qualified, MIG, vNPU, share totals, core resources
    assertThat(patch("research", """
        {"capability": {"nvidia.com/gpu[H100]": 32, "nvidia.com/mig-3g.40gb": 4, "huawei.com/Ascend310P-2c": 8,
                        "nvidia.com/gpumem": 100000, "cpu": "256", "memory": "1Ti"}}""").status()).isEqualTo(200);
    // nothing was applied by the rejected requests
    assertThat(http.get("/v1/queues/research").json().path("capability").has("nvidia.com/gpus")).isFalse();

    Cli.Run cli = Cli.run("quota", "set", "research", "--server", server.url(), "--capability", "nvidia.com/gpus=4");
    assertThat(cli.exit()).isEqualTo(2);
    assertThat(cli.err().strip()).contains("capability[nvidia.com/gpus]").contains("did you mean nvidia.com/gpu?")
        .doesNotContain("\n");
  }

  @Test
  void aChildsGuaranteeCannotExceedItsParents() {
    assertThat(http.put("/v1/queues/eng", "{\"capability\": {\"nvidia.com/gpu\": 16}, \"guarantee\": {\"nvidia.com/gpu\": 8}}")
        .status()).isEqualTo(200);
    JsonNode over = http.put("/v1/queues/eng-a", "{\"parent\": \"eng\", \"guarantee\": {\"nvidia.com/gpu\": 12}}").json();
    assertThat(over.path("status").asInt()).isEqualTo(422);
    assertThat(over.path("field").asText()).isEqualTo("spec.guarantee.resource[nvidia.com/gpu]");
    assertThat(over.path("reason").asText()).isEqualTo("children of eng would have guarantee 12 in total, over eng's guarantee 8");

    assertThat(http.put("/v1/queues/eng-a", "{\"parent\": \"eng\", \"guarantee\": {\"nvidia.com/gpu\": 6}}").status())
        .isEqualTo(200);
    JsonNode raised = patch("eng-a", "{\"guarantee\": {\"nvidia.com/gpu\": 9}}").json();
    assertThat(raised.path("status").asInt()).isEqualTo(422);
    assertThat(raised.path("reason").asText()).contains("over eng's guarantee 8");
    // nor may the parent drop below what its children were promised
    JsonNode lowered = patch("eng", "{\"guarantee\": {\"nvidia.com/gpu\": 4}}").json();
    assertThat(lowered.path("status").asInt()).isEqualTo(422);
    assertThat(lowered.path("reason").asText()).isEqualTo("guarantee 4 is below the 6 its children have in total");
    assertThat(http.get("/v1/queues/eng-a").json().path("guarantee").path("nvidia.com/gpu").asLong()).isEqualTo(6);
  }

  @Test
  void quotaChangesAreAuditedDurablyAndShownByQuotaHistory() throws Exception {
    assertThat(http.put("/v1/queues/training", "{\"capability\": {\"nvidia.com/gpu\": 16}}").status()).isEqualTo(200);
    Cli.Run set = Cli.run("quota", "set", "training", "--server", server.url(), "--capability",
        "nvidia.com/gpu=32,nvidia.com/gpu[H100]=8", "--guarantee", "nvidia.com/gpu=4");
    assertThat(set.exit()).as(set.err()).isZero();
    // an unchanged re-apply and a rejected change leave no entry
    assertThat(http.put("/v1/queues/training", "{\"capability\": {\"nvidia.com/gpu\": 32, \"nvidia.com/gpu[H100]\": 8},"
        + " \"guarantee\": {\"nvidia.com/gpu\": 4}}").status()).isEqualTo(200);
    assertThat(patch("training", "{\"capability\": {\"nvidia.com/gpus\": 1}}").status()).isEqualTo(422);
    assertThat(http.put("/v1/queues/scratch", "{}").status()).isEqualTo(200);
    assertThat(http.delete("/v1/queues/scratch").status()).isEqualTo(200);

    JsonNode h = http.get("/v1/queues/training/quota/history").json().path("items");
    assertThat(h.size()).isEqualTo(2);
    assertThat(h.get(0).path("action").asText()).isEqualTo("configured");
    assertThat(h.get(0).path("who").asText()).isEqualTo("anonymous");
    assertThat(h.get(0).path("before").path("capability").path("nvidia.com/gpu").asLong()).isEqualTo(16);
    assertThat(h.get(0).path("after").path("capability").path("nvidia.com/gpu").asLong()).isEqualTo(32);
    assertThat(h.get(0).path("after").path("capability").path("nvidia.com/gpu[H100]").asLong()).isEqualTo(8);
    assertThat(h.get(1).path("action").asText()).isEqualTo("created");
    assertThat(h.get(1).has("before")).isFalse();
    JsonNode all = http.get("/v1/quota/history").json().path("items");
    assertThat(all.size()).isEqualTo(4);
    assertThat(all.get(0).path("queue").asText()).isEqualTo("scratch");
    assertThat(all.get(0).path("action").asText()).isEqualTo("deleted");

    String before = Cli.run("quota", "history", "--server", server.url()).out();
    server.close();
    server = null;
    startServer();
    Cli.Run history = Cli.run("quota", "history", "--server", server.url());
    assertThat(history.exit()).isZero();
    assertThat(history.out()).isEqualTo(before);
    assertThat(history.out()).containsPattern("training\\s+anonymous\\s+configured\\s+capability nvidia\\.com/gpu: 16 -> 32\n")
        .containsPattern("\\s+capability nvidia\\.com/gpu\\[H100\\]: - -> 8\n")
        .containsPattern("\\s+guarantee nvidia\\.com/gpu: - -> 4\n")
        .containsPattern("training\\s+anonymous\\s+created\\s+capability nvidia\\.com/gpu: - -> 16\n")
        .containsPattern("scratch\\s+anonymous\\s+deleted\\s+\\(no quota\\)\n");
    assertThat(history.out().lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(120));
    assertThat(Cli.run("quota", "history", "training", "--server", server.url(), "--limit", "1").out().lines()
        .filter(l -> l.contains("training")).count()).isEqualTo(1);

    Cli.Run get = Cli.run("quota", "get", "--server", server.url());
    assertThat(get.exit()).isZero();
    assertThat(get.out()).containsPattern("training\\s+-\\s+1\\s+0/0\\s+nvidia\\.com/gpu\\s+0\\s+\\S+\\s+4\\s+32\\s+0\n")
        .containsPattern("\\s+nvidia\\.com/gpu\\[H100\\]\\s+0\\s+\\S+\\s+-\\s+8\\s+0\n");
  }
}
