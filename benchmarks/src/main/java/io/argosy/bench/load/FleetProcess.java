package io.argosy.bench.load;

import io.argosy.agent.ClusterAgent;
import io.argosy.agent.sim.SimOptions;
import io.argosy.agent.sim.SimulatedCluster;
import io.argosy.agent.sim.SimulatedFleet;
import io.argosy.api.AgentMode;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The load benchmark's member clusters, in a JVM of their own: every cluster of a fleet file as a
 * fabric8 {@code KubernetesMockServer} (CRUD mode) with its simulated kubelet, and one pull-mode
 * {@link ClusterAgent} per cluster connecting to the control plane, as {@code argosy agent} runs
 * next to a real member cluster. Keeping them out of the control plane's JVM means the control
 * plane's CPU time is its own.
 *
 * <pre>FleetProcess FLEET.yaml SERVER_URL TOKEN_FILE</pre>
 */
public final class FleetProcess {
  private FleetProcess() {}

  public static void main(String[] args) throws Exception {
    Path fleetFile = Path.of(args[0]);
    String server = args[1];
    String token = Files.readString(Path.of(args[2])).strip();
    SimulatedFleet fleet = SimulatedFleet.start(fleetFile, SimOptions.DEFAULT);
    Vertx vertx = Vertx.vertx();
    List<ClusterAgent> agents = new ArrayList<>();
    for (SimulatedCluster c : fleet.clusters()) {
      agents.add(ClusterAgent.builder().cluster(c.name()).client(c.newClient()).server(server).token(token)
          .mode(AgentMode.PULL).vertx(vertx).labels(c.spec().labels()).taints(c.spec().taints()).build().start());
    }
    System.out.println("fleet ready: " + agents.size() + " clusters");
    System.out.flush();
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
    stop.await();
    agents.forEach(ClusterAgent::close);
    fleet.close();
    vertx.close();
  }
}
