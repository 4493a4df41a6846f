package io.argosy.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * First frame of every connection, agent to core. A full {@link ClusterSnapshot} follows it.
 *
 * @param protocol protocol version, {@link #PROTOCOL}
 * @param cluster member cluster name
 * @param agentId this agent process's id; a new id after a restart tells the core that nothing the
 *     old process had in flight will be answered
 * @param mode push (in the control plane) or pull (in the member cluster)
 * @param kubernetesVersion the member API server's version, e.g. {@code v1.30.2}
 * @param capabilities what the member cluster offers, e.g. {@link #VOLCANO}
 * @param labels the cluster's labels as its operator declared them to the agent (Karmada cluster
 *     labels: {@code region}, {@code zone}, {@code provider}); the core's own registry may add more
 * @param taints the cluster's taints as {@code key=value:Effect}
 */
public record Hello(
    int protocol,
    String cluster,
    String agentId,
    AgentMode mode,
    String kubernetesVersion,
    List<String> capabilities,
    Map<String, String> labels,
    List<String> taints)
    implements Message {

  public static final int PROTOCOL = 1;

  /** The cluster serves Volcano's CRDs (batch.volcano.sh Jobs, scheduling.volcano.sh PodGroups). */
  public static final String VOLCANO = "volcano";

  public Hello {
    Objects.requireNonNull(cluster, "cluster");
    capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    taints = taints == null ? List.of() : List.copyOf(taints);
  }

  public boolean has(String capability) {
    return capabilities.contains(capability);
  }
}
