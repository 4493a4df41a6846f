package io.argosy.core.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.demand.AcceleratorDemand;
import io.argosy.gpu.demand.ContainerDemand;
import io.argosy.gpu.demand.DemandParser;
import io.argosy.gpu.demand.PodDemand;
import io.argosy.gpu.fit.Assignment;
import io.argosy.gpu.fit.ContainerAssignment;
import io.argosy.gpu.fit.DeviceGrant;
import io.argosy.gpu.fit.FitResult;
import io.argosy.gpu.fit.NodeState;
import io.argosy.gpu.fit.Reason;
import io.argosy.gpu.inventory.Device;
import io.argosy.gpu.inventory.InventoryReader;
import io.argosy.gpu.inventory.Partition;
import io.argosy.gpu.score.Policy;
import io.argosy.gpu.score.Scorer;
import io.argosy.gpu.score.ScoringPolicy;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code argosy explain --node NODE.yaml --pod POD.yaml}: offline, the node's device inventory, the
 * pod's demand, whether it fits, on which devices, and if not, why. The node file may carry, after the
 * Node, the pods already running on it (their usage is subtracted). Exit 0 whether or not it fits.
 */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = "Explain whether a pod fits a node, on which devices, and if not, why (offline).")
public final class ExplainCommand implements Callable<Integer> {

  @Option(names = "--node", required = true, paramLabel = "NODE.yaml",
      description = "A Node manifest, optionally followed (multi-document) by the pods already running on it.")
  Path nodeFile;

  @Option(names = "--pod", required = true, paramLabel = "POD.yaml",
      description = "A Pod, or a workload with a pod template (Deployment, Job, Volcano Job: first task).")
  Path podFile;

  @Option(names = "--running", paramLabel = "PODS.yaml",
      description = "More pods already running on the node (multi-document or a v1 List).")
  Path runningFile;

  @Option(names = "--catalog", paramLabel = "CATALOG.yaml", description = "An admin catalog overlay.")
  Path catalogFile;

  @Option(names = "--node-policy", defaultValue = "binpack", description = "Cluster node policy: binpack or spread.")
  String nodePolicy;

  @Option(names = "--device-policy", defaultValue = "spread", description = "Cluster device policy: binpack or spread.")
  String devicePolicy;

