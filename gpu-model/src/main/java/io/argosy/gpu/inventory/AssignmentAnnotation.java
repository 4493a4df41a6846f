package io.argosy.gpu.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argosy.gpu.fit.Assignment;
import java.util.Map;

/**
 * The pod annotation in which Argosy's agent records the exact assignment it bound a pod with
 * ({@value #KEY}, the {@link Assignment} as JSON). It is the only exact record of which whole GPU,
 * MIG instance or vNPU a pod holds: Kubernetes publishes none, so without it usage is re-placed by fit.
 */
public final class AssignmentAnnotation {
  public static final String KEY = "argosy.io/devices";

  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private AssignmentAnnotation() {}

  /** The assignment recorded in the annotations, or null when absent or unreadable. */
  public static Assignment read(Map<String, String> annotations) {
    String json = annotations == null ? null : annotations.get(KEY);
    if (json == null || json.isBlank()) {
      return null;
    }
    try {
      return MAPPER.readValue(json, Assignment.class);
    } catch (JsonProcessingException e) {
      return null; // somebody else's value: fall back to placing by requests
    }
  }

  public static String write(Assignment assignment) {
    try {
      return MAPPER.writeValueAsString(assignment);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("assignment is not serialisable", e);
    }
  }
}
