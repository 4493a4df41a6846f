package io.argosy.fhpa.algo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test pods: each requests 1000m cpu and reports the given cpu usage in millicores. */
final class Pods {
  private Pods() {}

  static List<PodSample> cpu(long... usageMilli) {
    List<PodSample> out = new ArrayList<>();
    for (int i = 0; i < usageMilli.length; i++) {
      out.add(PodSample.running("p" + i, "c", Map.of("cpu", 1000L), Map.of("cpu", usageMilli[i])));
    }
    return out;
  }

  static List<PodSample> uniform(int n, long usageMilli) {
    long[] u = new long[n];
    java.util.Arrays.fill(u, usageMilli);
    return cpu(u);
  }

  static PodSample missing(String name) {
    return PodSample.running(name, "c", Map.of("cpu", 1000L), Map.of());
  }

  static PodSample unready(String name, long usageMilli) {
    return new PodSample(name, "c", PodSample.Phase.Running, false, false, Map.of("cpu", 1000L), Map.of("cpu", usageMilli));
  }

  static PodSample pending(String name) {
    return new PodSample(name, "c", PodSample.Phase.Pending, false, false, Map.of("cpu", 1000L), Map.of());
  }

  static List<PodSample> plus(List<PodSample> a, PodSample... more) {
    List<PodSample> out = new ArrayList<>(a);
    out.addAll(List.of(more));
    return out;
  }
}
