package io.argosy.core.deps;

import com.fasterxml.jackson.databind.JsonNode;
import io.argosy.core.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The objects a job's pod templates reference, as {@code Kind/namespace/name}: ConfigMaps and
 * Secrets of volumes (also projected), {@code envFrom} and {@code env[].valueFrom}, image pull
 * Secrets, the ServiceAccount (other than {@code default}) and PersistentVolumeClaims of volumes.
 * Pod templates are a Pod's {@code spec}, {@code spec.template.spec} and each Volcano task's.
 */
public final class DependencyRefs {
  private DependencyRefs() {}

  public static Set<String> of(String manifestJson) {
    JsonNode doc;
    try {
      doc = Json.mapper().readTree(manifestJson);
    } catch (Exception e) {
      return Set.of();
    }
    String ns = doc.path("metadata").path("namespace").asText("default");
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode spec : podSpecs(doc)) {
      for (JsonNode v : spec.path("volumes")) {
        add(out, "ConfigMap", ns, v.path("configMap").path("name"));
        add(out, "Secret", ns, v.path("secret").path("secretName"));
        add(out, "PersistentVolumeClaim", ns, v.path("persistentVolumeClaim").path("claimName"));
        for (JsonNode src : v.path("projected").path("sources")) {
          add(out, "ConfigMap", ns, src.path("configMap").path("name"));
          add(out, "Secret", ns, src.path("secret").path("name"));
        }
      }
      for (String list : List.of("initContainers", "containers")) {
        for (JsonNode c : spec.path(list)) {
          for (JsonNode ef : c.path("envFrom")) {
            add(out, "ConfigMap", ns, ef.path("configMapRef").path("name"));
            add(out, "Secret", ns, ef.path("secretRef").path("name"));
          }
          for (JsonNode e : c.path("env")) {
            add(out, "ConfigMap", ns, e.path("valueFrom").path("configMapKeyRef").path("name"));
            add(out, "Secret", ns, e.path("valueFrom").path("secretKeyRef").path("name"));
          }
        }
      }
      for (JsonNode s : spec.path("imagePullSecrets")) {
        add(out, "Secret", ns, s.path("name"));
      }
      JsonNode sa = spec.has("serviceAccountName") ? spec.path("serviceAccountName") : spec.path("serviceAccount");
      if (!"default".equals(sa.asText())) {
        add(out, "ServiceAccount", ns, sa);
      }
    }
    return out;
  }

  private static void add(Set<String> out, String kind, String ns, JsonNode name) {
    if (name.isTextual() && !name.asText().isEmpty()) {
      out.add(kind + "/" + ns + "/" + name.asText());
    }
  }

  private static List<JsonNode> podSpecs(JsonNode doc) {
    List<JsonNode> out = new ArrayList<>();
    if ("Pod".equals(doc.path("kind").asText())) {
      out.add(doc.path("spec"));
    }
    if (doc.path("spec").path("template").path("spec").isObject()) {
      out.add(doc.path("spec").path("template").path("spec"));
    }
    for (JsonNode t : doc.path("spec").path("tasks")) {
      if (t.path("template").path("spec").isObject()) {
        out.add(t.path("template").path("spec"));
      }
    }
    return out;
  }
}
