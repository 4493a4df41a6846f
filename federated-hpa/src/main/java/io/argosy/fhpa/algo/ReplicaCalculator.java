package io.argosy.fhpa.algo;

import io.argosy.fhpa.spec.MetricSpec;
import io.argosy.fhpa.spec.MetricTarget;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Kubernetes' HPA replica calculation, one metric at a time: {@code ceil(currentReplicas ×
 * current / target)} with a tolerance band around 1.0, computed over the pods that reported.
 *
 * <p>As Kubernetes does: deleted and failed pods are ignored; pending pods, and for cpu pods that are
 * not ready, are left out of the first ratio; pods without a sample are "missing". When any are
 * left out, the ratio is recomputed assuming missing pods use 100 % of the target (or request) on a
 * scale-down and 0 on a scale-up, and unready pods use 0 on a scale-up; if that flips the direction
 * or lands in the tolerance, the replicas stay as they are. Kubernetes' cpu initialization period
 * (a pod that just started counts as unready until its readiness settles) is simplified to "not
 * ready = unready": the agents report readiness as the pod's Ready condition.
 */
public final class ReplicaCalculator {
  public static final double DEFAULT_TOLERANCE = 0.1;

  private final double tolerance;

  public ReplicaCalculator(double tolerance) {
    this.tolerance = tolerance;
  }

  public ReplicaCalculator() {
    this(DEFAULT_TOLERANCE);
  }

  /**
   * @param currentReplicas the target's {@code spec.replicas}
   * @param statusReplicas the target's observed replicas (Object AverageValue divides by it)
   */
  public Proposal propose(MetricSpec spec, int currentReplicas, int statusReplicas, MetricsSnapshot snapshot)
      throws MetricUnavailableException {
    if (spec instanceof MetricSpec.Resource r) {
      return resource(r, currentReplicas, snapshot);
    }
    if (spec instanceof MetricSpec.Pods p) {
      return pods(p, currentReplicas, snapshot);
    }
    return object((MetricSpec.Object) spec, currentReplicas, statusReplicas, snapshot);
  }

  private Proposal resource(MetricSpec.Resource r, int currentReplicas, MetricsSnapshot snapshot) throws MetricUnavailableException {
    String res = r.name();
    Groups g = group(snapshot, res, res.equals("cpu"));
    if (g.podCount == 0) {
      throw new MetricUnavailableException("FailedGetResourceMetric", "no pods returned by selector while calculating replica count");
    }
    if (g.metrics.isEmpty()) {
      throw new MetricUnavailableException("FailedGetResourceMetric",
          "unable to get metrics for resource " + res + ": did not receive metrics for targeted pods (pods might be unready)");
    }
    if (r.target().type() == MetricTarget.Type.AverageValue) {
      long target = r.target().averageValueMilli();
      long avg = average(g.metrics);
      int replicas = plain(g, currentReplicas, target);
      return new Proposal(replicas, r.describe(), new MetricStatus("Resource", res, null, avg, null));
    }
    int targetUtil = r.target().averageUtilization();
    Map<String, Long> requests = new HashMap<>();
    for (PodSample p : snapshot.pods()) {
      Long req = p.requestsMilli().get(res);
      if (req == null || req <= 0) {
        if (g.metrics.containsKey(p.name()) || g.missing.contains(p.name())) {
          throw new MetricUnavailableException("FailedGetResourceMetric",
              "failed to get " + res + " utilization: missing request for " + res + " in pod " + p.name());
        }
        continue;
      }
      requests.put(p.name(), req);
    }
    int utilization = utilization(g.metrics, requests);
    double ratio = (double) utilization / targetUtil;
    MetricStatus status = new MetricStatus("Resource", res, utilization, average(g.metrics), null);
    boolean scaleUpWithUnready = !g.unready.isEmpty() && ratio > 1.0;
    if (!scaleUpWithUnready && g.missing.isEmpty()) {
      if (Math.abs(1.0 - ratio) <= tolerance) {
        return new Proposal(currentReplicas, r.describe(), status);
      }
      return new Proposal((int) Math.ceil(ratio * g.readyCount), r.describe(), status);
    }
    Map<String, Long> filled = new HashMap<>(g.metrics);
    if (ratio < 1.0) {
      long fallback = Math.max(100, targetUtil);
      for (String pod : g.missing) {
        filled.put(pod, requests.get(pod) * fallback / 100);
      }
    } else if (ratio > 1.0) {
      for (String pod : g.missing) {
        filled.put(pod, 0L);
      }
    }
    if (scaleUpWithUnready) {
      for (String pod : g.unready) {
        if (requests.containsKey(pod)) {
          filled.put(pod, 0L);
        }
      }
    }
    double newRatio = (double) utilization(filled, requests) / targetUtil;
    return new Proposal(settle(ratio, newRatio, filled.size(), currentReplicas), r.describe(), status);
  }

  private Proposal pods(MetricSpec.Pods p, int currentReplicas, MetricsSnapshot snapshot) throws MetricUnavailableException {
    Groups g = group(snapshot, p.metricName(), false);
    if (g.podCount == 0) {
      throw new MetricUnavailableException("FailedGetPodsMetric", "no pods returned by selector while calculating replica count");
    }
    if (g.metrics.isEmpty()) {
      throw new MetricUnavailableException("FailedGetPodsMetric",
          "unable to get metric " + p.metricName() + ": no metrics returned from custom metrics API");
    }
    int replicas = plain(g, currentReplicas, p.target().averageValueMilli());
    return new Proposal(replicas, p.describe(), new MetricStatus("Pods", p.metricName(), null, average(g.metrics), null));
  }

