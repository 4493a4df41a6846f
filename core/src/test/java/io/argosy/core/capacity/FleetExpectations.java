package io.argosy.core.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.argosy.gpu.Quantities;
import io.argosy.gpu.catalog.AcceleratorModel;
import io.argosy.gpu.catalog.Catalog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a capacity report must say about a fleet file, computed from the file itself (node templates
 * x counts) and the catalog's partition layouts, independently of the agents and the control plane.
 */
final class FleetExpectations {
  /** Devices of one cluster (or "fleet") x vendor x model x mode, instances per profile, share slots. */
  record Group(String cluster, String vendor, String model, String mode, int devices, Map<String, Integer> instances,
      int slots) {
    String key() {
      return cluster + "|" + vendor + "|" + model + "|" + mode;
    }
  }

  /** Per cluster: cpu millicores and memory bytes. */
  record Node(long cpuMilli, long memoryBytes) {}

  final Map<String, Group> groups = new TreeMap<>();
  final Map<String, Node> clusters = new TreeMap<>();

  static FleetExpectations of(Path fleetFile) throws IOException {
    FleetExpectations e = new FleetExpectations();
    JsonNode root = new YAMLMapper().readTree(fleetFile.toFile());
    Catalog catalog = Catalog.builtin();
    for (JsonNode c : root.path("clusters")) {
      String cluster = c.path("name").asText();
      long cpu = 0;
      long mem = 0;
      for (JsonNode n : c.path("nodes")) {
        int count = n.path("count").asInt(1);
        cpu += count * Quantities.cpuMilli(Quantities.parse(n.path("cpu").asText(), "cpu"), "cpu");
        mem += count * Quantities.bytes(Quantities.parse(n.path("memory").asText(), "memory"), "memory");
        JsonNode a = n.path("accelerator");
        if (a.isMissingNode()) {
          continue;
        }
        AcceleratorModel model = catalog.byName(a.path("model").asText()).orElseThrow();
        String mode = switch (a.path("mode").asText("whole")) {
          case "vgpu", "share" -> "share";
          case "vnpu", "mim" -> "partitioned";
          default -> a.path("mode").asText("whole");
        };
        int devices = count * a.path("count").asInt();
        Map<String, Integer> perDevice = new TreeMap<>();
        String cfg = a.path("migConfig").asText("");
        if (!cfg.isEmpty()) {
          List<String> layout = model.layouts().get(cfg);
          if (layout == null && cfg.startsWith("all-")) {
            String profile = cfg.substring(4);
            int max = model.partition(profile).orElseThrow().maxPerDevice();
            layout = java.util.Collections.nCopies(max, profile);
          }
          for (String p : layout) {
            perDevice.merge(p, 1, Integer::sum);
          }
        }
        Map<String, Integer> instances = new TreeMap<>();
        perDevice.forEach((p, k) -> instances.put(p, k * devices));
        int slots = mode.equals("share") ? devices * a.path("splitCount").asInt(10) : 0;
        add(e.groups, new Group(cluster, model.vendor().name().toLowerCase(Locale.ROOT), model.name(), mode, devices, instances,
            slots));
        add(e.groups, new Group("fleet", model.vendor().name().toLowerCase(Locale.ROOT), model.name(), mode, devices,
            instances, slots));
      }
      e.clusters.put(cluster, new Node(cpu, mem));
    }
    return e;
  }

  private static void add(Map<String, Group> into, Group g) {
    into.merge(g.key(), g, (x, y) -> {
      Map<String, Integer> inst = new TreeMap<>(x.instances());
      y.instances().forEach((k, v) -> inst.merge(k, v, Integer::sum));
      return new Group(x.cluster(), x.vendor(), x.model(), x.mode(), x.devices() + y.devices(), inst, x.slots() + y.slots());
    });
  }
}
