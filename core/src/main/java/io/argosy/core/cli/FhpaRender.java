package io.argosy.core.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** Text for {@code argosy get fhpa} and {@code argosy describe fhpa}, from the API's JSON. */
final class FhpaRender {
  private FhpaRender() {}

  /** Like {@code kubectl get hpa}: reference, targets, bounds, replicas, split. */
  static String list(JsonNode items) {
    Table t = new Table("NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "DESIRED", "CLUSTERS");
    for (JsonNode f : items) {
      t.row(f.path("namespace").asText() + "/" + f.path("name").asText(), f.path("target").asText(), targets(f),
          f.path("minReplicas").asInt(), f.path("maxReplicas").asInt(), f.path("currentReplicas").asInt(),
          f.path("desiredReplicas").asInt(), split(f.path("clusters")));
    }
    return t.render();
  }

  static String describe(JsonNode f) {
    StringBuilder b = new StringBuilder();
    b.append("Name:              ").append(f.path("namespace").asText()).append('/').append(f.path("name").asText()).append('\n');
    b.append("Reference:         ").append(f.path("target").asText()).append('\n');
    b.append("Metrics:           ").append(targets(f)).append('\n');
    b.append("Min replicas:      ").append(f.path("minReplicas").asInt()).append('\n');
    b.append("Max replicas:      ").append(f.path("maxReplicas").asInt()).append('\n');
    b.append("Replicas:          ").append(f.path("currentReplicas").asInt()).append(" current / ")
        .append(f.path("desiredReplicas").asInt()).append(" desired\n");
    b.append("Clusters:          ").append(split(f.path("clusters"))).append('\n');
    b.append("Last scale time:   ").append(f.path("lastScaleTime").asText("<none>")).append('\n');
    b.append("Conditions:\n");
    Table c = new Table("TYPE", "STATUS", "REASON", "MESSAGE");
    for (JsonNode x : f.path("conditions")) {
      c.row(x.path("type").asText(), x.path("status").asText(), x.path("reason").asText(), x.path("message").asText());
    }
    b.append(indent(c.render()));
    b.append("Events:\n");
    Table e = new Table("TIME", "TYPE", "REASON", "MESSAGE");
    for (JsonNode x : f.path("events")) {
      e.row(x.path("time").asText(), x.path("type").asText(), x.path("reason").asText(), x.path("message").asText());
    }
    b.append(indent(e.render()));
    return b.toString();
  }

  /** {@code cpu: 45%/50%} per metric, current over target when known. */
  private static String targets(JsonNode f) {
    StringBuilder s = new StringBuilder();
    for (JsonNode m : f.path("currentMetrics")) {
      if (s.length() > 0) {
        s.append(", ");
      }
      s.append(m.path("name").asText()).append(": ");
      if (!m.path("averageUtilization").isMissingNode() && !m.path("averageUtilization").isNull()) {
        s.append(m.path("averageUtilization").asInt()).append('%');
      } else if (m.hasNonNull("averageValue")) {
        s.append(m.path("averageValue").asText());
      } else {
        s.append(m.path("value").asText());
      }
    }
    return s.length() == 0 ? "<unknown>" : s.toString();
  }

  private static String split(JsonNode clusters) {
    StringBuilder s = new StringBuilder();
    clusters.fields().forEachRemaining(e -> s.append(s.length() == 0 ? "" : " ").append(e.getKey()).append('=').append(e.getValue().asInt()));
    return s.length() == 0 ? "-" : s.toString();
  }

  private static String indent(String text) {
    return text.lines().map(l -> "  " + l).reduce("", (a, l) -> a + l + "\n");
  }
}
