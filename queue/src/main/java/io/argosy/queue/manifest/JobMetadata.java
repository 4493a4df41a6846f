package io.argosy.queue.manifest;

import io.argosy.gpu.InvalidSpecException;
import io.argosy.queue.JobQueues;
import io.argosy.queue.job.JobId;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.time.Duration;
import java.util.Map;

/**
 * What Argosy reads from a job's metadata and annotations, whatever its kind: identity, queue,
 * preemptibility, runtime estimate and gang size overrides.
 */
final class JobMetadata {
  /** Kueue's LocalQueue label; Argosy maps it to the queue of the same name. */
  static final String KUEUE_QUEUE = "kueue.x-k8s.io/queue-name";
  /** Volcano's queue annotation for pods and other workloads. */
  static final String VOLCANO_QUEUE = "scheduling.volcano.sh/queue-name";
  static final String PREEMPTABLE = "volcano.sh/preemptable";
  static final String RUNTIME_ESTIMATE = "argosy.io/runtime-estimate";
  static final String KUEUE_MAX_RUN = "provreq.kueue.x-k8s.io/maxRunDurationSeconds";
  static final String SIM_RUNTIME = "sim.argosy.io/runtime-seconds";
  static final String MIN_AVAILABLE = "argosy.io/min-available";
  static final String KUEUE_MIN_PARALLELISM = "kueue.x-k8s.io/job-min-parallelism";

  private JobMetadata() {}

  static Map<String, String> labels(ObjectMeta m) {
    return m == null || m.getLabels() == null ? Map.of() : m.getLabels();
  }

  static Map<String, String> annotations(ObjectMeta m) {
    return m == null || m.getAnnotations() == null ? Map.of() : m.getAnnotations();
  }

  /** namespace/name; a missing name is completed from {@code generateName}. */
  static JobId id(ObjectMeta m, NameGenerator names, int maxNameLength) {
    if (m == null) {
      throw new InvalidSpecException("metadata", "Required value");
    }
    String name = m.getName();
    if (name == null || name.isEmpty()) {
      String prefix = m.getGenerateName();
      if (prefix == null || prefix.isEmpty()) {
        throw new InvalidSpecException("metadata.name", "name or generateName is required");
      }
      name = names.generate(prefix);
    }
    Names.objectName(name, "metadata.name", maxNameLength);
    String ns = m.getNamespace();
    if (ns != null && !ns.isEmpty()) {
      Names.label(ns, "metadata.namespace");
    }
    return new JobId(ns, name);
  }

  record Queue(String name, String field) {}

  /**
   * The queue: an explicit queue field (Volcano {@code spec.queue}) first, then the Kueue label,
   * then the Volcano annotation on the object or its pod template, else {@code default}.
   */
  static Queue queue(String explicit, String explicitField, ObjectMeta meta, ObjectMeta template, String templatePath) {
    if (explicit != null && !explicit.isEmpty()) {
      return new Queue(explicit, explicitField);
    }
    String kueue = labels(meta).get(KUEUE_QUEUE);
    if (kueue != null && !kueue.isEmpty()) {
      return new Queue(kueue, "metadata.labels[" + KUEUE_QUEUE + "]");
    }
    String volcano = annotations(meta).get(VOLCANO_QUEUE);
    if (volcano != null && !volcano.isEmpty()) {
      return new Queue(volcano, "metadata.annotations[" + VOLCANO_QUEUE + "]");
    }
    String fromTemplate = annotations(template).get(VOLCANO_QUEUE);
    if (fromTemplate != null && !fromTemplate.isEmpty()) {
      return new Queue(fromTemplate, templatePath + ".metadata.annotations[" + VOLCANO_QUEUE + "]");
    }
    return new Queue(JobQueues.DEFAULT_QUEUE, "");
  }

  /** {@code volcano.sh/preemptable} from annotations, then labels; null when absent. */
  static Boolean preemptable(ObjectMeta m, String metaPath) {
    String a = annotations(m).get(PREEMPTABLE);
    if (a != null) {
      return bool(a, metaPath + ".annotations[" + PREEMPTABLE + "]");
    }
    String l = labels(m).get(PREEMPTABLE);
    return l == null ? null : bool(l, metaPath + ".labels[" + PREEMPTABLE + "]");
  }

  private static boolean bool(String v, String field) {
    if (v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    throw new InvalidSpecException(field, "must be true or false, got '" + v + "'");
  }

  /**
   * The runtime estimate from annotations: {@code argosy.io/runtime-estimate}, Kueue's
   * {@code provreq.kueue.x-k8s.io/maxRunDurationSeconds}, the simulator's
   * {@code sim.argosy.io/runtime-seconds}, in that order; null when none is set.
   */
  static Duration runtimeAnnotation(ObjectMeta m, String metaPath) {
    Map<String, String> a = annotations(m);
    for (String key : new String[] {RUNTIME_ESTIMATE, KUEUE_MAX_RUN, SIM_RUNTIME}) {
      String v = a.get(key);
      if (v != null && !v.isBlank()) {
        Duration d = GoDurations.parse(v, metaPath + ".annotations[" + key + "]");
        if (d.isNegative()) {
          throw new InvalidSpecException(metaPath + ".annotations[" + key + "]", "must not be negative");
        }
        return d;
      }
    }
    return null;
  }

  /**
   * A gang size override from {@code argosy.io/min-available} or Kueue's
   * {@code kueue.x-k8s.io/job-min-parallelism}, between 1 and {@code max}; null when absent.
   */
  static Integer minAvailableOverride(ObjectMeta m, int max) {
    Map<String, String> a = annotations(m);
    for (String key : new String[] {MIN_AVAILABLE, KUEUE_MIN_PARALLELISM}) {
      String v = a.get(key);
      if (v == null) {
        continue;
      }
      String field = "metadata.annotations[" + key + "]";
      int n;
      try {
        n = Integer.parseInt(v.trim());
      } catch (NumberFormatException e) {
        throw new InvalidSpecException(field, "must be an integer, got '" + v + "'");
      }
      if (n < 1 || n > max) {
        throw new InvalidSpecException(field, "must be between 1 and the gang size " + max + ", got " + n);
      }
      return n;
    }
    return null;
  }
}
