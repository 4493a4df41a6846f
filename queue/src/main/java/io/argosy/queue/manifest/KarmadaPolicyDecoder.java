package io.argosy.queue.manifest;

import io.argosy.gpu.InvalidSpecException;
import io.argosy.queue.job.JobId;
import io.argosy.queue.placement.ClusterAffinity;
import io.argosy.queue.placement.ClusterAffinityTerm;
import io.argosy.queue.placement.ClusterToleration;
import io.argosy.queue.placement.FieldSelector;
import io.argosy.queue.placement.LabelSelector;
import io.argosy.queue.placement.LabelSelectorRequirement;
import io.argosy.queue.placement.Placement;
import io.argosy.queue.placement.PropagationPolicy;
import io.argosy.queue.placement.ReplicaScheduling;
import io.argosy.queue.placement.ResourceSelector;
import io.argosy.queue.placement.SpreadConstraint;
import io.argosy.queue.placement.StaticClusterWeight;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Karmada {@code policy.karmada.io/v1alpha1} PropagationPolicy and ClusterPropagationPolicy. No
 * fabric8 model exists, so the generic document is walked into Argosy's placement records, with the
 * checks Karmada's webhook makes on the parts Argosy uses. Other fields (conflictResolution,
 * failover, suspension, ...) are ignored.
 */
final class KarmadaPolicyDecoder {
  private static final Set<String> SPREAD_FIELDS = Set.of("cluster", "region", "zone", "provider");
  private static final Set<String> CLUSTER_FIELDS = Set.of("provider", "region", "zone");
  private static final Set<String> EFFECTS = Set.of("", "NoSchedule", "PreferNoSchedule", "NoExecute");

  PropagationPolicyManifest decode(int index, Map<String, Object> raw, boolean clusterScoped) {
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
    String defaultFlag = meta.stringMap("annotations").get(PropagationPolicy.DEFAULT_ANNOTATION);
    boolean clusterDefault = "true".equals(defaultFlag);
    if (defaultFlag != null && !clusterDefault && !"false".equals(defaultFlag)) {
      throw new InvalidSpecException("metadata.annotations[" + PropagationPolicy.DEFAULT_ANNOTATION + "]",
          "must be \"true\" or \"false\", got \"" + defaultFlag + "\"");
    }
    if (clusterDefault && !clusterScoped) {
      throw new InvalidSpecException("metadata.annotations[" + PropagationPolicy.DEFAULT_ANNOTATION + "]",
          "only a ClusterPropagationPolicy can be the cluster-wide default");
    }
    Fields spec = doc.object("spec");
    if (spec == null) {
      throw new InvalidSpecException("spec", "Required value");
    }
    List<Fields> selectors = spec.objects("resourceSelectors");
    if (selectors.isEmpty()) {
      throw new InvalidSpecException("spec.resourceSelectors", "Required value: at least one resource selector");
    }
    List<ResourceSelector> rs = new ArrayList<>();
    for (Fields s : selectors) {
      Fields ls = s.object("labelSelector");
      rs.add(new ResourceSelector(s.requiredString("apiVersion"), s.requiredString("kind"), s.string("namespace"),
          s.string("name"), ls == null ? null : labelSelector(ls)));
    }
    Integer priority = spec.integer("priority");
    Fields placement = spec.object("placement");
    Placement p = placement == null ? Placement.ANY : placement(placement);
    return new PropagationPolicyManifest(index,
        new PropagationPolicy(name, namespace, clusterScoped, priority == null ? 0 : priority, rs, p, clusterDefault));
  }

