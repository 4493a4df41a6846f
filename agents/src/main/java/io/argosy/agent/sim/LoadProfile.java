package io.argosy.agent.sim;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The traffic of simulated services, shared by every cluster of a fleet: a test (or demo) sets the
 * total cpu a Deployment's load needs, and each simulated metrics server reports every running, ready
 * pod of it using an equal share — total ÷ ready pods across all clusters. Scaling out therefore
 * lowers each pod's usage, as a load balancer spreading requests would. Memory is reported as half
 * the pod's request. Thread-safe.
 */
public final class LoadProfile {
  private final Map<String, Long> totalCpuMilli = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Integer>> readyPods = new ConcurrentHashMap<>();

  /** Sets the total cpu (millicores) the Deployment {@code namespace/name}'s load needs; 0 = idle. */
  public void setCpu(String namespace, String deployment, long totalMilli) {
    totalCpuMilli.put(namespace + "/" + deployment, Math.max(0, totalMilli));
  }

  public long totalCpuMilli(String namespace, String deployment) {
    return totalCpuMilli.getOrDefault(namespace + "/" + deployment, 0L);
  }

  /** Each ready pod's cpu usage now. */
  public long cpuPerPodMilli(String key) {
    int ready = readyPods.getOrDefault(key, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
    return totalCpuMilli.getOrDefault(key, 0L) / Math.max(1, ready);
  }

  /** A cluster's count of ready pods of {@code namespace/deployment}. */
  void setReady(String cluster, String key, int n) {
    readyPods.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).put(cluster, n);
  }
}
