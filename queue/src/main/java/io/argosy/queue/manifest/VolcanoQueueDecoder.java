package io.argosy.queue.manifest;

import io.argosy.gpu.InvalidSpecException;
import io.argosy.queue.QueueSpec;
import io.argosy.queue.quota.QueueQuota;
import io.fabric8.volcano.api.model.scheduling.v1beta1.Queue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code scheduling.volcano.sh/v1beta1} Queue. The parent is {@code spec.parent}, or else the path in
 * the {@code volcano.sh/hierarchy} annotation ({@code root/eng/prod}, weights in
 * {@code volcano.sh/hierarchy-weights}, e.g. {@code 1/2/8}): its inner levels become queues named by
 * their path ({@code root/eng}) and the last level's weight is this queue's.
 */
final class VolcanoQueueDecoder {
  static final String HIERARCHY = "volcano.sh/hierarchy";
  static final String HIERARCHY_WEIGHTS = "volcano.sh/hierarchy-weights";

  private final TypedDecoding typed;

  VolcanoQueueDecoder(TypedDecoding typed) {
    this.typed = typed;
  }

  QueueManifest decode(int index, Map<String, Object> raw) {
    Queue q = typed.decode(raw, Queue.class);
    if (q.getMetadata() == null || q.getMetadata().getName() == null || q.getMetadata().getName().isEmpty()) {
      throw new InvalidSpecException("metadata.name", "Required value");
    }
    String name = q.getMetadata().getName();
    Names.objectName(name, "metadata.name", 253);
    io.fabric8.volcano.api.model.scheduling.v1beta1.QueueSpec spec =
        q.getSpec() == null ? new io.fabric8.volcano.api.model.scheduling.v1beta1.QueueSpec() : q.getSpec();
    int weight = spec.getWeight() == null ? 1 : spec.getWeight();
    if (weight <= 0) {
      throw new InvalidSpecException("spec.weight", "queue weight must be a positive integer, got " + weight);
    }
    QueueQuota quota = new QueueQuota(
        QuotaQuantities.vector(spec.getCapability(), "spec.capability"),
        spec.getGuarantee() == null ? null : QuotaQuantities.vector(spec.getGuarantee().getResource(), "spec.guarantee.resource"),
        QuotaQuantities.vector(spec.getDeserved(), "spec.deserved"));
    quota.validate();
    boolean reclaimable = spec.getReclaimable() == null || spec.getReclaimable();
    int priority = spec.getPriority() == null ? 0 : spec.getPriority();
    String parent = spec.getParent() == null || spec.getParent().isEmpty() ? null : spec.getParent();
    if (name.equals("root") && parent != null) {
      throw new InvalidSpecException("spec.parent", "the root queue has no parent");
    }
    List<QueueSpec> ancestors = new ArrayList<>();
    Map<String, String> annotations = JobMetadata.annotations(q.getMetadata());
    String path = annotations.get(HIERARCHY);
    if (parent == null && path != null && !path.isBlank()) {
      String[] levels = path.split("/");
      String field = "metadata.annotations[" + HIERARCHY + "]";
      if (!levels[0].equals("root")) {
        throw new InvalidSpecException(field, "must start with root, got '" + path + "'");
      }
      if (levels.length < 2) {
        throw new InvalidSpecException(field, "must name at least one level below root, got '" + path + "'");
      }
      int[] weights = weights(annotations.get(HIERARCHY_WEIGHTS), levels.length);
      String previous = null;
      for (int i = 1; i < levels.length - 1; i++) {
        if (levels[i].isEmpty()) {
          throw new InvalidSpecException(field, "has an empty level in '" + path + "'");
        }
        String level = String.join("/", Arrays.copyOfRange(levels, 0, i + 1));
        ancestors.add(QueueSpec.of(level).withParent(previous).withWeight(weights[i]));
        previous = level;
      }
      parent = previous;
      weight = weights[levels.length - 1];
    }
    QueueSpec self = new QueueSpec(name, parent, weight, priority, reclaimable, true, quota);
    return new QueueManifest(index, self, ancestors);
  }

  private static int[] weights(String text, int levels) {
    int[] w = new int[levels];
    Arrays.fill(w, 1);
    if (text == null || text.isBlank()) {
      return w;
    }
    String field = "metadata.annotations[" + HIERARCHY_WEIGHTS + "]";
    String[] parts = text.split("/");
    if (parts.length != levels) {
      throw new InvalidSpecException(field,
          "has " + parts.length + " weights for the " + levels + " levels of " + HIERARCHY);
    }
    for (int i = 0; i < parts.length; i++) {
      try {
        w[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new InvalidSpecException(field, "weight '" + parts[i] + "' is not an integer");
      }
      if (w[i] <= 0) {
        throw new InvalidSpecException(field, "weight " + w[i] + " must be a positive integer");
      }
    }
    return w;
  }
}
