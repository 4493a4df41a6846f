package io.argosy.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.gpu.InvalidSpecException;
import io.argosy.gpu.Quantities;
import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.demand.DemandParser;
import io.argosy.queue.manifest.ManifestException;
import io.argosy.queue.manifest.ManifestParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of the parsers and the API with mutated real manifests (examples/jobs and the
 * published peer examples in ../shared/peer-examples). Reproduce a run with
 * {@code -Dargosy.fuzz.seed=N}; widen it with {@code -Dargosy.fuzz.perSeed=N}. Counts are bounded so
 * that the suite stays well under a minute on CI.
 */
class ManifestFuzzTest {
  static final long SEED = Long.getLong("argosy.fuzz.seed", 20261205L);
  static final int PER_SEED = Integer.getInteger("argosy.fuzz.perSeed", 12);
  static final int API_CASES = Integer.getInteger("argosy.fuzz.apiCases", 150);
  static final Path ROOT = Path.of(System.getProperty("argosy.root", ".."));
  static final Path PEERS = Path.of(System.getProperty("argosy.shared", "../../shared"), "peer-examples");

  @TempDir Path dir;

  /** The seed manifests: name to text. */
  static Map<String, String> seeds() throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (Path d : List.of(ROOT.resolve("examples/jobs"), PEERS)) {
      if (!Files.isDirectory(d)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(d)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
          String text = Files.readString(f);
          try {
            Mutator.load(text);
            out.put(d.relativize(f).toString(), text);
          } catch (RuntimeException notYaml) {
            // a seed must be YAML to be mutated as a tree
          }
        }
      }
    }
    return out;
  }

  @Test
  void mutatedManifestsGetAValueOrAParseErrorNeverACrashOrAHang() throws IOException {
    ManifestParser parser = new ManifestParser(new DemandParser(Catalog.builtin()));
    Map<String, String> seeds = seeds();
    assertThat(seeds).as("examples/jobs at least").hasSizeGreaterThanOrEqualTo(8);
    BadInputCorpusTest.warmUp(parser);
    Mutator m = new Mutator(SEED);
    try (Outcomes o = new Outcomes(5_000, t -> t instanceof ManifestException)) {
      for (Map.Entry<String, String> s : seeds.entrySet()) {
        for (int i = 0; i < PER_SEED; i++) {
          String input = m.mutate(s.getValue());
          o.run(s.getKey() + "#" + i + " (seed " + SEED + ")", input, () -> parser.parse(input));
        }
      }
      assertThat(o.cases()).isGreaterThanOrEqualTo(8 * PER_SEED);
      assertThat(o.failures()).as("mutations that crashed or hung the parser").isEmpty();
    }
  }

  @Test
  void randomQuantitiesAreReadOrRefusedByName() {
    Random r = new Random(SEED);
    String[] suffixes = {"", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "e3", "e-3", "e99", "e999999",
        "e-999999", "E18", "x", "%", " "};
    try (Outcomes o = new Outcomes(2_000, t -> t instanceof InvalidSpecException)) {
      for (int i = 0; i < 3_000; i++) {
        String q = (r.nextInt(5) == 0 ? "-" : "") + number(r) + suffixes[r.nextInt(suffixes.length)];
        o.run("quantity '" + q + "'", q, () -> {
          var parsed = Quantities.parse(q, "f");
          long cpu = Quantities.cpuMilli(parsed, "f");
          long bytes = Quantities.bytes(parsed, "f");
          long count = Quantities.wholeCount(parsed, "f", "a count");
          long mib = Quantities.deviceMemoryMiB(parsed, "f", 1024);
          if (cpu < 0 || bytes < 0 || count < 0 || mib < 0) {
            throw new AssertionError("negative amount accepted: cpu " + cpu + " bytes " + bytes + " count " + count + " MiB " + mib);
          }
        });
      }
      assertThat(o.failures()).as("quantities that crashed, hung or wrapped around").isEmpty();
    }
  }

  private static String number(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> Integer.toString(r.nextInt(1000));
      case 1 -> Long.toString(Math.abs(r.nextLong()));
      case 2 -> "9".repeat(1 + r.nextInt(40));
      default -> r.nextInt(100) + "." + r.nextInt(1000);
    };
  }

  @Test
  void theApiAnswersMutatedManifestsBelow500AndKeepsServing() throws Exception {
    Map<String, String> seeds = seeds();
    List<String> names = new ArrayList<>(seeds.keySet());
    Mutator m = new Mutator(SEED + 1);
    List<String> failures = new ArrayList<>();
    try (FuzzServer s = new FuzzServer(dir.resolve("data"))) {
      for (int i = 0; i < API_CASES; i++) {
        String seed = names.get(m.random().nextInt(names.size()));
        String input = m.mutate(seeds.get(seed));
        FuzzServer.Answer a = s.submit(input, Duration.ofSeconds(20));
        if (a.status() < 0 || a.status() >= 500) {
          failures.add(seed + "#" + i + ": " + a.status() + " " + Outcomes.abbreviate(a.body()) + "\n    input: "
              + Outcomes.abbreviate(input));
        } else if (a.status() >= 400 && !BadInputCorpusTest.hasJsonError(a.body())) {
          failures.add(seed + "#" + i + ": " + a.status() + " without a JSON error");
        }
      }
      assertThat(failures).as("mutations answered 5xx or not at all (seed " + (SEED + 1) + ")").isEmpty();
      assertThat(s.send("GET", "/healthz", null, null, Duration.ofSeconds(20)).status()).isEqualTo(200);
      assertThat(s.send("GET", "/v1/jobs", null, null, Duration.ofSeconds(20)).status()).isEqualTo(200);
      assertThat(s.submit(BadInput.job("after-fuzz", ""), Duration.ofSeconds(20)).status()).isEqualTo(201);
    }
  }
}
