package io.argosy.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argosy.agent.sim.ClusterSpec;
import io.argosy.agent.sim.FleetFile;
import io.argosy.agent.sim.FleetSpec;
import io.argosy.core.fhpa.ServicePlacement;
import io.argosy.fhpa.divide.AvailableReplicas;
import io.argosy.fhpa.spec.CronFederatedHpa;
import io.argosy.fhpa.spec.FederatedHpa;
import io.argosy.fhpa.spec.FhpaManifests;
import io.argosy.fhpa.simulate.FhpaSimulation;
import io.argosy.fhpa.simulate.MetricSeries;
import io.argosy.fhpa.simulate.TickDecision;
import io.argosy.gpu.InvalidSpecException;
import io.argosy.gpu.demand.DemandParser;
import io.argosy.gpu.fit.NodeState;
import io.argosy.gpu.inventory.InventoryReader;
import io.argosy.queue.job.ServiceWorkload;
import io.argosy.queue.manifest.DeploymentManifest;
import io.argosy.queue.manifest.Manifest;
import io.argosy.queue.manifest.ManifestException;
import io.argosy.queue.manifest.ManifestParser;
import io.argosy.queue.manifest.PropagationPolicyManifest;
import io.argosy.queue.placement.PlacementResolver;
import io.argosy.queue.placement.PolicyTarget;
import io.fabric8.kubernetes.api.model.Node;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code argosy fhpa simulate --hpa HPA.yaml --metrics M.csv [--fleet FLEET.yaml] [--start T] [-o json]}:
 * replays a metric series against a FederatedHPA on a simulated clock (federated-hpa's
 * {@link FhpaSimulation}) and prints the decision per tick with the per-cluster split. HPA.yaml holds
 * one FederatedHPA and optionally CronFederatedHPAs, the target Deployment and Karmada
 * PropagationPolicies (which give the clusters and the replica division); with a fleet file, the
 * clusters come from it and {@code dynamicWeight}/Aggregated use the Deployment's available replicas.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = "Replay a metric series against a FederatedHPA offline: desired replicas, reason and per-cluster split per tick.")
public final class FhpaSimulateCommand implements Callable<Integer> {

  @Option(names = "--hpa", required = true, paramLabel = "HPA.yaml",
      description = "A FederatedHPA; optionally CronFederatedHPAs, the Deployment and PropagationPolicies.")
  Path hpaFile;

  @Option(names = "--metrics", required = true, paramLabel = "M.csv",
      description = "CSV with header t,metric,value: seconds from start, metric name (cpu = average utilization %), value.")
  Path metricsFile;

  @Option(names = "--fleet", paramLabel = "FLEET.yaml", description = "Fleet file: the clusters and their nodes (for available replicas).")
  Path fleetFile;

  @Option(names = "--start", defaultValue = "2026-01-01T00:00:00Z", paramLabel = "INSTANT",
      description = "Simulated time of t=0 (cron rules fire on it), ISO-8601, default ${DEFAULT-VALUE}.")
  String start;

