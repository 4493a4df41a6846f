package io.argosy.core.cli;

import io.argosy.core.client.ArgosyClient;
import io.argosy.core.json.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code argosy get jobs|queues|clusters|priorityclasses|policy [NAME]}: listings as tables, or the
 * API's JSON/YAML ({@code {"items": [...]}} for lists, the object for one name).
 */
@Command(name = "get", mixinStandardHelpOptions = true,
    description = "List jobs, queues, clusters, priority classes, or show the scheduling policy.")
public final class GetCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ClientOptions client;

  @Parameters(index = "0", description = "jobs, queues, clusters, priorityclasses or policy.")
  String resource;

  @Parameters(index = "1", arity = "0..1", description = "One object: NAMESPACE/NAME for a job, the name otherwise.")
  String name;

  @Option(names = {"-n", "--namespace"}, description = "Only jobs of this namespace.")
  String namespace;

  @Option(names = "--queue", description = "Only jobs of this queue.")
  String queue;

  @Option(names = "--state", description = "Only jobs in these states, comma-separated (e.g. Pending,Running).")
  String state;

  @Override
  public Integer call() {
    ArgosyClient c = client.client();
    var out = spec.commandLine().getOut();
    Instant now = Instant.now();
    switch (resource.toLowerCase(java.util.Locale.ROOT)) {
      case "jobs", "job", "vcjob", "vcjobs" -> {
        if (name != null) {
          String[] id = DescribeCommand.jobId(name);
          var j = c.job(id[0], id[1]);
          if (!client.printStructured(out, j)) {
            out.print(Render.jobs(List.of(j), now));
          }
        } else {
          Map<String, String> f = new LinkedHashMap<>();
          f.put("namespace", namespace);
          f.put("queue", queue);
          f.put("state", state);
          var jobs = c.jobs(f);
          if (!client.printStructured(out, Map.of("items", jobs))) {
            out.print(Render.jobs(jobs, now));
          }
        }
      }
      case "queues", "queue", "q" -> {
        var qs = name == null ? c.queues() : List.of(c.queue(name));
        if (!client.printStructured(out, name == null ? Map.of("items", qs) : qs.get(0))) {
          out.print(Render.queues(qs));
        }
      }
      case "clusters", "cluster" -> {
        var cl = c.clusters();
        if (name != null) {
          cl = cl.stream().filter(x -> x.name().equals(name)).toList();
          if (cl.isEmpty()) {
            throw new InvalidInputException("cluster " + name + " is not known");
          }
        }
        if (!client.printStructured(out, name == null ? Map.of("items", cl) : cl.get(0))) {
          out.print(Render.clusters(cl, now));
        }
      }
      case "priorityclasses", "priorityclass", "pc" -> {
        Object raw = Json.read(c.getRaw("/v1/priorityclasses"), Object.class);
        if (!client.printStructured(out, raw)) {
          Table t = new Table("NAME", "VALUE", "GLOBAL-DEFAULT", "PREEMPTION-POLICY");
          @SuppressWarnings("unchecked")
          List<Map<String, Object>> items = (List<Map<String, Object>>) ((Map<String, Object>) raw).get("items");
          for (Map<String, Object> pc : items) {
            t.row(pc.get("name"), pc.get("value"), pc.get("globalDefault"), pc.get("preemptionPolicy"));
          }
          out.print(t.render());
        }
      }
      case "policy" -> {
        Object raw = Json.read(c.getRaw("/v1/policy"), Object.class);
        if (!client.printStructured(out, raw)) {
          out.print(Json.yaml(raw));
        }
      }
      case "fhpa", "fhpas", "federatedhpa", "federatedhpas" -> {
        String path = "/v1/fhpas";
        if (name != null) {
          String[] id = DescribeCommand.jobId(name);
          path += "/" + id[0] + "/" + id[1];
        }
        com.fasterxml.jackson.databind.JsonNode raw = Json.read(c.getRaw(path), com.fasterxml.jackson.databind.JsonNode.class);
        if (!client.printStructured(out, raw)) {
          out.print(FhpaRender.list(name == null ? raw.path("items") : Json.mapper().createArrayNode().add(raw)));
        }
      }
      default -> throw new InvalidInputException(
          "unknown resource '" + resource + "'; use jobs, queues, clusters, priorityclasses, policy or fhpa");
    }
    out.flush();
    return 0;
  }
}
