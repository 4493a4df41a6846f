package io.argosy.core.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The bad-input corpus: the files under {@code badinput/} and cases generated because they are large. */
final class BadInput {
  private BadInput() {}

  /** Name to request body, files first. */
  static Map<String, String> corpus() {
    Map<String, String> out = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(Path.of(BadInput.class.getResource("/badinput").toURI()))) {
      for (Path f : files.sorted().toList()) {
        String n = f.getFileName().toString();
        if (n.endsWith(".yaml") || n.endsWith(".json")) {
          out.put(n, Files.readString(f));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    out.putAll(generated());
    return out;
  }

  static Map<String, String> generated() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("gen:flow-nesting-100k", "[".repeat(100_000) + "]".repeat(100_000));
    out.put("gen:json-nesting-100k", "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000));
    out.put("gen:block-nesting-5k", blockNesting(5_000));
    out.put("gen:job-with-deep-annotations", job("deep-ann", "annotations: " + "{a: ".repeat(3_000) + "1" + "}".repeat(3_000)));
    out.put("gen:number-100k-digits", job("digits", "").replace("spec:\n", "spec:\n  parallelism: " + "9".repeat(100_000) + "\n"));
    out.put("gen:json-number-100k-digits", "{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"metadata\":{\"name\":\"d\"},\"spec\":"
        + "{\"parallelism\":" + "9".repeat(100_000) + "}}");
    out.put("gen:string-3mib-name", job("x" + "y".repeat(3 * 1024 * 1024), ""));
    out.put("gen:oversized-5mib", job("big", "annotations: {a: \"" + "z".repeat(5 * 1024 * 1024) + "\"}"));
    out.put("gen:alias-fanout-1000", aliasFanout(1000));
    out.put("gen:many-empty-documents", "---\n".repeat(200_000));
    out.put("gen:invalid-utf16", "\uFEFF\uD800\uDC00\uDFFF" + job("utf", ""));
    return out;
  }

  /**
   * Large but well-formed requests: they may be accepted; they must be answered (no 5xx, no hang)
   * and leave the server serving. SnakeYAML reads about 2 MB/s of flow collections on a quiet
   * machine, so the sizes stay well inside the deadlines even on a loaded CI runner.
   */
  static Map<String, String> stress() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("stress:20k-labels", job("keys", "labels: {" + String.join(", ", keys(20_000)) + "}"));
    out.put("stress:5k-containers", podWithContainers(5_000));
    out.put("stress:2k-documents", (BadInput.job("many", "") + "---\n").repeat(2_000).replace("name: many", "generateName: many-"));
    return out;
  }

  static String job(String name, String metadataExtra) {
    return "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: " + name + "\n"
        + (metadataExtra.isEmpty() ? "" : "  " + metadataExtra + "\n")
        + "spec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: c, image: busybox}]\n";
  }

  private static String blockNesting(int depth) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      b.append(" ".repeat(i)).append("k:\n");
    }
    return b.append(" ".repeat(depth)).append("v\n").toString();
  }

  private static List<String> keys(int n) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add("k" + i + ": v");
    }
    return out;
  }

  private static String podWithContainers(int n) {
    StringBuilder b = new StringBuilder("apiVersion: v1\nkind: Pod\nmetadata: {name: wide}\nspec:\n  containers:\n");
    for (int i = 0; i < n; i++) {
      b.append("  - {name: c").append(i).append(", image: b, resources: {limits: {nvidia.com/gpu: 1}}}\n");
    }
    return b.toString();
  }

  private static String aliasFanout(int n) {
    StringBuilder b = new StringBuilder("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: fan\n  labels: &l {a: b}\n"
        + "  annotations:\n");
    for (int i = 0; i < n; i++) {
      b.append("    k").append(i).append(": *l\n");
    }
    return b.append("spec: {}\n").toString();
  }
}
