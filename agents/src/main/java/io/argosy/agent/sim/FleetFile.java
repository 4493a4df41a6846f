package io.argosy.agent.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.argosy.gpu.InvalidSpecException;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a fleet file ({@code clusters: [{name, labels, taints, volcano, nodes: [...]}]}, see
 * DESIGN.md). A node entry is a full Node manifest ({@code kind: Node}) or a {@link NodeTemplate}.
 * Every error is an {@link InvalidSpecException} naming the field path, e.g.
 * {@code clusters[1].nodes[0].accelerator.mode}.
 */
public final class FleetFile {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final KubernetesSerialization K8S = new KubernetesSerialization();

  private FleetFile() {}

  public static FleetSpec read(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new InvalidSpecException(file.toString(), "cannot read: " + e.getMessage());
    }
  }

  public static FleetSpec parse(String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new InvalidSpecException("", "not YAML: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidSpecException("", "a fleet file is a mapping with 'clusters'");
    }
    JsonNode clusters = root.get("clusters");
    if (clusters == null || !clusters.isArray() || clusters.isEmpty()) {
      throw new InvalidSpecException("clusters", "must be a non-empty list");
    }
    List<ClusterSpec> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < clusters.size(); i++) {
      ClusterSpec c = cluster(clusters.get(i), "clusters[" + i + "]");
      if (!names.add(c.name())) {
        throw new InvalidSpecException("clusters[" + i + "].name", "duplicate cluster '" + c.name() + "'");
      }
      out.add(c);
    }
    return new FleetSpec(out);
  }

  static ClusterSpec cluster(JsonNode c, String path) {
    requireObject(c, path);
    String name = dnsName(c.get("name"), path + ".name");
    Map<String, String> labels = stringMap(c.get("labels"), path + ".labels");
    List<String> taints = new ArrayList<>();
    JsonNode ts = c.get("taints");
    if (ts != null && !ts.isNull()) {
      if (!ts.isArray()) {
        throw new InvalidSpecException(path + ".taints", "must be a list");
      }
      for (int i = 0; i < ts.size(); i++) {
        taints.add(taint(ts.get(i), path + ".taints[" + i + "]"));
      }
    }
    boolean volcano = c.path("volcano").asBoolean(false);
    JsonNode ns = c.get("nodes");
    if (ns == null || !ns.isArray() || ns.isEmpty()) {
      throw new InvalidSpecException(path + ".nodes", "must be a non-empty list");
    }
    List<Node> nodes = new ArrayList<>();
    Set<String> nodeNames = new HashSet<>();
    for (int i = 0; i < ns.size(); i++) {
      String p = path + ".nodes[" + i + "]";
      JsonNode n = ns.get(i);
      requireObject(n, p);
      List<Node> expanded = n.has("kind") || n.has("apiVersion") ? List.of(manifest(n, p)) : NodeFactory.expand(template(n, p), p);
      for (Node node : expanded) {
        if (!nodeNames.add(node.getMetadata().getName())) {
          throw new InvalidSpecException(p, "duplicate node name '" + node.getMetadata().getName() + "' in cluster " + name);
        }
      }
      nodes.addAll(expanded);
    }
    return new ClusterSpec(name, labels, taints, volcano, nodes);
  }

  static Node manifest(JsonNode n, String path) {
    if (!"Node".equals(n.path("kind").asText())) {
      throw new InvalidSpecException(path + ".kind", "a manifest node entry must be kind Node");
    }
    Node node;
    try {
      node = K8S.unmarshal(n.toString(), Node.class);
    } catch (RuntimeException e) {
      throw new InvalidSpecException(path, "not a valid Node: " + e.getMessage());
    }
    if (node.getMetadata() == null || node.getMetadata().getName() == null) {
      throw new InvalidSpecException(path + ".metadata.name", "required");
    }
    return node;
  }

  static NodeTemplate template(JsonNode n, String path) {
    String prefix = dnsName(n.get("namePrefix"), path + ".namePrefix");
    int count = positiveInt(n.get("count"), path + ".count", 1);
    String cpu = quantity(n.get("cpu"), path + ".cpu", "32");
    String memory = quantity(n.get("memory"), path + ".memory", "256Gi");
    int pods = positiveInt(n.get("pods"), path + ".pods", 110);
    AcceleratorSpec acc = null;
    JsonNode a = n.get("accelerator");
    if (a != null && !a.isNull()) {
      acc = accelerator(a, path + ".accelerator");
    }
    NodeTemplate t = new NodeTemplate(prefix, count, cpu, memory, pods,
        stringMap(n.get("labels"), path + ".labels"), stringMap(n.get("annotations"), path + ".annotations"), acc);
    // expand once here so that a bad layout or model is reported against this template's path
    if (acc != null) {
      NodeFactory.publish(acc, prefix + "-0", path + ".accelerator");
    }
    return t;
  }

  static AcceleratorSpec accelerator(JsonNode a, String path) {
    requireObject(a, path);
    String vendorRaw = text(a.get("vendor"), path + ".vendor");
    String vendor = SimHardware.normalVendor(vendorRaw);
    if (vendor == null) {
      throw new InvalidSpecException(path + ".vendor", "unknown vendor '" + vendorRaw + "'; simulated: nvidia, huawei (ascend), metax, cambricon");
    }
    String model = text(a.get("model"), path + ".model");
    int count = positiveInt(a.get("count"), path + ".count", 8);
    SimMode mode = SimMode.WHOLE;
    if (a.hasNonNull("mode")) {
      mode = SimMode.parse(a.get("mode").asText());
      if (mode == null) {
        throw new InvalidSpecException(path + ".mode", "unknown mode '" + a.get("mode").asText()
            + "'; one of whole, mig-single, mig-mixed, vgpu (share), vnpu/mim (partitioned)");
      }
    }
    String mig = a.hasNonNull("migConfig") ? a.get("migConfig").asText() : null;
    int split = a.hasNonNull("splitCount") ? positiveInt(a.get("splitCount"), path + ".splitCount", 10) : 0;
    return new AcceleratorSpec(vendor, model, count, mode, mig, split);
  }

  static String taint(JsonNode t, String path) {
    if (t.isTextual()) {
      String s = t.asText();
      if (!s.matches("[^=:]+(=[^:]*)?:(NoSchedule|PreferNoSchedule|NoExecute)")) {
        throw new InvalidSpecException(path, "expected key[=value]:NoSchedule|PreferNoSchedule|NoExecute, got '" + s + "'");
      }
      return s;
    }
    requireObject(t, path);
    String key = text(t.get("key"), path + ".key");
    String effect = text(t.get("effect"), path + ".effect");
    if (!List.of("NoSchedule", "PreferNoSchedule", "NoExecute").contains(effect)) {
      throw new InvalidSpecException(path + ".effect", "must be NoSchedule, PreferNoSchedule or NoExecute, got '" + effect + "'");
    }
    String value = t.hasNonNull("value") ? t.get("value").asText() : null;
    return key + (value == null || value.isEmpty() ? "" : "=" + value) + ":" + effect;
  }

  static void requireObject(JsonNode n, String path) {
    if (n == null || !n.isObject()) {
      throw new InvalidSpecException(path, "must be a mapping");
    }
  }

  static String text(JsonNode n, String path) {
    if (n == null || n.isNull() || n.asText().isBlank()) {
      throw new InvalidSpecException(path, "required");
    }
    if (!n.isValueNode()) {
      throw new InvalidSpecException(path, "must be a string");
    }
    return n.asText().strip();
  }

  static String dnsName(JsonNode n, String path) {
    String s = text(n, path);
    if (!s.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
      throw new InvalidSpecException(path, "'" + s + "' is not a DNS-1123 name (lower-case letters, digits, '-', '.')");
    }
    return s;
  }

  static int positiveInt(JsonNode n, String path, int dflt) {
    if (n == null || n.isNull()) {
      return dflt;
    }
    if (!n.canConvertToInt() || !n.isIntegralNumber() && !n.asText().matches("\\d+")) {
      throw new InvalidSpecException(path, "must be a whole number, got '" + n.asText() + "'");
    }
    int v = n.isIntegralNumber() ? n.asInt() : Integer.parseInt(n.asText());
    if (v <= 0) {
      throw new InvalidSpecException(path, "must be positive, got " + v);
    }
    return v;
  }

  static String quantity(JsonNode n, String path, String dflt) {
    if (n == null || n.isNull()) {
      return dflt;
    }
    String s = n.asText().strip();
    try {
      if (Quantity.getAmountInBytes(new Quantity(s)).signum() <= 0) {
        throw new InvalidSpecException(path, "must be positive, got '" + s + "'");
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidSpecException(path, "'" + s + "' is not a quantity (e.g. 64, 500m, 512Gi)");
    }
    return s;
  }

  static Map<String, String> stringMap(JsonNode n, String path) {
    Map<String, String> m = new LinkedHashMap<>();
    if (n == null || n.isNull()) {
      return m;
    }
    requireObject(n, path);
    n.fields().forEachRemaining(e -> {
      if (!e.getValue().isValueNode()) {
        throw new InvalidSpecException(path + "." + e.getKey(), "must be a string");
      }
      m.put(e.getKey(), e.getValue().asText());
    });
    return m;
  }
}
