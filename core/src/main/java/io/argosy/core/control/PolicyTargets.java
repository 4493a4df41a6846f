package io.argosy.core.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.argosy.core.json.Json;
import io.argosy.queue.job.Job;
import io.argosy.queue.placement.PolicyTarget;
import java.util.HashMap;
import java.util.Map;

/** What Karmada policies select a job by: its apiVersion, kind, namespace, name and labels (read from its manifest). */
final class PolicyTargets {
  private PolicyTargets() {}

  static PolicyTarget of(Job job) {
    Map<String, String> labels = new HashMap<>();
    try {
      JsonNode l = Json.mapper().readTree(job.source()).path("metadata").path("labels");
      l.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    } catch (Exception e) {
      // a manifest without readable labels is selected by kind and name only
    }
    return new PolicyTarget(job.kind().apiVersion(), job.kind().kind(), job.id().namespace(), job.id().name(), labels);
  }
}
