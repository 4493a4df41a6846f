package io.argosy.queue.manifest;

import io.argosy.gpu.InvalidSpecException;
import io.argosy.queue.job.JobId;
import io.argosy.queue.override.OverridePolicy;
import io.argosy.queue.override.OverrideRule;
import io.argosy.queue.override.Overriders;
import io.argosy.queue.placement.ClusterAffinity;
import io.argosy.queue.placement.ResourceSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Karmada {@code policy.karmada.io/v1alpha1} OverridePolicy and ClusterOverridePolicy, with the
 * checks Karmada's webhook makes plus two of Argosy's: an overrider Argosy does not know (or
 * {@code fieldOverrider}, which edits YAML/JSON inside ConfigMap values and has no meaning for a
 * job) is refused rather than silently skipped, and plaintext paths must be JSON pointers.
 * The deprecated single {@code spec.targetCluster} + {@code spec.overriders} form is read as one rule.
 */
final class KarmadaOverrideDecoder {
  private static final Set<String> OVERRIDERS =
      Set.of("imageOverrider", "commandOverrider", "argsOverrider", "labelsOverrider", "annotationsOverrider", "plaintext");

  OverridePolicyManifest decode(int index, Map<String, Object> raw, boolean clusterScoped) {
    Fields doc = Fields.root(raw);
    Fields meta = doc.object("metadata");
    if (meta == null) {
      throw new InvalidSpecException("metadata", "Required value");
    }
    String name = meta.requiredString("name");
    Names.objectName(name, "metadata.name", 253);
    String namespace = null;
    if (!clusterScoped) {
      namespace = meta.string("namespace");
      namespace = namespace == null || namespace.isEmpty() ? JobId.DEFAULT_NAMESPACE : namespace;
    }
    Fields spec = doc.object("spec");
    if (spec == null) {
      throw new InvalidSpecException("spec", "Required value");
    }
    List<ResourceSelector> rs = new ArrayList<>();
    for (Fields s : spec.objects("resourceSelectors")) {
      Fields ls = s.object("labelSelector");
      rs.add(new ResourceSelector(s.requiredString("apiVersion"), s.requiredString("kind"), s.string("namespace"),
          s.string("name"), ls == null ? null : KarmadaPolicyDecoder.labelSelector(ls)));
    }
    List<OverrideRule> rules = new ArrayList<>();
    List<Fields> ruleFields = spec.objects("overrideRules");
    Fields legacy = spec.object("overriders");
    if (!ruleFields.isEmpty() && (legacy != null || spec.object("targetCluster") != null)) {
      throw new InvalidSpecException(spec.pathOf("overrideRules"),
          "overrideRules and the deprecated targetCluster/overriders can not be set together");
    }
    for (Fields r : ruleFields) {
      Fields o = r.object("overriders");
      if (o == null) {
        throw new InvalidSpecException(r.pathOf("overriders"), "Required value");
      }
      rules.add(new OverrideRule(target(r.object("targetCluster")), overriders(o)));
    }
    if (legacy != null) {
      rules.add(new OverrideRule(target(spec.object("targetCluster")), overriders(legacy)));
    }
    return new OverridePolicyManifest(index, new OverridePolicy(name, namespace, clusterScoped, rs, rules));
  }

  private static ClusterAffinity target(Fields t) {
    return t == null ? ClusterAffinity.ANY : KarmadaPolicyDecoder.clusterAffinity(t);
  }

