package io.argosy.core.cli;

import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code argosy describe job NS/NAME}: state, why it is pending per cluster, where each pod landed
 * with its devices, and the state history with timestamps and reasons.
 */
@Command(name = "describe", mixinStandardHelpOptions = true,
    description = "Show a job in detail: why it is pending (per cluster), its placement and its history.")
public final class DescribeCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ClientOptions client;

  @Parameters(index = "0", description = "job")
  String resource;

  @Parameters(index = "1", description = "NAMESPACE/NAME (or NAME in namespace default).")
  String name;

  @Override
  public Integer call() {
    if (resource.equals("fhpa") || resource.equals("federatedhpa")) {
      String[] id = jobId(name);
      var raw = io.argosy.core.json.Json.read(client.client().getRaw("/v1/fhpas/" + id[0] + "/" + id[1]),
          com.fasterxml.jackson.databind.JsonNode.class);
      var out = spec.commandLine().getOut();
      if (!client.printStructured(out, raw)) {
        out.print(FhpaRender.describe(raw));
      }
      out.flush();
      return 0;
    }
    if (!resource.equals("job") && !resource.equals("jobs")) {
      throw new InvalidInputException("unknown resource '" + resource + "'; describe job NAMESPACE/NAME or fhpa NAMESPACE/NAME");
    }
    String[] id = jobId(name);
    var j = client.client().job(id[0], id[1]);
    var out = spec.commandLine().getOut();
    if (!client.printStructured(out, j)) {
      out.print(Render.describe(j, Instant.now()));
    }
    out.flush();
    return 0;
  }

  /** {@code ns/name} or {@code name} (namespace default). */
  static String[] jobId(String s) {
    int slash = s.indexOf('/');
    String ns = slash < 0 ? "default" : s.substring(0, slash);
    String n = slash < 0 ? s : s.substring(slash + 1);
    if (ns.isEmpty() || n.isEmpty() || n.contains("/")) {
      throw new InvalidInputException("expected NAMESPACE/NAME, got '" + s + "'");
    }
    return new String[] {ns, n};
  }
}
