package io.argosy.fhpa.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.argosy.fhpa.cron.CronSchedule;
import io.argosy.gpu.InvalidSpecException;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads FederatedHPA and CronFederatedHPA documents (YAML or JSON) with the checks Kubernetes' HPA
 * validation and Karmada's webhook make. Every error is an {@link InvalidSpecException} naming the
 * field path; in a multi-document file the path starts with {@code documents[i]}.
 */
public final class FhpaManifests {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern DNS1123 = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  public static final String GROUP = "autoscaling.karmada.io/";

  private FhpaManifests() {}

  /** Every document of a multi-document YAML (or one JSON object), as generic trees. */
  public static List<JsonNode> documents(String text) {
    List<JsonNode> out = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
      while (it.hasNextValue()) {
        JsonNode n = it.nextValue();
        if (n != null && !n.isNull() && !(n.isObject() && n.isEmpty())) {
          out.add(n);
        }
      }
    } catch (IOException | RuntimeException e) {
      String m = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
      throw new InvalidSpecException("", "not valid YAML: " + m);
    }
    return out;
  }

  /** True for documents of the kinds this module reads. */
  public static boolean isAutoscaling(JsonNode doc) {
    String av = doc.path("apiVersion").asText("");
    return av.startsWith(GROUP) && (FederatedHpa.KIND.equals(doc.path("kind").asText()) || CronFederatedHpa.KIND.equals(doc.path("kind").asText()));
  }

  /** A FederatedHPA or CronFederatedHPA document. */
  public static Object parse(JsonNode doc) {
    String kind = doc.path("kind").asText("");
    String av = doc.path("apiVersion").asText("");
    if (!(GROUP + "v1alpha1").equals(av)) {
      throw new InvalidSpecException("apiVersion", "expected " + GROUP + "v1alpha1, got '" + av + "'");
    }
    return switch (kind) {
      case FederatedHpa.KIND -> federatedHpa(doc);
      case CronFederatedHpa.KIND -> cronFederatedHpa(doc);
      default -> throw new InvalidSpecException("kind", "expected FederatedHPA or CronFederatedHPA, got '" + kind + "'");
    };
  }

  public static FederatedHpa federatedHpa(JsonNode doc) {
    Node root = Node.root(doc);
    Node meta = root.requiredObject("metadata");
    String name = objectName(meta);
    String namespace = namespace(meta);
    Node spec = root.requiredObject("spec");
    ScaleTargetRef ref = ScaleTargetRef.parse(spec.requiredObject("scaleTargetRef"));
    int min = spec.integer("minReplicas", 1);
    if (min < 1) {
      throw new InvalidSpecException(spec.pathOf("minReplicas"), "must be greater than or equal to 1");
    }
    Integer maxObj = spec.integer("maxReplicas");
    if (maxObj == null) {
      throw new InvalidSpecException(spec.pathOf("maxReplicas"), "Required value");
    }
    int max = maxObj;
    if (max < min) {
      throw new InvalidSpecException(spec.pathOf("maxReplicas"), "must be greater than or equal to minReplicas (" + min + ")");
    }
    List<MetricSpec> metrics = new ArrayList<>();
    for (Node m : spec.objects("metrics")) {
      metrics.add(metric(m));
    }
    if (metrics.isEmpty()) { // Karmada's and Kubernetes' default: 80 % cpu
      metrics.add(new MetricSpec.Resource("cpu", MetricTarget.utilization(80)));
    }
    Node b = spec.object("behavior");
    Behavior behavior = b == null ? Behavior.DEFAULT
        : new Behavior(rules(b.object("scaleUp"), ScalingRules.DEFAULT_UP, b.pathOf("scaleUp")),
            rules(b.object("scaleDown"), ScalingRules.DEFAULT_DOWN, b.pathOf("scaleDown")));
    return new FederatedHpa(namespace, name, ref, min, max, metrics, behavior);
  }

  private static MetricSpec metric(Node m) {
    String type = m.requiredString("type");
    switch (type) {
      case "Resource" -> {
        Node r = m.requiredObject("resource");
        String name = r.requiredString("name");
        if (!name.equals("cpu") && !name.equals("memory")) {
          throw new InvalidSpecException(r.pathOf("name"), "unsupported resource '" + name + "': cpu or memory");
        }
        MetricTarget t = target(r.requiredObject("target"));
        if (t.type() == MetricTarget.Type.Value) {
          throw new InvalidSpecException(r.pathOf("target.type"), "must be either Utilization or AverageValue");
        }
        return new MetricSpec.Resource(name, t);
      }
      case "Pods" -> {
        Node p = m.requiredObject("pods");
        String name = p.requiredObject("metric").requiredString("name");
        MetricTarget t = target(p.requiredObject("target"));
        if (t.type() != MetricTarget.Type.AverageValue) {
          throw new InvalidSpecException(p.pathOf("target.type"), "must be AverageValue");
        }
        return new MetricSpec.Pods(name, t);
      }
      case "Object" -> {
        Node o = m.requiredObject("object");
        String name = o.requiredObject("metric").requiredString("name");
        Node d = o.requiredObject("describedObject");
        MetricTarget t = target(o.requiredObject("target"));
        if (t.type() == MetricTarget.Type.Utilization) {
          throw new InvalidSpecException(o.pathOf("target.type"), "must be either Value or AverageValue");
        }
        return new MetricSpec.Object(name, d.requiredString("kind"), d.requiredString("name"), t);
      }
      case "ContainerResource", "External" ->
          throw new InvalidSpecException(m.pathOf("type"), "metric type " + type + " is not supported: Resource, Pods or Object");
      default -> throw new InvalidSpecException(m.pathOf("type"), "must be Resource, Pods or Object, got '" + type + "'");
    }
  }

  private static MetricTarget target(Node t) {
    String type = t.requiredString("type");
    switch (type) {
      case "Utilization" -> {
        Integer u = t.integer("averageUtilization");
        if (u == null) {
          throw new InvalidSpecException(t.pathOf("averageUtilization"), "Required value for type Utilization");
        }
        if (u < 1) {
          throw new InvalidSpecException(t.pathOf("averageUtilization"), "must be greater than 0");
        }
        return MetricTarget.utilization(u);
      }
      case "AverageValue" -> {
        return MetricTarget.averageValue(positive(t, "averageValue"));
      }
      case "Value" -> {
        return MetricTarget.value(positive(t, "value"));
      }
      default -> throw new InvalidSpecException(t.pathOf("type"), "must be Utilization, AverageValue or Value, got '" + type + "'");
    }
  }

  private static long positive(Node t, String field) {
    Long v = t.milliQuantity(field);
    if (v == null) {
      throw new InvalidSpecException(t.pathOf(field), "Required value for type " + t.string("type"));
    }
    if (v <= 0) {
      throw new InvalidSpecException(t.pathOf(field), "must be positive");
    }
    return v;
  }

  private static ScalingRules rules(Node r, ScalingRules dflt, String path) {
    if (r == null) {
      return dflt;
    }
    int window = r.integer("stabilizationWindowSeconds", dflt.stabilizationWindowSeconds());
    if (window < 0 || window > 3600) {
      throw new InvalidSpecException(r.pathOf("stabilizationWindowSeconds"), "must be between 0 and 3600 seconds");
    }
    String sp = r.string("selectPolicy");
    ScalingRules.SelectPolicy select;
    try {
      select = sp == null ? ScalingRules.SelectPolicy.Max : ScalingRules.SelectPolicy.valueOf(sp);
    } catch (IllegalArgumentException e) {
      throw new InvalidSpecException(r.pathOf("selectPolicy"), "must be Max, Min or Disabled, got '" + sp + "'");
    }
    List<ScalingPolicy> policies;
    if (!r.has("policies")) {
      policies = dflt.policies();
    } else {
      policies = new ArrayList<>();
      for (Node p : r.objects("policies")) {
        String type = p.requiredString("type");
        ScalingPolicy.Type t;
        try {
          t = ScalingPolicy.Type.valueOf(type);
        } catch (IllegalArgumentException e) {
          throw new InvalidSpecException(p.pathOf("type"), "must be Pods or Percent, got '" + type + "'");
        }
        Integer value = p.integer("value");
        if (value == null || value < 1) {
          throw new InvalidSpecException(p.pathOf("value"), "must be greater than zero");
        }
        Integer period = p.integer("periodSeconds");
        if (period == null || period < 1 || period > 1800) {
          throw new InvalidSpecException(p.pathOf("periodSeconds"), "must be between 1 and 1800 seconds");
        }
        policies.add(new ScalingPolicy(t, value, period));
      }
      if (policies.isEmpty() && select != ScalingRules.SelectPolicy.Disabled) {
        throw new InvalidSpecException(r.pathOf("policies"), "must specify at least one Policy");
      }
    }
    return new ScalingRules(window, select, policies);
  }

  public static CronFederatedHpa cronFederatedHpa(JsonNode doc) {
    Node root = Node.root(doc);
    Node meta = root.requiredObject("metadata");
    String name = objectName(meta);
    String namespace = namespace(meta);
    Node spec = root.requiredObject("spec");
    ScaleTargetRef ref = ScaleTargetRef.parse(spec.requiredObject("scaleTargetRef"));
    if (ref.isFederatedHpa() && !ref.apiVersion().startsWith(GROUP)) {
      throw new InvalidSpecException(spec.pathOf("scaleTargetRef.apiVersion"), "a FederatedHPA is " + GROUP + "v1alpha1");
    }
    List<Node> ruleNodes = spec.objects("rules");
    if (ruleNodes.isEmpty()) {
      throw new InvalidSpecException(spec.pathOf("rules"), "Required value: at least one rule");
    }
    List<CronRule> rules = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Node r : ruleNodes) {
      String rn = r.requiredString("name");
      if (!names.add(rn)) {
        throw new InvalidSpecException(r.pathOf("name"), "Duplicate value: '" + rn + "'");
      }
      String schedule = r.requiredString("schedule");
      try {
        CronSchedule.parse(schedule);
      } catch (IllegalArgumentException e) {
        throw new InvalidSpecException(r.pathOf("schedule"), e.getMessage());
      }
      ZoneId zone = ZoneOffset.UTC;
      String tz = r.string("timeZone");
      if (tz != null && !tz.isEmpty()) {
        try {
          zone = ZoneId.of(tz);
        } catch (DateTimeException e) {
          throw new InvalidSpecException(r.pathOf("timeZone"), "unknown time zone '" + tz + "'");
        }
      }
      Integer replicas = r.integer("targetReplicas");
      Integer min = r.integer("targetMinReplicas");
      Integer max = r.integer("targetMaxReplicas");
      if (ref.isFederatedHpa()) {
        if (replicas != null) {
          throw new InvalidSpecException(r.pathOf("targetReplicas"), "not allowed when scaleTargetRef is a FederatedHPA: use targetMinReplicas/targetMaxReplicas");
        }
        if (min == null && max == null) {
          throw new InvalidSpecException(r.pathOf("targetMinReplicas"), "Required value: targetMinReplicas or targetMaxReplicas");
        }
        if (min != null && min < 1) {
          throw new InvalidSpecException(r.pathOf("targetMinReplicas"), "must be greater than or equal to 1");
        }
        if (max != null && max < 1) {
          throw new InvalidSpecException(r.pathOf("targetMaxReplicas"), "must be greater than or equal to 1");
        }
        if (min != null && max != null && max < min) {
          throw new InvalidSpecException(r.pathOf("targetMaxReplicas"), "must be greater than or equal to targetMinReplicas");
        }
      } else {
        if (min != null || max != null) {
          throw new InvalidSpecException(r.pathOf(min != null ? "targetMinReplicas" : "targetMaxReplicas"),
              "only allowed when scaleTargetRef is a FederatedHPA");
        }
        if (replicas == null) {
          throw new InvalidSpecException(r.pathOf("targetReplicas"), "Required value");
        }
        if (replicas < 0) {
          throw new InvalidSpecException(r.pathOf("targetReplicas"), "must be greater than or equal to 0");
        }
      }
      Boolean suspend = r.bool("suspend");
      int ok = historyLimit(r, "successfulHistoryLimit");
      int failed = historyLimit(r, "failedHistoryLimit");
      rules.add(new CronRule(rn, schedule, replicas, min, max, suspend != null && suspend, zone, ok, failed));
    }
    return new CronFederatedHpa(namespace, name, ref, rules);
  }

  private static int historyLimit(Node r, String field) {
    int v = r.integer(field, 3);
    if (v < 1 || v > 32) {
      throw new InvalidSpecException(r.pathOf(field), "must be between 1 and 32");
    }
    return v;
  }

  private static String objectName(Node meta) {
    String name = meta.requiredString("name");
    if (name.length() > 253 || !DNS1123.matcher(name).matches()) {
      throw new InvalidSpecException(meta.pathOf("name"), "'" + name + "' is not a DNS-1123 subdomain");
    }
    return name;
  }

  private static String namespace(Node meta) {
    String ns = meta.string("namespace");
    return ns == null || ns.isEmpty() ? "default" : ns;
  }
}
