package io.argosy.scheduler.cycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argosy.gpu.InvalidSpecException;
import io.argosy.queue.job.Job;
import io.argosy.queue.job.Task;
import io.argosy.scheduler.fleet.PlacementMode;
import io.argosy.scheduler.framework.NodeConstraints;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the scheduler reads from a job's submitted document beyond the demand gpu-model parsed: per
 * task, the pod template's {@code nodeSelector}, required node affinity and tolerations, and the
 * placement mode annotation {@value PlacementMode#LABEL} (on the job, overridden by the pod
 * template). Read once per job; documents that mention none of these are not parsed at all.
 */
public final class WorkloadHints {
  private static final ObjectMapper JSON = new ObjectMapper();

  private WorkloadHints() {}

  /** Per task, in the job's task order. */
  public record Hint(NodeConstraints constraints, PlacementMode mode) {
    static final Hint NONE = new Hint(NodeConstraints.NONE, null);
  }

  /**
   * The hints of every task of the job.
   *
   * @param strict throw InvalidSpecException (field path in the document) for malformed hints; when
   *     false (inside a scheduling cycle) malformed parts are ignored
   */
  public static List<Hint> of(Job job, boolean strict) {
    List<Hint> none = java.util.Collections.nCopies(job.tasks().size(), Hint.NONE);
    String src = job.source();
    if (src == null || src.isEmpty() || !(src.contains("nodeSelector") || src.contains("affinity")
        || src.contains("tolerations") || src.contains(PlacementMode.LABEL))) {
      return none;
    }
    JsonNode doc;
    try {
      doc = JSON.readTree(src);
    } catch (Exception e) {
      if (strict) {
        throw new InvalidSpecException("", "source is not JSON: " + e.getMessage());
      }
      return none;
    }
    try {
      return read(job, doc, strict);
    } catch (InvalidSpecException e) {
      if (strict) {
        throw e;
      }
      return none;
    }
  }

  private static List<Hint> read(Job job, JsonNode doc, boolean strict) {
    PlacementMode jobMode = mode(doc.path("metadata"), "metadata");
    List<Hint> out = new ArrayList<>();
    switch (job.kind()) {
      case VOLCANO_JOB -> {
        JsonNode tasks = doc.path("spec").path("tasks");
        for (int i = 0; i < job.tasks().size(); i++) {
          Task t = job.tasks().get(i);
          int at = indexOf(tasks, t.name(), i);
          String path = "spec.tasks[" + at + "].template";
          JsonNode template = at < 0 ? JSON.missingNode() : tasks.get(at).path("template");
          out.add(hint(template, path, jobMode));
        }
      }
      case BATCH_JOB -> out.add(hint(doc.path("spec").path("template"), "spec.template", jobMode));
      case POD -> out.add(hint(doc, "", null));
    }
    while (out.size() < job.tasks().size()) {
      out.add(Hint.NONE);
    }
    return out;
  }

  private static int indexOf(JsonNode tasks, String name, int fallback) {
    if (!tasks.isArray()) {
      return -1;
    }
    for (int i = 0; i < tasks.size(); i++) {
      if (name.equals(tasks.get(i).path("name").asText(null))) {
        return i;
      }
    }
    return fallback < tasks.size() ? fallback : -1;
  }

  private static Hint hint(JsonNode template, String path, PlacementMode inherited) {
    String p = path.isEmpty() ? "" : path + ".";
    PlacementMode own = mode(template.path("metadata"), p + "metadata");
    JsonNode spec = template.path("spec");
    Map<String, String> selector = new LinkedHashMap<>();
    JsonNode ns = spec.path("nodeSelector");
    if (ns.isObject()) {
      ns.fields().forEachRemaining(e -> selector.put(e.getKey(), e.getValue().asText()));
    }
    List<List<NodeConstraints.Requirement>> terms = new ArrayList<>();
    JsonNode required = spec.path("affinity").path("nodeAffinity").path("requiredDuringSchedulingIgnoredDuringExecution")
        .path("nodeSelectorTerms");
    if (required.isArray()) {
      for (int i = 0; i < required.size(); i++) {
        String tp = p + "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[" + i + "]";
        List<NodeConstraints.Requirement> term = new ArrayList<>();
        requirements(required.get(i).path("matchExpressions"), false, tp + ".matchExpressions", term);
        requirements(required.get(i).path("matchFields"), true, tp + ".matchFields", term);
        terms.add(term);
      }
    }
    List<NodeConstraints.Toleration> tolerations = new ArrayList<>();
    JsonNode tols = spec.path("tolerations");
    if (tols.isArray()) {
      for (JsonNode t : tols) {
        tolerations.add(new NodeConstraints.Toleration(t.path("key").asText(""), t.path("operator").asText(""),
            t.path("value").asText(""), t.path("effect").asText("")));
      }
    }
    return new Hint(NodeConstraints.of(selector, terms, tolerations), own != null ? own : inherited);
  }

  private static void requirements(JsonNode list, boolean field, String path, List<NodeConstraints.Requirement> out) {
    if (!list.isArray()) {
      return;
    }
    for (int j = 0; j < list.size(); j++) {
      JsonNode r = list.get(j);
      String op = r.path("operator").asText("");
      if (!List.of("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt").contains(op)) {
        throw new InvalidSpecException(path + "[" + j + "].operator", "must be In, NotIn, Exists, DoesNotExist, Gt or Lt, got '" + op + "'");
      }
      List<String> values = new ArrayList<>();
      r.path("values").forEach(v -> values.add(v.asText()));
      out.add(new NodeConstraints.Requirement(r.path("key").asText(""), op, values, field));
    }
  }

  private static PlacementMode mode(JsonNode metadata, String path) {
    JsonNode v = metadata.path("annotations").path(PlacementMode.LABEL);
    return v.isMissingNode() || v.isNull() ? null
        : PlacementMode.parse(v.asText(), path + ".annotations[" + PlacementMode.LABEL + "]");
  }
}
