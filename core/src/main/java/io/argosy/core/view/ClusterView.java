package io.argosy.core.view;

import java.util.List;
import java.util.Map;

/**
 * A member cluster, like Karmada's {@code kubectl get clusters} plus accelerators
 * ({@code GET /v1/clusters}, {@code argosy get clusters -o json}).
 *
 * @param version the member's Kubernetes version as its agent reported it
 * @param mode {@code Push} (agent in the control plane) or {@code Pull} (agent in the member)
 * @param ready connected, heartbeating, and not cordoned
 * @param condition why not ready ({@code AgentDisconnected}, {@code Cordoned}), or {@code Ready}
 * @param joinedAt when its agent first connected (ISO-8601)
 * @param taints cluster taints: the agent's and the administrator's ({@code key[=value]:Effect})
 * @param nodes nodes reported; {@code readyNodes} of them Ready and schedulable
 * @param accelerators physical devices by vendor, model and mode
 * @param health Karmada's cluster status: {@code Ready}, {@code NotReady} (agent connected, no view
 *     of the member yet) or {@code Unknown} (agent disconnected or silent past the monitor grace
 *     period); an unhealthy cluster carries {@code cluster.karmada.io/not-ready} or
 *     {@code cluster.karmada.io/unreachable} taints (NoSchedule, then NoExecute)
 */
public record ClusterView(
    String name,
    String version,
    String mode,
    boolean ready,
    String condition,
    boolean connected,
    boolean cordoned,
    String joinedAt,
    String lastSeen,
    Map<String, String> labels,
    List<String> taints,
    int nodes,
    int readyNodes,
    List<AcceleratorCount> accelerators,
    String health) {

  public ClusterView {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    taints = taints == null ? List.of() : List.copyOf(taints);
    accelerators = accelerators == null ? List.of() : List.copyOf(accelerators);
  }

  /** Devices of one vendor, model and exposure mode. */
  public record AcceleratorCount(String vendor, String model, String mode, int devices) {}
}
