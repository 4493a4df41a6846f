package io.argosy.core.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.agent.ClusterAgent;
import io.argosy.agent.sim.FleetFile;
import io.argosy.agent.sim.SimOptions;
import io.argosy.agent.sim.SimulatedCluster;
import io.argosy.agent.sim.SimulatedFleet;
import io.argosy.api.AgentMode;
import io.argosy.core.cli.ServerCommand;
import io.argosy.core.store.postgres.PostgresTestDatabase;
import io.argosy.core.testing.Eventually;
import io.argosy.core.testing.Http;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Active/passive control planes: a leader and a {@code --standby} on the same store (SQLite data
 * directory, or PostgreSQL when {@code ARGOSY_TEST_POSTGRES_URL} is set), each in its own JVM and on
 * the same address (as behind a virtual IP). The standby serves nothing while the leader lives; the
 * leader is SIGKILLed mid-run and the standby must answer {@code /readyz} within 15 s, after which
 * every accepted job finishes and no pod is created twice.
 */
class FailoverTest {
  static final Duration TAKEOVER_LIMIT = Duration.ofSeconds(15);

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void theStandbyTakesOverWithin15sOfTheLeadersDeathAndLosesNothing(String storeKind) throws Exception {
    PostgresTestDatabase db = storeKind.equals("postgresql") ? PostgresTestDatabase.create() : null;
    List<String> extra = List.of();
    Map<String, String> env = db == null ? Map.of() : Map.of(ServerCommand.STORE_ENV, db.url());
    Path data = dir.resolve("data");
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, RestartTest.TOKEN);
    int port = RestartTest.freePort();
    String url = "http://127.0.0.1:" + port;
    Map<String, AtomicInteger> created = new ConcurrentHashMap<>();
    List<Watch> watches = new ArrayList<>();
    List<ClusterAgent> agents = new ArrayList<>();
    Process leader = null;
    Process standby = null;
    try (SimulatedFleet fleet = SimulatedFleet.start(FleetFile.parse(RestartTest.FLEET), SimOptions.DEFAULT.withTimeScale(0.1))) {
      for (SimulatedCluster c : fleet.clusters()) {
        watches.add(c.client().pods().inAnyNamespace().watch(new Watcher<Pod>() {
          @Override
          public void eventReceived(Action action, Pod pod) {
            if (action == Action.ADDED) {
              created.computeIfAbsent(c.name() + "/" + pod.getMetadata().getName(), k -> new AtomicInteger()).incrementAndGet();
            }
          }

          @Override
          public void onClose(WatcherException cause) {}
        }));
      }
      Path leaderLog = dir.resolve("leader.log");
      Path standbyLog = dir.resolve("standby.log");
      leader = RestartTest.startServer(data, port, tokenFile, leaderLog, extra, env);
      Http http = new Http(url);
      RestartTest.awaitReady(http, leader);
      List<String> standbyArgs = new ArrayList<>(extra);
      standbyArgs.addAll(List.of("--standby", "--standby-poll", "250ms"));
      standby = RestartTest.startServer(data, port, tokenFile, standbyLog, standbyArgs, env);
      Process s = standby;
      Eventually.await("the standby to wait for the leader", RestartTest.LIMIT, () -> {
        assertThat(s.isAlive()).as("standby alive").isTrue();
        return read(standbyLog);
      }, log -> log.contains("standby: another argosy server"));

      for (SimulatedCluster c : fleet.clusters()) {
        agents.add(ClusterAgent.builder().cluster(c.name()).client(c.newClient()).server(url).token(RestartTest.TOKEN)
            .mode(AgentMode.PULL).reconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(500)).build().start());
      }
      RestartTest.awaitClusters(http, 2);
      List<String> accepted = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String name = "fo-" + i;
        Http.Response r = http.submit(i % 2 == 0 ? RestartTest.batch(name) : RestartTest.volcano(name));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        accepted.add(name);
      }
      Eventually.await("jobs running", RestartTest.LIMIT, () -> RestartTest.states(http),
          st -> RestartTest.count(st, "Running") + RestartTest.count(st, "Bound") >= 1);
      assertThat(read(standbyLog)).as("only the leader serves and schedules").doesNotContain("listening on");

      leader.destroyForcibly();
      long killedAt = System.nanoTime();
      assertThat(leader.waitFor(30, TimeUnit.SECONDS)).isTrue();
      try {
        Eventually.await("the standby to serve", TAKEOVER_LIMIT, () -> {
          try {
            return http.get("/readyz").status();
          } catch (AssertionError e) {
            return -1;
          }
        }, st -> st == 200);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "; standby alive " + standby.isAlive() + ", its log:\n" + read(standbyLog), e);
      }
      Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
      String standbySays = read(standbyLog).lines().filter(l -> l.startsWith("standby:")).reduce("", (a, b) -> a + b + "; ");
      System.out.printf("failover (%s): standby ready %d ms after the leader's SIGKILL (%s)%n", storeKind, takeover.toMillis(),
          standbySays);
      assertThat(takeover).as("takeover; the standby says: %s", standbySays).isLessThan(TAKEOVER_LIMIT);
      assertThat(read(standbyLog)).contains("listening on");

      Map<String, String> done = Eventually.await("every job succeeded", RestartTest.LIMIT, () -> RestartTest.states(http),
          st -> st.size() == accepted.size() && RestartTest.count(st, "Succeeded") == accepted.size());
      assertThat(done.keySet()).containsExactlyInAnyOrderElementsOf(accepted);
      assertThat(created).hasSize(accepted.size() * 2);
      assertThat(created.values()).allSatisfy(n -> assertThat(n.get()).as("each pod created once").isEqualTo(1));
    } finally {
      agents.forEach(ClusterAgent::close);
      watches.forEach(Watch::close);
      for (Process p : new Process[] {leader, standby}) {
        if (p != null) {
          p.destroyForcibly();
          p.waitFor(30, TimeUnit.SECONDS);
        }
      }
      if (db != null) {
        db.close();
      }
    }
  }

  static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
