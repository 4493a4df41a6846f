package io.argosy.core.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argosy.agent.ClusterAgent;
import io.argosy.agent.sim.FleetFile;
import io.argosy.agent.sim.SimOptions;
import io.argosy.agent.sim.SimulatedCluster;
import io.argosy.agent.sim.SimulatedFleet;
import io.argosy.api.AgentMode;
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
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Repeated control-plane crashes during a busy run. A client submits 25 gangs into two GPU-capped
 * queues (and the default queue) one by one, retrying through outages as any client would; the
 * server (its own JVM) is SIGKILLed at seeded random moments, each time restarted on the same data
 * directory. After every restart: each acknowledged job is there once with its uid, and each queue's
 * usage equals what its admitted jobs hold. At the end every job succeeded, every pod was created
 * exactly once and the queues hold nothing.
 *
 * <p>{@code -Dargosy.chaos.seed=N} and {@code -Dargosy.chaos.kills=K} reproduce or widen a run.
 */
class ChaosRestartTest {
  static final int JOBS = 25;
  static final int GPUS_PER_JOB = 4;
  static final Duration LIMIT = Duration.ofSeconds(180);

  @TempDir Path dir;

  @Test
  void repeatedKillsAtRandomPointsLoseNothingRunNothingTwiceAndKeepQuotasExact() throws Exception {
    long seed = Long.getLong("argosy.chaos.seed", 20251205L);
    int kills = Integer.getInteger("argosy.chaos.kills", 3);
    Random random = new Random(seed);
    System.out.println("chaos restart: seed " + seed + ", kills " + kills);
    Path data = dir.resolve("data");
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, RestartTest.TOKEN);
    int port = RestartTest.freePort();
    Http http = new Http("http://127.0.0.1:" + port);
    Map<String, AtomicInteger> created = new ConcurrentHashMap<>();
    Map<String, String> acknowledged = new ConcurrentHashMap<>(); // name -> uid, once the server said 201/200
    AtomicReference<Throwable> submitterFailure = new AtomicReference<>();
    List<Watch> watches = new ArrayList<>();
    List<ClusterAgent> agents = new ArrayList<>();
    Process server = null;
    Thread submitter = null;
    Thread sampler = null;
    List<String> overCapacity = java.util.Collections.synchronizedList(new ArrayList<>());
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
      server = RestartTest.startServer(data, port, tokenFile, dir.resolve("server-0.log"));
      RestartTest.awaitReady(http, server);
      for (SimulatedCluster c : fleet.clusters()) {
        agents.add(ClusterAgent.builder().cluster(c.name()).client(c.newClient()).server(http.base()).token(RestartTest.TOKEN)
            .mode(AgentMode.PULL).reconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(500)).build().start());
      }
      RestartTest.awaitClusters(http, 2);
      Http.Response queues = http.submit(queue("team-a", 8) + "---\n" + queue("team-b", 8));
      assertThat(queues.status()).as(queues.body()).isEqualTo(201);

      submitter = new Thread(() -> {
        try {
          for (int i = 0; i < JOBS; i++) {
            String name = "chaos-" + i;
            String queue = i % 5 == 4 ? "default" : (i % 2 == 0 ? "team-a" : "team-b");
            submitUntilAcknowledged(http, name, gang(name, queue, i % 3 == 0), acknowledged);
            Thread.sleep(150 + random(seed, i) % 250);
          }
        } catch (Throwable e) {
          submitterFailure.set(e);
        }
      }, "chaos-submitter");
      submitter.start();
      sampler = new Thread(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          try {
            for (JsonNode q : http.get("/v1/queues").json().path("items")) {
              JsonNode cap = q.path("capability").path("nvidia.com/gpu");
              if (!cap.isMissingNode() && gpus(q.path("usage")) > cap.asLong()) {
                overCapacity.add(System.currentTimeMillis() + " " + q + " jobs " + states(jobs(http)));
              }
            }
            Thread.sleep(300);
          } catch (AssertionError e) {
            // the server is down
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "chaos-quota-sampler");
      sampler.setDaemon(true);
      sampler.start();

      for (int k = 1; k <= kills; k++) {
        Thread.sleep(700 + random.nextInt(3000));
        server.destroyForcibly();
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(server.exitValue()).isEqualTo(137);
        int acknowledgedAtKill = acknowledged.size();
        server = RestartTest.startServer(data, port, tokenFile, dir.resolve("server-" + k + ".log"));
        RestartTest.awaitReady(http, server);
        Map<String, JsonNode> jobs = jobs(http);
        Map<String, String> ack = Map.copyOf(acknowledged);
        assertThat(ack.size()).isGreaterThanOrEqualTo(acknowledgedAtKill);
        for (var e : ack.entrySet()) {
          assertThat(jobs).as("acknowledged job %s after kill %d", e.getKey(), k).containsKey(e.getKey());
          assertThat(jobs.get(e.getKey()).path("uid").asText()).as("uid of %s", e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(overCapacity).as("a queue's usage above its capability").isEmpty();
        assertQuotasExact(http, "after kill " + k);
      }
      submitter.join(LIMIT.toMillis());
      assertThat(submitterFailure.get()).isNull();
      assertThat(overCapacity).as("a queue's usage above its capability").isEmpty();
      assertThat(acknowledged).hasSize(JOBS);

      Map<String, JsonNode> done = Eventually.await("every job succeeded", LIMIT, () -> jobsOrEmpty(http),
          j -> j.size() == JOBS && j.values().stream().allMatch(v -> v.path("state").asText().equals("Succeeded")));
      acknowledged.forEach((name, uid) -> assertThat(done.get(name).path("uid").asText()).isEqualTo(uid));
      int pods = 0;
      for (String name : done.keySet()) {
        for (JsonNode p : http.get("/v1/jobs/default/" + name).json().path("placement")) {
          pods++;
          String key = p.path("cluster").asText() + "/" + p.path("name").asText();
          assertThat(created.get(key)).as("pod %s created", key).isNotNull();
          assertThat(created.get(key).get()).as("pod %s created once", key).isEqualTo(1);
        }
      }
      assertThat(pods).isEqualTo(JOBS * 2);
      assertThat(created).hasSize(JOBS * 2);
      // queue views are republished at most every publish interval, after the jobs' own views: give
      // them a few seconds to catch up (a leaked charge stays and still fails here)
      JsonNode endQueues = Eventually.await("queue usage released", Duration.ofSeconds(10),
          () -> http.get("/v1/queues").json().path("items"), items -> {
            for (JsonNode q : items) {
              if (gpus(q.path("usage")) != 0 || q.path("admitted").asInt() != 0) {
                return false;
              }
            }
            return true;
          });
      for (JsonNode q : endQueues) {
        assertThat(gpus(q.path("usage"))).as("usage of %s at the end", q.path("name").asText()).isZero();
        assertThat(q.path("admitted").asInt()).isZero();
      }
    } finally {
      if (submitter != null) {
        submitter.interrupt();
      }
      if (sampler != null) {
        sampler.interrupt();
      }
      agents.forEach(ClusterAgent::close);
      watches.forEach(Watch::close);
      if (server != null) {
        server.destroyForcibly();
        server.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  private static long random(long seed, int i) {
    return Math.abs(new Random(seed * 31 + i).nextLong());
  }

  /** Submits until the server answers 201 or 200: a retry after a lost answer must not make a second job. */
  static void submitUntilAcknowledged(Http http, String name, String manifest, Map<String, String> acknowledged)
      throws InterruptedException {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        Http.Response r = http.submit(manifest);
        if (r.status() == 201 || r.status() == 200) {
          acknowledged.put(name, r.json().path("objects").get(0).path("uid").asText());
          return;
        }
        assertThat(r.status()).as("submitting %s: %s", name, r.body()).isGreaterThanOrEqualTo(500);
      } catch (AssertionError e) {
        if (e.getMessage() == null || !e.getMessage().startsWith("request failed")) {
          throw e;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("could not submit " + name);
  }

  /** Each queue's GPU usage equals 4 GPUs per job of it holding quota, and stays within its capability. */
  static void assertQuotasExact(Http http, String when) {
    Eventually.await("queue usage to match the admitted jobs " + when, Duration.ofSeconds(60), () -> {
      Map<String, JsonNode> jobs = jobs(http);
      JsonNode queues = http.get("/v1/queues").json().path("items");
      Map<String, JsonNode> again = jobs(http);
      List<String> mismatches = new ArrayList<>();
      if (!states(jobs).equals(states(again))) {
        mismatches.add("jobs changed while reading");
        return mismatches;
      }
      for (JsonNode q : queues) {
        String name = q.path("name").asText();
        long holding = jobs.values().stream().filter(j -> j.path("queue").asText().equals(name))
            .filter(j -> List.of("Admitted", "Bound", "Running").contains(j.path("state").asText())).count();
        long usage = gpus(q.path("usage"));
        if (usage != holding * GPUS_PER_JOB || q.path("admitted").asInt() != holding) {
          mismatches.add(name + ": usage " + q.path("usage") + ", admitted " + q.path("admitted") + ", jobs holding " + holding);
        }
        if (q.path("capability").has("nvidia.com/gpu")) {
          StringBuilder detail = new StringBuilder();
          jobs.values().stream().filter(j -> j.path("queue").asText().equals(name)).forEach(j -> detail.append("\n  ")
              .append(j.path("name").asText()).append(' ').append(j.path("state").asText()).append(' ')
              .append(j.path("clusters")).append(' ').append(j.path("reason").asText()));
          assertThat(usage).as("%s within its capability %s: %s%s", name, when, q, detail)
              .isLessThanOrEqualTo(q.path("capability").path("nvidia.com/gpu").asLong());
        }
      }
      return mismatches;
    }, List::isEmpty);
  }

  /** Whole GPUs of any model (usage also lists them per model, {@code nvidia.com/gpu[A100-80GB]}). */
  static long gpus(JsonNode usage) {
    return usage.path("nvidia.com/gpu").asLong(0);
  }

  static Map<String, String> states(Map<String, JsonNode> jobs) {
    Map<String, String> out = new TreeMap<>();
    jobs.forEach((k, v) -> out.put(k, v.path("state").asText()));
    return out;
  }

  static Map<String, JsonNode> jobs(Http http) {
    Map<String, JsonNode> out = new TreeMap<>();
    http.get("/v1/jobs").json().path("items").forEach(j -> out.put(j.path("name").asText(), j));
    return out;
  }

  static Map<String, JsonNode> jobsOrEmpty(Http http) {
    try {
      return jobs(http);
    } catch (AssertionError e) {
      return Map.of();
    }
  }

  static String queue(String name, int gpus) {
    return """
        apiVersion: scheduling.volcano.sh/v1beta1
        kind: Queue
        metadata: {name: %s}
        spec:
          weight: 1
          capability: {nvidia.com/gpu: %d}
        """.formatted(name, gpus);
  }

  /** A gang of 2 pods x 2 GPUs, a Volcano Job or a batch Job, in the given queue. */
  static String gang(String name, String queue, boolean volcano) {
    if (volcano) {
      return """
          apiVersion: batch.volcano.sh/v1alpha1
          kind: Job
          metadata:
            name: %s
            annotations: {sim.argosy.io/runtime-seconds: "20"}
          spec:
            minAvailable: 2
            queue: %s
            tasks:
              - replicas: 2
                name: worker
                template:
                  spec:
                    restartPolicy: Never
                    containers:
                      - name: main
                        image: busybox
                        resources: {limits: {nvidia.com/gpu: 2, cpu: "4", memory: 16Gi}}
          """.formatted(name, queue);
    }
    return """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: %s
          labels: {kueue.x-k8s.io/queue-name: %s}
          annotations: {sim.argosy.io/runtime-seconds: "20"}
        spec:
          parallelism: 2
          completions: 2
          template:
            spec:
              restartPolicy: Never
              containers:
                - name: main
                  image: busybox
                  resources: {limits: {nvidia.com/gpu: 2, cpu: "4", memory: 16Gi}}
        """.formatted(name, queue);
  }
}