  private Placement placement(Fields p) {
    Fields affinity = p.object("clusterAffinity");
    List<Fields> affinities = p.objects("clusterAffinities");
    if (affinity != null && !affinities.isEmpty()) {
      throw new InvalidSpecException(p.pathOf("clusterAffinities"), "clusterAffinities can not co-exist with clusterAffinity");
    }
    List<ClusterAffinityTerm> terms = new ArrayList<>();
    Set<String> termNames = new HashSet<>();
    for (Fields t : affinities) {
      String n = t.requiredString("affinityName");
      if (!termNames.add(n)) {
        throw new InvalidSpecException(t.pathOf("affinityName"), "duplicated affinityName " + n);
      }
      terms.add(new ClusterAffinityTerm(n, clusterAffinity(t)));
    }
    List<ClusterToleration> tolerations = new ArrayList<>();
    for (Fields t : p.objects("clusterTolerations")) {
      tolerations.add(toleration(t));
    }
    List<SpreadConstraint> spread = new ArrayList<>();
    for (Fields s : p.objects("spreadConstraints")) {
      spread.add(spreadConstraint(s));
    }
    boolean byField = spread.stream().anyMatch(s -> s.spreadByField() != null);
    boolean byCluster = spread.stream().anyMatch(s -> "cluster".equals(s.spreadByField()));
    if (byField && !byCluster) {
      throw new InvalidSpecException(p.pathOf("spreadConstraints"),
          "the cluster spread constraint must be enabled in one of the constraints in case of SpreadByField is enabled");
    }
    Fields rsched = p.object("replicaScheduling");
    return new Placement(affinity == null ? ClusterAffinity.ANY : clusterAffinity(affinity), terms, tolerations, spread,
        rsched == null ? null : replicaScheduling(rsched));
  }

  static ClusterAffinity clusterAffinity(Fields a) {
    Fields ls = a.object("labelSelector");
    Fields fs = a.object("fieldSelector");
    return new ClusterAffinity(ls == null ? null : labelSelector(ls), fs == null ? null : fieldSelector(fs),
        a.strings("clusterNames"), a.strings("exclude"));
  }

