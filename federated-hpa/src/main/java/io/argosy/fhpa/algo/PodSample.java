package io.argosy.fhpa.algo;

import java.util.Map;

/**
 * One pod of the scale target as the metrics pipeline saw it, in any member cluster. Values are
 * milli-values of Kubernetes quantities, as the HPA compares them: cpu in millicores, memory
 * in milli-bytes, custom metrics in milli-units.
 *
 * @param requestsMilli the pod's summed container requests by resource ({@code cpu}, {@code memory})
 * @param usageMilli the latest sample by metric name ({@code cpu}, {@code memory}, or a Pods metric);
 *     a name absent here is a missing metric for this pod
 */
public record PodSample(
    String name, String cluster, Phase phase, boolean ready, boolean deleting,
    Map<String, Long> requestsMilli, Map<String, Long> usageMilli) {

  public PodSample {
    requestsMilli = Map.copyOf(requestsMilli);
    usageMilli = Map.copyOf(usageMilli);
  }

  public enum Phase {
    Pending,
    Running,
    Succeeded,
    Failed
  }

  /** A running, ready pod. */
  public static PodSample running(String name, String cluster, Map<String, Long> requestsMilli, Map<String, Long> usageMilli) {
    return new PodSample(name, cluster, Phase.Running, true, false, requestsMilli, usageMilli);
  }
}
