package io.argosy.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.core.json.Json;
import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.demand.DemandParser;
import io.argosy.queue.manifest.ManifestException;
import io.argosy.queue.manifest.ManifestParser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every case of the bad-input corpus: the manifest parser answers with a parse error (or a value)
 * and nothing else, within its deadline; the API answers 4xx with a JSON error naming what is
 * wrong, never 5xx, never silence; afterwards the server still serves and accepts a good job.
 */
class BadInputCorpusTest {
  static final long PARSE_DEADLINE_MS = 5_000;
  static final Duration API_DEADLINE = Duration.ofSeconds(20);

  @TempDir Path dir;

  @Test
  void theParserAnswersEveryCaseWithAParseErrorInTime() {
    ManifestParser parser = new ManifestParser(new DemandParser(Catalog.builtin()));
    Map<String, String> corpus = BadInput.corpus();
    warmUp(parser);
    try (Outcomes o = new Outcomes(PARSE_DEADLINE_MS, t -> t instanceof ManifestException)) {
      // big inputs get more time: parsing 4 MiB is bounded work, slow only on a loaded machine
      corpus.forEach((name, text) -> o.run(name, text, () -> parser.parse(text), text.length() > 512 * 1024 ? 4 : 1));
      assertThat(o.cases()).isGreaterThan(50);
      assertThat(o.failures()).as("cases that crashed or hung the parser").isEmpty();
    }
    try (Outcomes o = new Outcomes(PARSE_DEADLINE_MS * 4, t -> t instanceof ManifestException)) {
      BadInput.stress().forEach((name, text) -> o.run(name, text, () -> parser.parse(text)));
      assertThat(o.failures()).as("large requests that crashed or hung the parser").isEmpty();
    }
  }

  @Test
  void theApiRefusesEveryCaseWith4xxAndKeepsServing() throws Exception {
    try (FuzzServer s = new FuzzServer(dir.resolve("data"))) {
      StringBuilder failures = new StringBuilder();
      BadInput.corpus().forEach((name, text) -> {
        FuzzServer.Answer a = s.submit(text, API_DEADLINE);
        if (a.status() < 400 || a.status() >= 500) {
          failures.append(name).append(": ").append(a.status()).append(' ').append(Outcomes.abbreviate(a.body())).append('\n');
        } else if (!hasJsonError(a.body())) {
          failures.append(name).append(": ").append(a.status()).append(" without a JSON error: ")
              .append(Outcomes.abbreviate(a.body())).append('\n');
        }
      });
      BadInput.stress().forEach((name, text) -> {
        FuzzServer.Answer a = s.submit(text, API_DEADLINE.multipliedBy(3));
        if (a.status() < 0 || a.status() >= 500) {
          failures.append(name).append(": ").append(a.status()).append(' ').append(Outcomes.abbreviate(a.body())).append('\n');
        }
      });
      assertThat(failures.toString()).as("cases not refused with 4xx and a JSON error").isEmpty();
      assertThat(s.send("GET", "/healthz", null, null, API_DEADLINE).status()).isEqualTo(200);
      assertThat(s.submit(BadInput.job("still-serving", ""), API_DEADLINE).status()).isEqualTo(201);
    }
  }

  /** Loads the parser's classes first, so that no case's deadline pays for class loading. */
  static void warmUp(ManifestParser parser) {
    for (int i = 0; i < 3; i++) {
      parser.parse(BadInput.job("warm-up", "") + "---\n" + "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\":"
          + " {\"name\": \"p\"}, \"spec\": {\"containers\": [{\"name\": \"c\", \"image\": \"b\"}]}}");
    }
  }

  static boolean hasJsonError(String body) {
    try {
      return Json.mapper().readTree(body).path("error").isTextual();
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