  static LabelSelector labelSelector(Fields s) {
    List<LabelSelectorRequirement> exprs = new ArrayList<>();
    for (Fields e : s.objects("matchExpressions")) {
      String key = e.requiredString("key");
      String op = e.requiredString("operator");
      List<String> values = e.strings("values");
      switch (op) {
        case "In", "NotIn" -> {
          if (values.isEmpty()) {
            throw new InvalidSpecException(e.pathOf("values"), "must be specified when `operator` is 'In' or 'NotIn'");
          }
        }
        case "Exists", "DoesNotExist" -> {
          if (!values.isEmpty()) {
            throw new InvalidSpecException(e.pathOf("values"),
                "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
          }
        }
        default -> throw new InvalidSpecException(e.pathOf("operator"), "not a valid selector operator: " + op);
      }
      exprs.add(new LabelSelectorRequirement(key, op, values));
    }
    return new LabelSelector(s.stringMap("matchLabels"), exprs);
  }

  private static FieldSelector fieldSelector(Fields s) {
    List<LabelSelectorRequirement> exprs = new ArrayList<>();
    for (Fields e : s.objects("matchExpressions")) {
      String key = e.requiredString("key");
      if (!CLUSTER_FIELDS.contains(key)) {
        throw new InvalidSpecException(e.pathOf("key"), "unsupported key " + key + "; supported keys are provider, region, zone");
      }
      String op = e.requiredString("operator");
      if (!op.equals("In") && !op.equals("NotIn")) {
        throw new InvalidSpecException(e.pathOf("operator"), "unsupported operator " + op + "; supported operators are In, NotIn");
      }
      List<String> values = e.strings("values");
      if (values.isEmpty()) {
        throw new InvalidSpecException(e.pathOf("values"), "must be specified when `operator` is 'In' or 'NotIn'");
      }
      exprs.add(new LabelSelectorRequirement(key, op, values));
    }
    return new FieldSelector(exprs);
  }

  private static ClusterToleration toleration(Fields t) {
    String op = t.string("operator");
    if (op != null && !op.isEmpty() && !op.equals("Equal") && !op.equals("Exists")) {
      throw new InvalidSpecException(t.pathOf("operator"), "Unsupported value: \"" + op + "\": supported values: \"Equal\", \"Exists\"");
    }
    String value = t.string("value");
    if ("Exists".equals(op) && value != null && !value.isEmpty()) {
      throw new InvalidSpecException(t.pathOf("value"), "value must be empty when `operator` is 'Exists'");
    }
    String key = t.string("key");
    if ((key == null || key.isEmpty()) && op != null && op.equals("Equal")) {
      throw new InvalidSpecException(t.pathOf("operator"), "operator must be Exists when `key` is empty");
    }
    String effect = t.string("effect");
    if (effect != null && !EFFECTS.contains(effect)) {
      throw new InvalidSpecException(t.pathOf("effect"),
          "Unsupported value: \"" + effect + "\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"");
    }
    return new ClusterToleration(key, op, value, effect, t.longValue("tolerationSeconds"));
  }

  private static SpreadConstraint spreadConstraint(Fields s) {
    String field = s.string("spreadByField");
    String label = s.string("spreadByLabel");
    if (field != null && label != null) {
      throw new InvalidSpecException(s.path(), "spreadByLabel should not co-exist with spreadByField");
    }
    if (field == null && label == null) {
      throw new InvalidSpecException(s.path(), "one of spreadByField or spreadByLabel is required");
    }
    if (field != null && !SPREAD_FIELDS.contains(field)) {
      throw new InvalidSpecException(s.pathOf("spreadByField"),
          "Unsupported value: \"" + field + "\": supported values: \"cluster\", \"region\", \"zone\", \"provider\"");
    }
    int max = orZero(s.integer("maxGroups"));
    int min = orZero(s.integer("minGroups"));
    if (max < 0 || min < 0) {
      throw new InvalidSpecException(s.pathOf(max < 0 ? "maxGroups" : "minGroups"), "must be greater than or equal to 0");
    }
    if (max > 0 && max < min) {
      throw new InvalidSpecException(s.pathOf("maxGroups"), "maxGroups lower than minGroups is not allowed");
    }
    return new SpreadConstraint(field, label, max, min);
  }

  private ReplicaScheduling replicaScheduling(Fields r) {
    String type = r.string("replicaSchedulingType");
    ReplicaScheduling.Type t;
    try {
      t = type == null ? ReplicaScheduling.Type.Divided : ReplicaScheduling.Type.valueOf(type);
    } catch (IllegalArgumentException e) {
      throw new InvalidSpecException(r.pathOf("replicaSchedulingType"),
          "Unsupported value: \"" + type + "\": supported values: \"Duplicated\", \"Divided\"");
    }
    String pref = r.string("replicaDivisionPreference");
    ReplicaScheduling.DivisionPreference d = null;
    if (pref != null) {
      try {
        d = ReplicaScheduling.DivisionPreference.valueOf(pref);
      } catch (IllegalArgumentException e) {
        throw new InvalidSpecException(r.pathOf("replicaDivisionPreference"),
            "Unsupported value: \"" + pref + "\": supported values: \"Aggregated\", \"Weighted\"");
      }
    }
    List<StaticClusterWeight> weights = new ArrayList<>();
    String dynamic = null;
    Fields wp = r.object("weightPreference");
    if (wp != null) {
      for (Fields w : wp.objects("staticWeightList")) {
        Fields target = w.object("targetCluster");
        if (target == null) {
          throw new InvalidSpecException(w.pathOf("targetCluster"), "Required value");
        }
        Long weight = w.longValue("weight");
        if (weight == null || weight < 1) {
          throw new InvalidSpecException(w.pathOf("weight"), "must be at least 1");
        }
        weights.add(new StaticClusterWeight(clusterAffinity(target), weight));
      }
      dynamic = wp.string("dynamicWeight");
      if (dynamic != null && !dynamic.equals("AvailableReplicas")) {
        throw new InvalidSpecException(wp.pathOf("dynamicWeight"),
            "Unsupported value: \"" + dynamic + "\": supported values: \"AvailableReplicas\"");
      }
      if (dynamic != null && !weights.isEmpty()) {
        throw new InvalidSpecException(wp.path(), "staticWeightList and dynamicWeight can not co-exist");
      }
    }
    return new ReplicaScheduling(t, d, weights, dynamic);
  }

  private static int orZero(Integer i) {
    return i == null ? 0 : i;
  }
}