  @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json.")
  String output;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Override
  public Integer call() throws IOException {
    if (!output.equals("text") && !output.equals("json")) {
      throw new InvalidInputException("-o must be text or json, got '" + output + "'");
    }
    Instant t0;
    try {
      t0 = Instant.parse(start);
    } catch (RuntimeException e) {
      throw new InvalidInputException("--start: '" + start + "' is not an ISO-8601 instant such as 2026-01-01T00:00:00Z");
    }
    String hpaText = read(hpaFile);
    FederatedHpa hpa = null;
    List<CronFederatedHpa> crons = new ArrayList<>();
    List<JsonNode> docs = guard(hpaFile, "", () -> FhpaManifests.documents(hpaText));
    for (int i = 0; i < docs.size(); i++) {
      if (!FhpaManifests.isAutoscaling(docs.get(i))) {
        continue;
      }
      JsonNode d = docs.get(i);
      Object o = guard(hpaFile, "documents[" + i + "]", () -> FhpaManifests.parse(d));
      if (o instanceof FederatedHpa f) {
        if (hpa != null) {
          throw new InvalidInputException(hpaFile + ": documents[" + i + "]: only one FederatedHPA can be simulated");
        }
        hpa = f;
      } else {
        crons.add((CronFederatedHpa) o);
      }
    }
    if (hpa == null) {
      throw new InvalidInputException(hpaFile + ": no autoscaling.karmada.io/v1alpha1 FederatedHPA in the file");
    }
    ServiceWorkload deployment = null;
    PlacementResolver resolver = new PlacementResolver();
    io.argosy.gpu.catalog.Catalog catalog = io.argosy.gpu.catalog.Catalog.builtin();
    List<Manifest> manifests;
    try {
      manifests = new ManifestParser(new DemandParser(catalog)).parse(hpaText);
    } catch (ManifestException e) {
      throw new InvalidInputException(hpaFile + ": " + e.getMessage());
    }
    for (Manifest m : manifests) {
      if (m instanceof DeploymentManifest dm && dm.workload().id().name().equals(hpa.scaleTargetRef().name())) {
        deployment = dm.workload();
      } else if (m instanceof PropagationPolicyManifest pm) {
        resolver.put(pm.policy());
      }
    }
    MetricSeries series;
    try {
      series = MetricSeries.parse(read(metricsFile), metricsFile.toString()); // its errors start with the file and line
    } catch (InvalidSpecException e) {
      throw new InvalidInputException(e.getMessage());
    }

    List<ServicePlacement.ClusterFacts> facts = new ArrayList<>();
    Map<String, List<NodeState>> nodes = new LinkedHashMap<>();
    if (fleetFile != null) {
      FleetSpec fleet = guard(fleetFile, "", () -> FleetFile.parse(read(fleetFile)));
      InventoryReader reader = new InventoryReader(catalog);
      for (ClusterSpec c : fleet.clusters()) {
        facts.add(new ServicePlacement.ClusterFacts(c.name(), c.labels(), fields(c.labels())));
        List<NodeState> states = new ArrayList<>();
        for (Node n : c.nodes()) {
          states.add(reader.stateOf(n, List.of()));
        }
        nodes.put(c.name(), states);
      }
    }
    PolicyTarget target = new PolicyTarget("apps/v1", "Deployment", hpa.namespace(), hpa.scaleTargetRef().name(),
        deployment == null ? Map.of() : deployment.labels());
    var placement = resolver.placementFor(target);
    if (fleetFile == null) { // no fleet: the clusters the policy names
      for (String c : placement.clusterAffinity().clusterNames()) {
        facts.add(new ServicePlacement.ClusterFacts(c, Map.of(), Map.of()));
      }
    }
    ServicePlacement sp = ServicePlacement.of(placement, facts);
    Map<String, Long> available = deployment == null || nodes.isEmpty() ? Map.of()
        : AvailableReplicas.estimate(deployment.pod(), nodes, hpa.maxReplicas());
    List<TickDecision> decisions = FhpaSimulation.run(hpa, crons, series, sp.clusters(), sp.division(), available, t0);
    PrintWriter out = spec.commandLine().getOut();
    if (output.equals("json")) {
      out.println(JSON.writeValueAsString(json(hpa, decisions)));
    } else {
      for (TickDecision d : decisions) {
        StringBuilder split = new StringBuilder();
        d.clusters().forEach((c, n) -> split.append(split.length() == 0 ? "" : " ").append(c).append('=').append(n));
        out.printf("t=%-6d %3d -> %-3d %s%s%n", d.t(), d.currentReplicas(), d.desiredReplicas(), d.reason(),
            split.length() == 0 ? "" : "  [" + split + "]");
      }
    }
    out.flush();
    return 0;
  }

  /** Karmada's cluster fields from the fleet's cluster labels. */
  static Map<String, String> fields(Map<String, String> labels) {
    Map<String, String> f = new LinkedHashMap<>();
    for (String k : List.of("provider", "region", "zone")) {
      if (labels.containsKey(k)) {
        f.put(k, labels.get(k));
      }
    }
    return f;
  }

  /** The stable JSON of docs/cli.md. */
  static ObjectNode json(FederatedHpa hpa, List<TickDecision> decisions) {
    ObjectNode root = JSON.createObjectNode();
    root.put("hpa", hpa.key());
    ArrayNode list = root.putArray("decisions");
    for (TickDecision d : decisions) {
      ObjectNode o = list.addObject();
      o.put("t", d.t());
      o.put("currentReplicas", d.currentReplicas());
      o.put("desiredReplicas", d.desiredReplicas());
      o.put("rescaled", d.rescaled());
      o.put("reason", d.reason());
      o.put("minReplicas", d.minReplicas());
      o.put("maxReplicas", d.maxReplicas());
      ObjectNode clusters = o.putObject("clusters");
      d.clusters().forEach(clusters::put);
      ArrayNode events = o.putArray("events");
      d.events().forEach(events::add);
    }
    return root;
  }

  private interface Step<T> {
    T get();
  }

  private static <T> T guard(Path file, String prefix, Step<T> step) {
    try {
      return step.get();
    } catch (InvalidSpecException e) {
      String msg = prefix.isEmpty() ? e.getMessage() : e.under(prefix).getMessage();
      throw new InvalidInputException(file + ": " + msg);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(file + ": no such file");
    } catch (IOException e) {
      throw new InvalidInputException(file + ": cannot read: " + e.getMessage(), e);
    }
  }
}