  private static Overriders overriders(Fields o) {
    for (String key : o.keys()) {
      if (key.equals("fieldOverrider")) {
        throw new InvalidSpecException(o.pathOf(key), "fieldOverrider is not supported for jobs; supported overriders: "
            + String.join(", ", OVERRIDERS.stream().sorted().toList()));
      }
      if (!OVERRIDERS.contains(key)) {
        throw new InvalidSpecException(o.pathOf(key), "unknown overrider \"" + key + "\"; supported overriders: "
            + String.join(", ", OVERRIDERS.stream().sorted().toList()));
      }
    }
    List<Overriders.ImageOverrider> images = new ArrayList<>();
    for (Fields f : o.objects("imageOverrider")) {
      Fields predicate = f.object("predicate");
      String path = null;
      if (predicate != null) {
        path = predicate.requiredString("path");
        pointer(predicate, "path", path);
      }
      Overriders.Component c = component(f);
      Overriders.Operator op = operator(f, Set.of(Overriders.Operator.values()));
      String value = f.string("value");
      if (op != Overriders.Operator.remove && (value == null || value.isEmpty())) {
        throw new InvalidSpecException(f.pathOf("value"), "Required value when operator is '" + op + "'");
      }
      images.add(new Overriders.ImageOverrider(path, c, op, value));
    }
    return new Overriders(images, commandArgs(o, "commandOverrider"), commandArgs(o, "argsOverrider"),
        metadata(o, "labelsOverrider"), metadata(o, "annotationsOverrider"), plaintext(o));
  }

  private static Overriders.Component component(Fields f) {
    String c = f.requiredString("component");
    try {
      return Overriders.Component.valueOf(c);
    } catch (IllegalArgumentException e) {
      throw new InvalidSpecException(f.pathOf("component"),
          "Unsupported value: \"" + c + "\": supported values: \"Registry\", \"Repository\", \"Tag\"");
    }
  }

  private static Overriders.Operator operator(Fields f, Set<Overriders.Operator> allowed) {
    String op = f.requiredString("operator");
    Overriders.Operator o = null;
    try {
      o = Overriders.Operator.valueOf(op);
    } catch (IllegalArgumentException e) {
      // reported below
    }
    if (o == null || !allowed.contains(o)) {
      throw new InvalidSpecException(f.pathOf("operator"), "Unsupported value: \"" + op + "\": supported values: "
          + String.join(", ", allowed.stream().sorted().map(a -> "\"" + a + "\"").toList()));
    }
    return o;
  }

  private static List<Overriders.CommandArgsOverrider> commandArgs(Fields o, String key) {
    List<Overriders.CommandArgsOverrider> out = new ArrayList<>();
    for (Fields f : o.objects(key)) {
      String container = f.requiredString("containerName");
      Overriders.Operator op = operator(f, Set.of(Overriders.Operator.add, Overriders.Operator.remove));
      out.add(new Overriders.CommandArgsOverrider(container, op, f.strings("value")));
    }
    return out;
  }

  private static List<Overriders.MetadataOverrider> metadata(Fields o, String key) {
    List<Overriders.MetadataOverrider> out = new ArrayList<>();
    for (Fields f : o.objects(key)) {
      Overriders.Operator op = operator(f, Set.of(Overriders.Operator.values()));
      Map<String, String> value = f.stringMap("value");
      out.add(new Overriders.MetadataOverrider(op, value));
    }
    return out;
  }

  private static List<Overriders.PlaintextOverrider> plaintext(Fields o) {
    List<Overriders.PlaintextOverrider> out = new ArrayList<>();
    for (Fields f : o.objects("plaintext")) {
      String path = f.requiredString("path");
      pointer(f, "path", path);
      Overriders.Operator op = operator(f, Set.of(Overriders.Operator.values()));
      if (op != Overriders.Operator.remove && !f.has("value")) {
        throw new InvalidSpecException(f.pathOf("value"), "Required value when operator is '" + op + "'");
      }
      out.add(new Overriders.PlaintextOverrider(path, op, op == Overriders.Operator.remove ? null : f.raw("value")));
    }
    return out;
  }

  private static void pointer(Fields f, String key, String path) {
    String bad = io.argosy.queue.override.JsonPointer.invalid(path);
    if (bad != null) {
      throw new InvalidSpecException(f.pathOf(key), "invalid JSON-patch path \"" + path + "\": " + bad);
    }
  }
}