  @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json.")
  String output;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Override
  public Integer call() {
    if (!output.equals("text") && !output.equals("json")) {
      throw new InvalidInputException("-o must be text or json, got '" + output + "'");
    }
    ScoringPolicy policy = ScoringPolicy.of(policy(nodePolicy, "--node-policy"), policy(devicePolicy, "--device-policy"));
    Catalog catalog = Catalog.builtin();
    if (catalogFile != null) {
      try (Reader r = Files.newBufferedReader(catalogFile)) {
        catalog = catalog.withOverlay(r);
      } catch (IOException e) {
        throw unreadable(catalogFile, e);
      }
    }
    List<JsonNode> nodeDocs = documents(nodeFile);
    Node node = null;
    List<Pod> running = new ArrayList<>();
    for (JsonNode doc : nodeDocs) {
      String kind = doc.path("kind").asText();
      if (kind.equals("Node") && node == null) {
        node = convert(doc, Node.class, nodeFile);
      } else if (kind.equals("Pod")) {
        running.add(convert(doc, Pod.class, nodeFile));
      } else if (kind.equals("List")) {
        for (JsonNode item : doc.path("items")) {
          if (item.path("kind").asText().equals("Pod")) {
            running.add(convert(item, Pod.class, nodeFile));
          }
        }
      }
    }
    if (node == null) {
      throw new InvalidInputException(nodeFile + ": no Node document");
    }
    if (runningFile != null) {
      for (JsonNode doc : documents(runningFile)) {
        if (doc.path("kind").asText().equals("Pod")) {
          running.add(convert(doc, Pod.class, runningFile));
        } else if (doc.path("kind").asText().equals("List")) {
          for (JsonNode item : doc.path("items")) {
            running.add(convert(item, Pod.class, runningFile));
          }
        }
      }
    }
    InventoryReader reader = new InventoryReader(catalog);
    NodeState state = reader.stateOf(node, running);
    PodTemplate template = podTemplate(documents(podFile));
    PodDemand demand = new DemandParser(catalog).parse(template.spec, template.annotations);
    FitResult result = state.fit(demand, policy);

    ObjectNode json = render(state, template.name, demand, result, policy);
    PrintWriter out = spec.commandLine().getOut();
    if (output.equals("json")) {
      try {
        out.println(JSON.writeValueAsString(json));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    } else {
      out.print(text(json));
    }
    out.flush();
    return 0;
  }

  private static Policy policy(String s, String option) {
    try {
      return Policy.parse(s);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(option + " " + e.getMessage());
    }
  }

  // ------------------------------------------------------------------ input

  private record PodTemplate(String name, PodSpec spec, Map<String, String> annotations) {}

  private static PodTemplate podTemplate(List<JsonNode> docs) {
    for (JsonNode doc : docs) {
      String kind = doc.path("kind").asText();
      JsonNode meta = doc.path("metadata");
      String name = name(meta);
      if (kind.equals("Pod")) {
        return new PodTemplate(name, spec(doc.path("spec")), annotations(meta));
      }
      if (doc.path("spec").has("template")) {
        JsonNode t = doc.path("spec").path("template");
        return new PodTemplate(name, spec(t.path("spec")), annotations(t.path("metadata")));
      }
      if (doc.path("spec").path("tasks").isArray() && doc.path("spec").path("tasks").size() > 0) {
        JsonNode task = doc.path("spec").path("tasks").get(0);
        JsonNode t = task.path("template");
        return new PodTemplate(name + "/" + task.path("name").asText("task-0"), spec(t.path("spec")),
            annotations(t.path("metadata")));
      }
    }
    throw new InvalidInputException("the pod file has no Pod or pod template");
  }

  private static String name(JsonNode meta) {
    String ns = meta.path("namespace").asText("");
    String n = meta.path("name").asText("");
    return ns.isEmpty() ? n : ns + "/" + n;
  }

  private static PodSpec spec(JsonNode spec) {
    if (spec.isMissingNode() || spec.isNull()) {
      throw new InvalidInputException("the pod has no spec");
    }
    try {
      return YAML.treeToValue(spec, PodSpec.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new InvalidInputException("spec: " + firstLine(e.getMessage()));
    }
  }

  private static Map<String, String> annotations(JsonNode meta) {
    Map<String, String> out = new HashMap<>();
    meta.path("annotations").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  private static <T> T convert(JsonNode doc, Class<T> type, Path file) {
    try {
      return YAML.treeToValue(doc, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new InvalidInputException(file + ": " + firstLine(e.getMessage()));
    }
  }

  private static List<JsonNode> documents(Path file) {
    List<JsonNode> docs = new ArrayList<>();
    try (YAMLParser parser = ((YAMLFactory) YAML.getFactory()).createParser(Files.newBufferedReader(file))) {
      for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
        JsonNode doc = it.next();
        if (doc != null && doc.isObject()) {
          docs.add(doc);
        }
      }
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(file + ": no such file");
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException(file + ": not valid YAML: " + firstLine(e.getMessage()));
    }
    return docs;
  }

  private static InvalidInputException unreadable(Path file, IOException e) {
    return new InvalidInputException(file + ": " + (e instanceof NoSuchFileException ? "no such file" : firstLine(e.getMessage())));
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  // ------------------------------------------------------------------ output (the JSON is the contract)

  private static ObjectNode render(NodeState state, String podName, PodDemand demand, FitResult result, ScoringPolicy policy) {
    ObjectNode root = JSON.createObjectNode();
    root.put("node", state.nodeName());
    root.put("pod", podName);
    root.put("fits", result.fits());
    ArrayNode reasons = root.putArray("reasons");
    if (result instanceof FitResult.NoFit noFit) {
      for (Reason r : noFit.reasons()) {
        reasons.add(r.message());
      }
      root.putNull("assignment");
      root.putNull("score");
    } else {
      Assignment a = ((FitResult.Fits) result).assignment();
      root.set("assignment", assignment(state, a));
      root.put("score", Math.round(Scorer.score(state, demand, a, policy) * 100) / 100.0);
    }
    root.set("demand", demand(demand));
    root.set("inventory", inventory(state));
    return root;
  }

  private static ObjectNode assignment(NodeState state, Assignment a) {
    Map<String, Partition> partitions = new HashMap<>();
    for (int q = 0; q < state.partitionCount(); q++) {
      partitions.put(state.partition(q).id(), state.partition(q));
    }
    ObjectNode o = JSON.createObjectNode();
    o.put("node", a.node());
    o.put("cpuMilli", a.cpuMilli());
    o.put("memoryBytes", a.memoryBytes());
    ArrayNode containers = o.putArray("containers");
    for (ContainerAssignment c : a.containers()) {
      ObjectNode co = containers.addObject();
      co.put("name", c.container());
      ArrayNode ids = co.putArray("devices");
      ArrayNode grants = co.putArray("grants");
      for (DeviceGrant g : c.grants()) {
        if (!contains(ids, g.deviceId())) {
          ids.add(g.deviceId());
        }
        ObjectNode go = grants.addObject();
        go.put("device", g.deviceId());
        go.put("deviceIndex", g.deviceIndex());
        go.put("resource", g.resource());
        if (g.partitionId() != null) {
          go.put("partition", g.partitionId());
          Partition p = partitions.get(g.partitionId());
          go.put("profile", p == null ? null : p.profile());
        } else if (!g.exclusive() || g.memoryMiB() < state.device(g.deviceIndex()).memoryMiB()) {
          ObjectNode share = go.putObject("share");
          share.put("memoryMiB", g.memoryMiB());
          share.put("cores", g.cores());
        }
        go.put("memoryMiB", g.memoryMiB());
        go.put("cores", g.cores());
        go.put("exclusive", g.exclusive());
      }
      ObjectNode countable = co.putObject("countable");
      c.countable().forEach(countable::put);
    }
    return o;
  }

  private static boolean contains(ArrayNode a, String s) {
    for (JsonNode n : a) {
      if (n.asText().equals(s)) {
        return true;
      }
    }
    return false;
  }

  private static ObjectNode demand(PodDemand d) {
    ObjectNode o = JSON.createObjectNode();
    o.put("cpuMilli", d.cpuMilli());
    o.put("memoryBytes", d.memoryBytes());
    o.put("nodePolicy", d.nodePolicy() == null ? null : d.nodePolicy().name().toLowerCase());
    o.put("devicePolicy", d.devicePolicy() == null ? null : d.devicePolicy().name().toLowerCase());
    ArrayNode cs = o.putArray("containers");
    for (ContainerDemand c : d.containers()) {
      ObjectNode co = cs.addObject();
      co.put("name", c.name());
      ArrayNode accs = co.putArray("accelerators");
      for (AcceleratorDemand a : c.accelerators()) {
        ObjectNode ao = accs.addObject();
        ao.put("kind", a.kind().name());
        ao.put("vendor", a.vendor().name());
        ao.put("resource", a.resource());
        ao.put("count", a.count());
        if (a.model() != null) {
          ao.put("model", a.model());
        }
        if (a.profile() != null) {
          ao.put("profile", a.profile());
        }
        if (a.memoryMiB() >= 0) {
          ao.put("memoryMiB", a.memoryMiB());
        }
        if (a.memoryPercent() >= 0) {
          ao.put("memoryPercent", a.memoryPercent());
        }
        if (a.coresPercent() >= 0) {
          ao.put("coresPercent", a.coresPercent());
        }
      }
    }
    ObjectNode res = o.putObject("resources");
    d.resources().forEach(res::put);
    return o;
  }

  private static ObjectNode inventory(NodeState s) {
    ObjectNode o = JSON.createObjectNode();
    o.put("node", s.nodeName());
    o.put("ready", s.ready());
    o.set("cpuMilli", totalFree(s.cpuAllocatableMilli(), s.freeCpuMilli()));
    o.set("memoryBytes", totalFree(s.memoryAllocatableBytes(), s.freeMemoryBytes()));
    o.set("pods", totalFree(s.podsAllocatable(), s.freePods()));
    ArrayNode devices = o.putArray("devices");
    Map<Integer, List<Integer>> partsByDevice = new HashMap<>();
    for (int q = 0; q < s.partitionCount(); q++) {
      partsByDevice.computeIfAbsent(s.partition(q).deviceIndex(), k -> new ArrayList<>()).add(q);
    }
    for (int i = 0; i < s.deviceCount(); i++) {
      Device d = s.device(i);
      ObjectNode dn = devices.addObject();
      dn.put("id", d.id());
      dn.put("index", d.index());
      dn.put("vendor", d.vendor().name());
      dn.put("model", d.model());
      dn.put("product", d.product());
      dn.put("mode", d.mode().name());
      dn.put("healthy", d.healthy());
      dn.set("memoryMiB", totalFree(d.memoryMiB(), s.freeMemoryMiB(i)));
      dn.set("cores", totalFree(d.cores(), s.freeCores(i)));
      dn.set("tasks", totalFree(d.splitCount(), Math.max(0, d.splitCount() - s.tasks(i))));
      dn.put("exclusive", s.exclusive(i));
      dn.put("freeMilli", s.freeMilli(i));
      ArrayNode parts = dn.putArray("partitions");
      for (int q : partsByDevice.getOrDefault(i, List.of())) {
        Partition p = s.partition(q);
        ObjectNode pn = parts.addObject();
        pn.put("id", p.id());
        pn.put("profile", p.profile());
        pn.put("resource", p.resource());
        pn.put("memoryMiB", p.memoryMiB());
        pn.put("free", s.partitionFree(q));
      }
    }
    ObjectNode countable = o.putObject("countable");
    Map<String, Long> free = s.countableFree();
    s.inventory().countable().forEach((k, total) -> countable.set(k, totalFree(total, free.getOrDefault(k, 0L))));
    return o;
  }

  private static ObjectNode totalFree(long total, long free) {
    ObjectNode o = JSON.createObjectNode();
    o.put("total", total);
    o.put("free", free);
    return o;
  }

  private static String text(ObjectNode j) {
    StringBuilder b = new StringBuilder();
    JsonNode inv = j.path("inventory");
    b.append("node ").append(j.path("node").asText()).append(inv.path("ready").asBoolean() ? "" : " (NOT READY)")
        .append(": cpu ").append(inv.path("cpuMilli").path("free").asLong()).append('/')
        .append(inv.path("cpuMilli").path("total").asLong()).append("m free, memory ")
        .append(inv.path("memoryBytes").path("free").asLong() >> 20).append('/')
        .append(inv.path("memoryBytes").path("total").asLong() >> 20).append("Mi free, ")
        .append(inv.path("devices").size()).append(" devices\n");
    for (JsonNode d : inv.path("devices")) {
      b.append(String.format("  %-44s %-12s %-11s %s mem %d/%d MiB free, cores %d/%d free, %d milli free%n",
          d.path("id").asText(), d.path("model").asText(), d.path("mode").asText(),
          d.path("healthy").asBoolean() ? "healthy  " : "UNHEALTHY",
          d.path("memoryMiB").path("free").asLong(), d.path("memoryMiB").path("total").asLong(),
          d.path("cores").path("free").asLong(), d.path("cores").path("total").asLong(), d.path("freeMilli").asInt()));
      if (d.path("partitions").size() > 0) {
        b.append("      ");
        for (JsonNode p : d.path("partitions")) {
          b.append(p.path("profile").asText()).append(p.path("free").asBoolean() ? " free  " : " used  ");
        }
        b.append('\n');
      }
    }
    inv.path("countable").fields().forEachRemaining(e -> b.append("  ").append(e.getKey()).append(": ")
        .append(e.getValue().path("free").asLong()).append('/').append(e.getValue().path("total").asLong()).append(" free\n"));
    JsonNode dm = j.path("demand");
    b.append("pod ").append(j.path("pod").asText()).append(": cpu ").append(dm.path("cpuMilli").asLong()).append("m, memory ")
        .append(dm.path("memoryBytes").asLong() >> 20).append("Mi");
    for (JsonNode c : dm.path("containers")) {
      for (JsonNode a : c.path("accelerators")) {
        b.append(", ").append(a.path("resource").asText()).append(" x").append(a.path("count").asLong())
            .append(" (").append(a.path("kind").asText().toLowerCase());
        if (a.has("memoryMiB")) {
          b.append(", ").append(a.path("memoryMiB").asLong()).append(" MiB");
        }
        if (a.has("memoryPercent")) {
          b.append(", ").append(a.path("memoryPercent").asInt()).append("% memory");
        }
        if (a.has("coresPercent")) {
          b.append(", ").append(a.path("coresPercent").asInt()).append("% cores");
        }
        b.append(')');
      }
    }
    b.append('\n');
    if (j.path("fits").asBoolean()) {
      b.append("FITS (score ").append(j.path("score").asDouble()).append(")\n");
      for (JsonNode c : j.path("assignment").path("containers")) {
        b.append("  container ").append(c.path("name").asText()).append(':');
        if (c.path("grants").isEmpty() && c.path("countable").isEmpty()) {
          b.append(" no devices");
        }
        for (JsonNode g : c.path("grants")) {
          b.append("\n    ").append(g.path("device").asText());
          if (g.has("partition")) {
            b.append(" instance ").append(g.path("partition").asText()).append(" (").append(g.path("profile").asText()).append(')');
          } else if (g.has("share")) {
            b.append(" share ").append(g.path("memoryMiB").asLong()).append(" MiB, ").append(g.path("cores").asInt())
                .append(" cores");
          } else {
            b.append(" whole");
          }
        }
        c.path("countable").fields().forEachRemaining(e -> b.append("\n    ").append(e.getKey()).append(" x")
            .append(e.getValue().asLong()));
        b.append('\n');
      }
    } else {
      b.append("DOES NOT FIT\n");
      for (JsonNode r : j.path("reasons")) {
        b.append("  - ").append(r.asText()).append('\n');
      }
    }
    return b.toString();
  }
}
