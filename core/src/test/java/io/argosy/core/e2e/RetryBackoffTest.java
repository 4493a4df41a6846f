package io.argosy.core.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argosy.agent.sim.SimOptions;
import io.argosy.core.control.ControlLoop;
import io.argosy.core.server.ArgosyServer;
import io.argosy.core.testing.Eventually;
import io.argosy.core.testing.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job whose pod fails for an infrastructure reason is retried within its maxRetry, each time
 * after a back-off that doubles (Kubernetes' Job back-off), with every retry in its history.
 */
class RetryBackoffTest {
  static final Duration LIMIT = Duration.ofSeconds(90);
  static final Duration BACKOFF = Duration.ofSeconds(2);

  @TempDir Path dir;

  @Test
  void aFailedJobIsRetriedAfterADoublingBackoffAndTheHistoryShowsEachRetry() throws Exception {
    Path fleet = dir.resolve("fleet.yaml");
    Files.writeString(fleet, """
        clusters:
          - name: only
            nodes: [{namePrefix: cpu, count: 1, cpu: "16", memory: 64Gi}]
        """);
    var cfg = ArgosyServer.Config.defaults(dir.resolve("data")).withPort(0)
        .withFleet(fleet, SimOptions.DEFAULT)
        .withLoop(ControlLoop.Options.DEFAULT.withRetryBackoff(BACKOFF));
    try (ArgosyServer server = ArgosyServer.start(cfg)) {
      Http http = new Http(server.url());
      Eventually.await("a ready cluster", LIMIT, () -> http.get("/v1/clusters").json(),
          j -> j.path("items").size() == 1 && j.path("items").get(0).path("ready").asBoolean());
      Http.Response r = http.submit("""
          apiVersion: batch.volcano.sh/v1alpha1
          kind: Job
          metadata: {name: flaky, annotations: {sim.argosy.io/runtime-seconds: "3600"}}
          spec:
            minAvailable: 1
            maxRetry: 2
            tasks:
              - name: main
                replicas: 1
                template:
                  spec:
                    restartPolicy: Never
                    containers:
                      - {name: main, image: busybox, resources: {limits: {cpu: "1", memory: 1Gi}}}
          """);
      assertThat(r.status()).as(r.body()).isEqualTo(201);
      var kubelet = server.fleet().cluster("only").kubelet();

      Instant[] failedAt = new Instant[3];
      for (int attempt = 1; attempt <= 3; attempt++) {
        int runs = attempt;
        Eventually.await("running, attempt " + attempt, LIMIT, () -> http.get("/v1/jobs/default/flaky").json(),
            j -> j.path("state").asText().equals("Running") && count(j, "Running") == runs);
        String pod = http.get("/v1/jobs/default/flaky").json().path("placement").get(0).path("name").asText();
        failedAt[attempt - 1] = Instant.now();
        kubelet.failPod("default", pod, "NodeLost");
        if (attempt < 3) {
          JsonNode requeued = Eventually.await("requeued after retry " + attempt, LIMIT,
              () -> http.get("/v1/jobs/default/flaky").json(), j -> count(j, "Pending") == runs + 1);
          Instant at = Instant.parse(last(requeued, "Pending").path("at").asText());
          Duration waited = Duration.between(failedAt[attempt - 1], at);
          // 2 s before the first retry, 4 s before the second
          assertThat(waited).as("back-off before retry " + attempt)
              .isGreaterThanOrEqualTo(BACKOFF.multipliedBy(1L << (attempt - 1)).minusMillis(200));
          assertThat(last(requeued, "Pending").path("reason").asText())
              .contains("restart " + attempt + " of 2").contains("after a back-off of " + (2 << (attempt - 1)) + "s");
        }
      }
      JsonNode failed = Eventually.await("failed after maxRetry", LIMIT, () -> http.get("/v1/jobs/default/flaky").json(),
          j -> j.path("state").asText().equals("Failed"));
      assertThat(failed.path("reason").asText()).contains("NodeLost");
      assertThat(count(failed, "Running")).isEqualTo(3);
      assertThat(http.get("/metrics").body()).contains("argosy_requeues_total{cause=\"pod-failed\"} 2");
    }
  }

  private static int count(JsonNode job, String to) {
    int n = 0;
    for (JsonNode t : job.path("history")) {
      n += t.path("to").asText().equals(to) ? 1 : 0;
    }
    return n;
  }

  private static JsonNode last(JsonNode job, String to) {
    JsonNode found = null;
    for (JsonNode t : job.path("history")) {
      if (t.path("to").asText().equals(to)) {
        found = t;
      }
    }
    return found;
  }
}
