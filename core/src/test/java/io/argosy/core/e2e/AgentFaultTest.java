package io.argosy.core.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argosy.agent.ClusterAgent;
import io.argosy.agent.sim.FleetFile;
import io.argosy.agent.sim.SimOptions;
import io.argosy.agent.sim.SimulatedCluster;
import io.argosy.agent.sim.SimulatedFleet;
import io.argosy.api.AgentMode;
import io.argosy.core.control.ControlLoop;
import io.argosy.core.server.ArgosyServer;
import io.argosy.core.testing.Eventually;
import io.argosy.core.testing.FaultProxy;
import io.argosy.core.testing.Http;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults between the agents and the control plane, and in the member clusters' API servers: every
 * agent reaches the server through a {@link FaultProxy}; the simulated API servers inject 5xx
 * bursts and delays ({@code FaultPlan}). The system must converge: every job succeeds, no pod is
 * created twice, and a cluster that comes back after its jobs moved keeps no stale copy.
 */
class AgentFaultTest {
  static final String TOKEN = "agent-fault-token";
  static final Duration LIMIT = Duration.ofSeconds(120);

  @TempDir Path dir;
  final List<AutoCloseable> closeLast = new ArrayList<>();
  final Map<String, AtomicInteger> created = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> deleted = new ConcurrentHashMap<>();

  @AfterEach
  void closeAll() {
    for (int i = closeLast.size() - 1; i >= 0; i--) {
      try {
        closeLast.get(i).close();
      } catch (Exception ignored) {
        // best effort
      }
    }
  }

  ArgosyServer server(Duration grace) throws Exception {
    ArgosyServer s = ArgosyServer.start(ArgosyServer.Config.defaults(dir.resolve("data")).withPort(0)
        .withTokens(null, TOKEN).withLoop(ControlLoop.Options.DEFAULT.withClusterGrace(grace)));
    closeLast.add(s);
    return s;
  }

  SimulatedFleet fleet() throws Exception {
    SimulatedFleet f = SimulatedFleet.start(FleetFile.parse(RestartTest.FLEET), SimOptions.DEFAULT.withTimeScale(0.1));
    closeLast.add(f);
    for (SimulatedCluster c : f.clusters()) {
      Watch w = c.client().pods().inAnyNamespace().watch(new Watcher<Pod>() {
        @Override
        public void eventReceived(Action action, Pod pod) {
          String key = c.name() + "/" + pod.getMetadata().getName();
          if (action == Action.ADDED) {
            created.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
          } else if (action == Action.DELETED) {
            deleted.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
          }
        }

        @Override
        public void onClose(WatcherException cause) {}
      });
      closeLast.add(w::close);
    }
    return f;
  }

