package io.argosy.queue.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.demand.DemandParser;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Regressions found by core's fuzz test: each of these crashed, hung or was accepted before. */
class HostileManifestTest {
  final ManifestParser parser = new ManifestParser(new DemandParser(Catalog.builtin()));

  /** Jackson builds its fabric8 model deserializers on first use: seconds on a loaded machine, not the input's cost. */
  @org.junit.jupiter.api.BeforeEach
  void warmUp() {
    parser.parse(job("name: warm-up", ""));
  }

  static String job(String nameLine, String spec) {
    return "apiVersion: batch/v1\nkind: Job\nmetadata:\n  " + nameLine + "\nspec:\n" + spec
        + "  template:\n    spec:\n      containers: [{name: c, image: busybox}]\n";
  }

  void refused(String text, String field, String reason) {
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(() -> parser.parse(text))
        .isInstanceOf(ManifestException.class)
        .satisfies(e -> assertThat(((ManifestException) e).field()).isEqualTo(field))
        .hasMessageContaining(reason));
  }

  @Test
  void recursiveAliasesAndBadTagsAreParseErrors() {
    refused("apiVersion: batch/v1\nkind: Job\nmetadata: &m\n  name: loop\n  self: *m\n", "", "inside itself");
    refused("apiVersion: batch/v1\nkind: Job\nmetadata: !!binary not.base64\n", "", "invalid YAML");
  }

  @Test
  void nestingDocumentsAndWordsAreBounded() {
    refused("[".repeat(200) + "]".repeat(200), "", "nest");
    refused("{\"a\":".repeat(300) + "1" + "}".repeat(300), "", "nested deeper than");
    refused("---\n".repeat(Documents.MAX_DOCUMENTS + 1), "", "documents in one request");
    refused(job("name: " + "x".repeat(Documents.MAX_TOKEN_CHARS + 1), ""), "", "without a space");
  }

  @Test
  void podCountsAreCapped() {
    refused(job("name: wide", "  parallelism: 2000000000\n"), "spec.parallelism", "at most 100000");
    refused("""
        apiVersion: batch.volcano.sh/v1alpha1
        kind: Job
        metadata: {name: gang}
        spec:
          minAvailable: 1
          tasks:
            - {name: a, replicas: 60000, template: {spec: {containers: [{name: c, image: b}]}}}
            - {name: b, replicas: 60000, template: {spec: {containers: [{name: c, image: b}]}}}
        """, "spec.tasks[*].replicas", "120000 pods");
    assertThat(parser.parse(job("name: ok", "  parallelism: 100000\n"))).hasSize(1);
  }

  @Test
  void fractionsAreNotRoundedToCounts() {
    assertThatThrownBy(() -> parser.parse(job("name: half", "  parallelism: 2.5\n"))).isInstanceOf(ManifestException.class)
        .hasMessageContaining("parallelism");
  }

  @Test
  void namesAreAscii() {
    refused(job("name: \"a\\u0000b\"", ""), "metadata.name", "printable ASCII");
    refused(job("name: \"job\\u202eexe.txt\"", ""), "metadata.name", "U+202E");
    refused(job("name: 名前", ""), "metadata.name", "printable ASCII");
    assertThat(parser.parse(job("name: BI-V100-Pod", ""))).as("HAMi's upper-case example names stay accepted").hasSize(1);
  }

  @Test
  void oversizedObjectsAreRefused() {
    String json = "{\"apiVersion\": \"batch/v1\", \"kind\": \"Job\", \"metadata\": {\"name\": \"big\", \"annotations\":"
        + " {\"a\": \"" + "v".repeat(ManifestParser.MAX_OBJECT_CHARS) + "\"}}, \"spec\": {\"template\": {\"spec\":"
        + " {\"containers\": [{\"name\": \"c\", \"image\": \"b\"}]}}}}";
    refused(json, "", "1.5 MiB");
  }
}
