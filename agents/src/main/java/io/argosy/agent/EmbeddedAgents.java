package io.argosy.agent;

import io.argosy.agent.sim.SimulatedCluster;
import io.argosy.agent.sim.SimulatedFleet;
import io.argosy.api.AgentMode;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded default's agents: one push-mode agent per simulated member cluster, on the control
 * plane's Vert.x, connecting to its gateway with the clusters' labels and taints from the fleet file.
 */
public final class EmbeddedAgents implements AutoCloseable {
  private final List<ClusterAgent> agents;

  private EmbeddedAgents(List<ClusterAgent> agents) {
    this.agents = agents;
  }

  /** Starts every agent (each lists its cluster before this returns); they connect with backoff until the gateway answers. */
  public static EmbeddedAgents start(SimulatedFleet fleet, Vertx vertx, String serverUrl, String token) {
    return start(fleet, vertx, serverUrl, token, null);
  }

  /** As above; for an https server, {@code serverCert} is its certificate (PEM), which the agents trust exactly. */
  public static EmbeddedAgents start(SimulatedFleet fleet, Vertx vertx, String serverUrl, String token,
      java.nio.file.Path serverCert) {
    List<ClusterAgent> started = new ArrayList<>();
    try {
      for (SimulatedCluster c : fleet.clusters()) {
        ClusterAgent.Builder b = ClusterAgent.builder().cluster(c.name()).client(c.newClient()).server(serverUrl).token(token)
            .mode(AgentMode.PUSH).vertx(vertx).labels(c.spec().labels()).taints(c.spec().taints());
        if (serverCert != null) {
          b.pinnedCert(serverCert);
        }
        started.add(b.build().start());
      }
    } catch (RuntimeException e) {
      started.forEach(ClusterAgent::close);
      throw e;
    }
    return new EmbeddedAgents(started);
  }

  public List<ClusterAgent> agents() {
    return List.copyOf(agents);
  }

  @Override
  public void close() {
    agents.forEach(ClusterAgent::close);
  }
}
