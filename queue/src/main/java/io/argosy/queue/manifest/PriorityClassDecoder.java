package io.argosy.queue.manifest;

import io.argosy.gpu.InvalidSpecException;
import io.argosy.queue.priority.PriorityClassSpec;
import io.argosy.queue.priority.PriorityClasses;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import java.util.Map;

/** {@code scheduling.k8s.io/v1} (or v1beta1) PriorityClass, checked as the API server checks it. */
final class PriorityClassDecoder {
  private final TypedDecoding typed;

  PriorityClassDecoder(TypedDecoding typed) {
    this.typed = typed;
  }

  PriorityClassManifest decode(int index, String apiVersion, Map<String, Object> raw) {
    PriorityClass pc = typed.decode(raw, PriorityClass.class);
    if (pc.getMetadata() == null || pc.getMetadata().getName() == null || pc.getMetadata().getName().isEmpty()) {
      throw new InvalidSpecException("metadata.name", "Required value");
    }
    Names.objectName(pc.getMetadata().getName(), "metadata.name", 253);
    if (pc.getValue() == null) {
      throw new InvalidSpecException("value", "Required value");
    }
    PriorityClassSpec spec = new PriorityClassSpec(pc.getMetadata().getName(), pc.getValue(),
        Boolean.TRUE.equals(pc.getGlobalDefault()), pc.getPreemptionPolicy(), pc.getDescription());
    PriorityClasses.validate(spec);
    return new PriorityClassManifest(index, apiVersion, spec);
  }
}
