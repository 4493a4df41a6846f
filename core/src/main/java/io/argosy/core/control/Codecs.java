package io.argosy.core.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.argosy.core.json.Json;
import io.argosy.queue.QueueSpec;
import io.argosy.queue.placement.PropagationPolicy;
import io.argosy.queue.quota.QueueQuota;
import io.argosy.queue.quota.ResourceVector;
import java.util.Map;
import java.util.TreeMap;

/** How configuration objects are written to the store (JSON documents) and read back. */
final class Codecs {
  private Codecs() {}

  /** A queue as stored: quota maps keyed and sorted by resource key. */
  record StoredQueue(String name, String parent, int weight, int priority, boolean reclaimable, boolean open,
      Map<String, Long> capability, Map<String, Long> guarantee, Map<String, Long> deserved) {}

  static String queue(QueueSpec s) {
    QueueQuota q = s.quota();
    return Json.write(new StoredQueue(s.name(), s.parent(), s.weight(), s.priority(), s.reclaimable(), s.open(),
        new TreeMap<>(q.capability().toMap()), new TreeMap<>(q.guarantee().toMap()), new TreeMap<>(q.deserved().toMap())));
  }

  static QueueSpec queue(String json) {
    StoredQueue s = Json.read(json, StoredQueue.class);
    return new QueueSpec(s.name(), s.parent(), s.weight(), s.priority(), s.reclaimable(), s.open(),
        new QueueQuota(vector(s.capability()), vector(s.guarantee()), vector(s.deserved())));
  }

  private static ResourceVector vector(Map<String, Long> m) {
    return m == null || m.isEmpty() ? ResourceVector.EMPTY : ResourceVector.of(m);
  }

  /** A dependency as stored: a Secret's manifest only sealed, everything else as it is. */
  record StoredDependency(String kind, String namespace, String name, String manifest, String sealed) {}

  static String dependency(io.argosy.api.Dependency d, io.argosy.core.deps.SecretBox box) {
    boolean secret = d.kind().equals("Secret");
    return Json.write(new StoredDependency(d.kind(), d.namespace(), d.name(), secret ? null : d.manifest(),
        secret ? box.seal(d.manifest()) : null));
  }

  static io.argosy.api.Dependency dependency(String json, io.argosy.core.deps.SecretBox box) {
    StoredDependency s = Json.read(json, StoredDependency.class);
    return new io.argosy.api.Dependency(s.kind(), s.namespace(), s.name(), s.sealed() != null ? box.open(s.sealed()) : s.manifest());
  }

  static String policy(PropagationPolicy p) {
    return Json.write(p);
  }

  static PropagationPolicy policy(String json) {
    try {
      return Json.mapper().readValue(json, PropagationPolicy.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid stored placement policy: " + e.getOriginalMessage(), e);
    }
  }
}