  private Proposal object(MetricSpec.Object o, int currentReplicas, int statusReplicas, MetricsSnapshot snapshot)
      throws MetricUnavailableException {
    Long usage = snapshot.objectValuesMilli().get(o.key());
    if (usage == null) {
      throw new MetricUnavailableException("FailedGetObjectMetric",
          "unable to get metric " + o.metricName() + ": " + o.describedKind() + " on " + o.describedName() + "/not found");
    }
    if (o.target().type() == MetricTarget.Type.AverageValue) {
      long target = o.target().averageValueMilli();
      int replicas = currentReplicas;
      double ratio = (double) usage / ((double) target * statusReplicas);
      if (statusReplicas == 0 || Math.abs(1.0 - ratio) > tolerance) {
        replicas = (int) Math.ceil((double) usage / target);
      }
      long perPod = statusReplicas == 0 ? usage : (long) Math.ceil((double) usage / statusReplicas);
      return new Proposal(replicas, o.describe(), new MetricStatus("Object", o.metricName(), null, perPod, null));
    }
    double ratio = (double) usage / o.target().valueMilli();
    int replicas;
    if (currentReplicas == 0) {
      replicas = (int) Math.ceil(ratio);
    } else if (Math.abs(1.0 - ratio) <= tolerance) {
      replicas = currentReplicas;
    } else {
      int ready = 0;
      for (PodSample p : snapshot.pods()) {
        if (p.phase() == PodSample.Phase.Running && p.ready() && !p.deleting()) {
          ready++;
        }
      }
      if (ready == 0) {
        throw new MetricUnavailableException("FailedGetObjectMetric", "unable to calculate ready pods: no ready pods of the target");
      }
      replicas = (int) Math.ceil(ratio * ready);
    }
    return new Proposal(replicas, o.describe(), new MetricStatus("Object", o.metricName(), null, null, usage));
  }

  /** Kubernetes' calcPlainMetricReplicas: per-pod average against a per-pod target. */
  private int plain(Groups g, int currentReplicas, long target) {
    double ratio = (double) average(g.metrics) / target;
    boolean scaleUpWithUnready = !g.unready.isEmpty() && ratio > 1.0;
    if (!scaleUpWithUnready && g.missing.isEmpty()) {
      if (Math.abs(1.0 - ratio) <= tolerance) {
        return currentReplicas;
      }
      return (int) Math.ceil(ratio * g.readyCount);
    }
    Map<String, Long> filled = new HashMap<>(g.metrics);
    if (ratio < 1.0) {
      for (String pod : g.missing) {
        filled.put(pod, target);
      }
    } else {
      for (String pod : g.missing) {
        filled.put(pod, 0L);
      }
    }
    if (scaleUpWithUnready) {
      for (String pod : g.unready) {
        filled.put(pod, 0L);
      }
    }
    double newRatio = (double) average(filled) / target;
    return settle(ratio, newRatio, filled.size(), currentReplicas);
  }

  /** The second pass: no change if within tolerance or the direction flipped; never against the direction. */
  private int settle(double ratio, double newRatio, int pods, int currentReplicas) {
    if (Math.abs(1.0 - newRatio) <= tolerance || (ratio < 1.0 && newRatio > 1.0) || (ratio > 1.0 && newRatio < 1.0)) {
      return currentReplicas;
    }
    int replicas = (int) Math.ceil(newRatio * pods);
    if ((newRatio < 1.0 && replicas > currentReplicas) || (newRatio > 1.0 && replicas < currentReplicas)) {
      return currentReplicas;
    }
    return replicas;
  }

  private static int utilization(Map<String, Long> metrics, Map<String, Long> requests) {
    long used = 0;
    long requested = 0;
    for (Map.Entry<String, Long> e : metrics.entrySet()) {
      Long req = requests.get(e.getKey());
      if (req != null) {
        used += e.getValue();
        requested += req;
      }
    }
    return requested == 0 ? 0 : (int) (used * 100 / requested);
  }

  private static long average(Map<String, Long> metrics) {
    long sum = 0;
    for (long v : metrics.values()) {
      sum += v;
    }
    return metrics.isEmpty() ? 0 : sum / metrics.size();
  }

  private static final class Groups {
    final Map<String, Long> metrics = new HashMap<>();
    final Set<String> unready = new HashSet<>();
    final Set<String> missing = new HashSet<>();
    int readyCount;
    int podCount;
  }

  /** Kubernetes' groupPods: ignored (deleted, failed, succeeded), unready (pending; for cpu also not ready), missing, ready. */
  private static Groups group(MetricsSnapshot snapshot, String metric, boolean cpu) {
    Groups g = new Groups();
    for (PodSample p : snapshot.pods()) {
      g.podCount++;
      if (p.deleting() || p.phase() == PodSample.Phase.Failed || p.phase() == PodSample.Phase.Succeeded) {
        continue;
      }
      if (p.phase() == PodSample.Phase.Pending) {
        g.unready.add(p.name());
        continue;
      }
      Long v = p.usageMilli().get(metric);
      if (v == null) {
        g.missing.add(p.name());
        continue;
      }
      if (cpu && !p.ready()) {
        g.unready.add(p.name());
        continue;
      }
      g.metrics.put(p.name(), v);
      g.readyCount++;
    }
    return g;
  }
}
