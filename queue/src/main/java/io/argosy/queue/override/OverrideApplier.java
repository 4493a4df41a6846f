package io.argosy.queue.override;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies override policies to a job's manifest for one member cluster. Policies come in the order
 * they apply (see {@link OverrideResolver}); within a policy its rules in order, and within a rule
 * Karmada's overrider order: image, command, args, labels, annotations, plaintext.
 *
 * <p>Where Karmada finds containers by workload kind, this finds every pod template of a job: a
 * Pod's {@code spec}, {@code spec.template.spec} (batch Job, Deployment) and each Volcano task's
 * {@code spec.tasks[*].template.spec}. Labels and annotations go on the object and on its pod
 * templates, because the agent creates pods from the templates.
 */
public final class OverrideApplier {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The overridden manifest (compact JSON) and one line per change made, in order. */
  public record Result(String manifest, List<String> changes) {
    public Result {
      changes = List.copyOf(changes);
    }
  }

  private OverrideApplier() {}

  /**
   * @param manifest the job's manifest as JSON
   * @param policies the policies selecting the job, in application order
   * @param fields the cluster's provider/region/zone
   * @throws OverrideException when an overrider cannot be applied (its rule names the policy)
   */
  public static Result apply(String manifest, List<OverridePolicy> policies, String cluster, Map<String, String> labels,
      Map<String, String> fields) {
    ObjectNode doc;
    try {
      doc = (ObjectNode) JSON.readTree(manifest);
    } catch (JsonProcessingException | ClassCastException e) {
      throw new IllegalArgumentException("the manifest is not a JSON object", e);
    }
    List<String> changes = new ArrayList<>();
    for (OverridePolicy p : policies) {
      for (int i = 0; i < p.rules().size(); i++) {
        OverrideRule rule = p.rules().get(i);
        if (rule.targets(cluster, labels, fields)) {
          String who = p.displayName() + " rule " + i;
          applyRule(doc, rule.overriders(), who, changes);
        }
      }
    }
    try {
      return new Result(JSON.writeValueAsString(doc), changes);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void applyRule(ObjectNode doc, Overriders o, String who, List<String> changes) {
    for (Overriders.ImageOverrider io : o.image()) {
      image(doc, io, who, changes);
    }
    for (Overriders.CommandArgsOverrider c : o.command()) {
      commandArgs(doc, c, "command", who, changes);
    }
    for (Overriders.CommandArgsOverrider c : o.args()) {
      commandArgs(doc, c, "args", who, changes);
    }
    for (Overriders.MetadataOverrider m : o.labels()) {
      metadata(doc, m, "labels", who, changes);
    }
    for (Overriders.MetadataOverrider m : o.annotations()) {
      metadata(doc, m, "annotations", who, changes);
    }
    for (Overriders.PlaintextOverrider p : o.plaintext()) {
      plaintext(doc, p, who, changes);
    }
  }

  // ------------------------------------------------------------------ where pods are

  /** A pod spec or template found in the manifest, with its path for messages. */
  private record Found(ObjectNode node, String path) {}

  private static List<Found> podSpecs(ObjectNode doc) {
    List<Found> out = new ArrayList<>();
    if ("Pod".equals(doc.path("kind").asText()) && doc.path("spec").isObject()) {
      out.add(new Found((ObjectNode) doc.get("spec"), "/spec"));
    }
    JsonNode t = doc.path("spec").path("template");
    if (t.path("spec").isObject()) {
      out.add(new Found((ObjectNode) t.get("spec"), "/spec/template/spec"));
    }
    JsonNode tasks = doc.path("spec").path("tasks");
    for (int i = 0; i < tasks.size(); i++) {
      JsonNode ts = tasks.get(i).path("template").path("spec");
      if (ts.isObject()) {
        out.add(new Found((ObjectNode) ts, "/spec/tasks/" + i + "/template/spec"));
      }
    }
    return out;
  }

  /** The object's metadata and every pod template's metadata (created when missing). */
  private static List<Found> metadatas(ObjectNode doc) {
    List<Found> out = new ArrayList<>();
    out.add(new Found(child(doc, "metadata"), "/metadata"));
    JsonNode t = doc.path("spec").path("template");
    if (t.isObject()) {
      out.add(new Found(child((ObjectNode) t, "metadata"), "/spec/template/metadata"));
    }
    JsonNode tasks = doc.path("spec").path("tasks");
    for (int i = 0; i < tasks.size(); i++) {
      JsonNode tt = tasks.get(i).path("template");
      if (tt.isObject()) {
        out.add(new Found(child((ObjectNode) tt, "metadata"), "/spec/tasks/" + i + "/template/metadata"));
      }
    }
    return out;
  }

  private static ObjectNode child(ObjectNode parent, String name) {
    JsonNode n = parent.get(name);
    if (n instanceof ObjectNode o) {
      return o;
    }
    return parent.putObject(name);
  }

  // ------------------------------------------------------------------ overriders

  private static void image(ObjectNode doc, Overriders.ImageOverrider io, String who, List<String> changes) {
    if (io.predicatePath() != null && !io.predicatePath().isEmpty()) {
      Located at = locate(doc, io.predicatePath(), who);
      JsonNode current = at.get();
      if (current == null || !current.isTextual()) {
        throw new OverrideException(who, "imageOverrider predicate path " + io.predicatePath() + " does not name an image");
      }
      String next = overrideImage(current.asText(), io);
      at.set(TextNode.valueOf(next));
      changes.add(who + ": " + io.predicatePath() + ": " + current.asText() + " -> " + next);
      return;
    }
    for (Found spec : podSpecs(doc)) {
      for (String list : List.of("initContainers", "containers")) {
        JsonNode cs = spec.node().path(list);
        for (int i = 0; i < cs.size(); i++) {
          JsonNode c = cs.get(i);
          if (c instanceof ObjectNode co && c.path("image").isTextual()) {
            String old = c.get("image").asText();
            String next = overrideImage(old, io);
            co.put("image", next);
            changes.add(who + ": " + spec.path() + "/" + list + "/" + i + "/image: " + old + " -> " + next);
          }
        }
      }
    }
  }

  static String overrideImage(String image, Overriders.ImageOverrider io) {
    ImageReference ref = ImageReference.parse(image);
    String v = io.value() == null ? "" : io.value();
    String current = ref.get(io.component());
    String next = switch (io.operator()) {
      case add -> current + v;
      case remove -> "";
      case replace -> v;
    };
    return ref.with(io.component(), next).toString();
  }

  private static void commandArgs(ObjectNode doc, Overriders.CommandArgsOverrider c, String field, String who,
      List<String> changes) {
    for (Found spec : podSpecs(doc)) {
      JsonNode cs = spec.node().path("containers");
      for (int i = 0; i < cs.size(); i++) {
        if (!(cs.get(i) instanceof ObjectNode co) || !c.containerName().equals(co.path("name").asText())) {
          continue;
        }
        ArrayNode values = co.get(field) instanceof ArrayNode a ? a : co.putArray(field);
        String before = values.toString();
        if (c.operator() == Overriders.Operator.add) {
          c.value().forEach(values::add);
        } else {
          for (int k = values.size() - 1; k >= 0; k--) {
            if (c.value().contains(values.get(k).asText())) {
              values.remove(k);
            }
          }
        }
        changes.add(who + ": " + spec.path() + "/containers/" + i + "/" + field + ": " + before + " -> " + values);
      }
    }
  }

  private static void metadata(ObjectNode doc, Overriders.MetadataOverrider m, String field, String who,
      List<String> changes) {
    for (Found meta : metadatas(doc)) {
      ObjectNode map = child(meta.node(), field);
      for (Map.Entry<String, String> e : new java.util.TreeMap<>(m.value()).entrySet()) {
        boolean present = map.has(e.getKey());
        switch (m.operator()) {
          case add -> map.put(e.getKey(), e.getValue());
          case replace -> {
            if (!present) {
              continue; // Karmada replaces only keys that exist
            }
            map.put(e.getKey(), e.getValue());
          }
          case remove -> {
            if (!present) {
              continue;
            }
            map.remove(e.getKey());
          }
        }
        changes.add(who + ": " + meta.path() + "/" + field + "/" + e.getKey() + ": " + m.operator()
            + (m.operator() == Overriders.Operator.remove ? "" : " " + e.getValue()));
      }
    }
  }

  private static void plaintext(ObjectNode doc, Overriders.PlaintextOverrider p, String who, List<String> changes) {
    Located at = locate(doc, p.path(), who);
    JsonNode value = p.value() == null ? JsonNodeFactory.instance.nullNode() : JSON.valueToTree(p.value());
    switch (p.operator()) {
      case add -> at.add(value);
      case replace -> {
        if (at.get() == null) {
          throw new OverrideException(who, "plaintext replace: path " + p.path() + " does not exist");
        }
        at.set(value);
      }
      case remove -> {
        if (at.get() == null) {
          throw new OverrideException(who, "plaintext remove: path " + p.path() + " does not exist");
        }
        at.remove();
      }
    }
    changes.add(who + ": " + p.path() + ": " + p.operator() + (p.operator() == Overriders.Operator.remove ? "" : " " + value));
  }

  // ------------------------------------------------------------------ JSON pointer targets

  /** The parent container of a pointer's last token, and that token. */
  private record Located(JsonNode parent, String token, String path, String who) {
    JsonNode get() {
      if (parent instanceof ObjectNode o) {
        return o.get(token);
      }
      int i = index(false);
      return i >= 0 && i < parent.size() ? parent.get(i) : null;
    }

    void set(JsonNode v) {
      if (parent instanceof ObjectNode o) {
        o.set(token, v);
      } else {
        ((ArrayNode) parent).set(index(false), v);
      }
    }

    void add(JsonNode v) {
      if (parent instanceof ObjectNode o) {
        o.set(token, v);
      } else if (token.equals("-")) {
        ((ArrayNode) parent).add(v);
      } else {
        int i = index(true);
        ((ArrayNode) parent).insert(i, v);
      }
    }

    void remove() {
      if (parent instanceof ObjectNode o) {
        o.remove(token);
      } else {
        ((ArrayNode) parent).remove(index(false));
      }
    }

    private int index(boolean forAdd) {
      int i;
      try {
        i = Integer.parseInt(token);
      } catch (NumberFormatException e) {
        throw new OverrideException(who, "path " + path + ": '" + token + "' is not an array index");
      }
      int max = forAdd ? parent.size() : parent.size() - 1;
      if (i < 0 || i > max) {
        throw new OverrideException(who, "path " + path + ": index " + i + " is out of bounds (size " + parent.size() + ")");
      }
      return i;
    }
  }

  private static Located locate(ObjectNode doc, String path, String who) {
    String bad = JsonPointer.invalid(path);
    if (bad != null) {
      throw new OverrideException(who, "path " + path + " " + bad);
    }
    List<String> tokens = JsonPointer.tokens(path);
    JsonNode node = doc;
    for (int i = 0; i < tokens.size() - 1; i++) {
      String t = tokens.get(i);
      JsonNode next = node.isArray() ? arrayItem(node, t) : node.get(t);
      if (next == null || !(next.isObject() || next.isArray())) {
        throw new OverrideException(who, "path " + path + " does not exist (no object or array at /"
            + String.join("/", tokens.subList(0, i + 1)) + ")");
      }
      node = next;
    }
    return new Located(node, tokens.get(tokens.size() - 1), path, who);
  }

  private static JsonNode arrayItem(JsonNode array, String token) {
    try {
      return array.get(Integer.parseInt(token));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