  ClusterAgent agent(SimulatedCluster c, String url) {
    ClusterAgent a = ClusterAgent.builder().cluster(c.name()).client(c.newClient()).server(url).token(TOKEN)
        .mode(AgentMode.PULL).reconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(500)).build().start();
    closeLast.add(a);
    return a;
  }

  FaultProxy proxy(ArgosyServer s) throws Exception {
    FaultProxy p = new FaultProxy(s.port());
    closeLast.add(p);
    return p;
  }

  @Test
  void connectionCutsAgentRestartsAndApiErrorsConvergeWithoutRequeuesOrDuplicates() throws Exception {
    ArgosyServer server = server(Duration.ofSeconds(60));
    SimulatedFleet fleet = fleet();
    Http http = new Http(server.url());
    Map<String, FaultProxy> proxies = new HashMap<>();
    Map<String, ClusterAgent> agents = new HashMap<>();
    for (SimulatedCluster c : fleet.clusters()) {
      proxies.put(c.name(), proxy(server));
      agents.put(c.name(), agent(c, proxies.get(c.name()).url()));
    }
    RestartTest.awaitClusters(http, 2);
    // the member API servers misbehave: bursts of 503 on pod creation, slow pod and binding calls
    fleet.cluster("alpha").faults().failRequests("POST", "/pods", 503, 4).delayRequests(null, "/pods", Duration.ofMillis(200));
    fleet.cluster("beta").faults().failRequests(null, "/pods", 500, 3).delayRequests("GET", "/nodes", Duration.ofMillis(300));

    int jobs = 12;
    for (int i = 0; i < jobs; i++) {
      String name = "af-" + i;
      Http.Response r = http.submit(i % 2 == 0 ? RestartTest.batch(name) : RestartTest.volcano(name));
      assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
    int connectsBefore = proxies.values().stream().mapToInt(FaultProxy::accepted).sum();
    for (int round = 0; round < 3; round++) {
      Eventually.await("jobs progressing", LIMIT, () -> RestartTest.states(http),
          s -> RestartTest.count(s, "Running") + RestartTest.count(s, "Succeeded") >= 1);
      proxies.values().forEach(FaultProxy::cut);
      Thread.sleep(500);
      if (round == 1) {
        // the agent of beta restarts: a new process, same cluster
        agents.get("beta").close();
        agents.put("beta", agent(fleet.cluster("beta"), proxies.get("beta").url()));
      }
      fleet.cluster("alpha").faults().failRequests("POST", "/pods", 503, 2);
      Thread.sleep(700);
    }
    Map<String, String> done = Eventually.await("every job succeeded", LIMIT, () -> RestartTest.states(http),
        s -> s.size() == jobs && RestartTest.count(s, "Succeeded") == jobs);
    assertThat(done).hasSize(jobs);
    assertThat(proxies.values().stream().mapToInt(FaultProxy::accepted).sum()).as("agents reconnected after cuts")
        .isGreaterThan(connectsBefore);
    assertThat(created).hasSize(jobs * 2);
    assertThat(created.values()).allSatisfy(n -> assertThat(n.get()).as("each pod created once").isEqualTo(1));
    assertThat(http.get("/metrics").body()).doesNotContain("argosy_requeues_total{cause=\"cluster-not-ready\"} 1");
  }

  @Test
  void aPartitionPastTheGracePeriodMovesTheJobAndTheReturningClusterDeletesItsStaleCopy() throws Exception {
    ArgosyServer server = server(Duration.ofSeconds(2));
    SimulatedFleet fleet = fleet();
    Http http = new Http(server.url());
    Map<String, FaultProxy> proxies = new HashMap<>();
    for (SimulatedCluster c : fleet.clusters()) {
      proxies.put(c.name(), proxy(server));
      agent(c, proxies.get(c.name()).url());
    }
    RestartTest.awaitClusters(http, 2);
    Http.Response r = http.submit(RestartTest.batch("long").replace("\"20\"", "\"36000\""));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    JsonNode running = Eventually.await("running", LIMIT, () -> http.get("/v1/jobs/default/long").json(),
        j -> j.path("state").asText().equals("Running"));
    String first = running.path("clusters").get(0).asText();
    String other = first.equals("alpha") ? "beta" : "alpha";
    List<String> firstPods = new ArrayList<>();
    running.path("placement").forEach(p -> firstPods.add(p.path("name").asText()));

    proxies.get(first).partition(true);
    JsonNode moved = Eventually.await("running on " + other, LIMIT, () -> http.get("/v1/jobs/default/long").json(),
        j -> j.path("state").asText().equals("Running") && j.path("clusters").toString().contains(other));
    assertThat(moved.path("history").toString()).contains("cluster " + first + " not ready");
    // while cut off, the first cluster still runs its copy: nobody could tell it
    for (String pod : firstPods) {
      assertThat(fleet.cluster(first).client().pods().inNamespace("default").withName(pod).get()).isNotNull();
    }

    proxies.get(first).partition(false);
    Eventually.await("the stale copy on " + first + " deleted", LIMIT, () -> firstPods.stream()
        .filter(p -> fleet.cluster(first).client().pods().inNamespace("default").withName(p).get() != null).count(), n -> n == 0);
    JsonNode after = http.get("/v1/jobs/default/long").json();
    assertThat(after.path("state").asText()).isEqualTo("Running");
    assertThat(after.path("clusters").toString()).contains(other).doesNotContain(first);
    assertThat(fleet.cluster(other).client().pods().inNamespace("default").list().getItems()).hasSize(2);
    assertThat(created.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    assertThat(http.delete("/v1/jobs/default/long").status()).isEqualTo(200);
  }
}
