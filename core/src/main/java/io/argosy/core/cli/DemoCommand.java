package io.argosy.core.cli;

import io.argosy.agent.sim.SimOptions;
import io.argosy.core.client.ArgosyClient;
import io.argosy.core.server.ArgosyServer;
import io.argosy.core.view.ClusterView;
import io.argosy.core.view.JobView;
import io.argosy.core.view.TransitionView;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code argosy demo}: the embedded default in one process. Simulated member clusters from
 * {@code examples/fleet.yaml}, one push agent each, and the control plane on port 8080 (or a free
 * one); submits {@code examples/jobs/}, then, once the low-priority sweep runs, the urgent gang in
 * {@code examples/jobs/urgent/} that preempts it; shows progress, where each gang landed and a
 * capacity report, and exits 0 when every job succeeded ({@code --keep} stays up for the CLI).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run simulated clusters, agents and the control plane in one process, submit the example jobs,"
        + " and show where every gang lands.")
public final class DemoCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--keep", description = "Keep running after the jobs finish (for the CLI and a browser).")
  boolean keep;

  @Option(names = "--port", defaultValue = "8080", description = "HTTP port; a free one when it is taken (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--data", description = "Data directory (default: a fresh temporary one).")
  Path data;

  @Option(names = "--fleet", description = "Fleet file (default: examples/fleet.yaml).")
  Path fleet;

  @Option(names = "--jobs", description = "Directory of jobs to submit (default: examples/jobs); its urgent/ part follows.")
  Path jobs;

  @Option(names = "--time-scale", defaultValue = "1.0", description = "Multiplies simulated pod runtimes (default ${DEFAULT-VALUE}).")
  double timeScale;

  @Option(names = "--timeout", defaultValue = "100s", description = "Give up when the jobs are not done by then (default ${DEFAULT-VALUE}).")
  String timeout;

  /** Tests count it down to end a {@code --keep} run. */
  CountDownLatch stop = new CountDownLatch(1);

  private PrintWriter out;
  private long t0;

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    t0 = System.nanoTime();
    Path root = Path.of(System.getProperty("argosy.root", "."));
    Path fleetFile = fleet != null ? fleet : root.resolve("examples/fleet.yaml");
    Path jobDir = jobs != null ? jobs : root.resolve("examples/jobs");
    if (!Files.isReadable(fleetFile)) {
      throw new InvalidInputException("--fleet: cannot read " + fleetFile + " (run from the repository root or pass --fleet)");
    }
    if (!Files.isDirectory(jobDir)) {
      throw new InvalidInputException("--jobs: " + jobDir + " is not a directory");
    }
    Duration limit = ServerCommand.duration(timeout, "--timeout");
    Path dataDir = data != null ? data : Files.createTempDirectory("argosy-demo-");
    int p = portOrFree(port);
    ArgosyServer.Config cfg = ArgosyServer.Config.defaults(dataDir).withPort(p)
        .withFleet(fleetFile, SimOptions.DEFAULT.withTimeScale(timeScale));
    say("starting simulated clusters from " + fleetFile + ", their agents and the control plane ...");
    try (ArgosyServer server = ArgosyServer.start(cfg)) {
      ArgosyClient client = new ArgosyClient(server.url(), null);
      say("control plane at " + server.url() + " (data " + dataDir + ")");
      waitForClusters(client, server.fleet().clusters().size(), Duration.ofSeconds(60));
      out.print(Render.clusters(client.clusters(), Instant.now()));
      out.println();
      int code = run(client, jobDir, limit, server);
      if (keep) {
        out.println();
        out.println("Argosy keeps running at " + server.url() + ". Try:");
        String flag = server.port() == 8080 ? "" : " --server " + server.url();
        out.println("  ./argosy get jobs" + flag);
        out.println("  ./argosy describe job default/llm-finetune" + flag);
        out.println("  ./argosy get clusters" + flag);
        out.println("  ./argosy capacity" + flag);
        out.println("  curl " + server.url() + "/metrics");
        out.println("Stop with Ctrl-C.");
        out.flush();
        Thread hook = new Thread(stop::countDown, "argosy-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stop.await();
      }
      return code;
    } finally {
      if (data == null && !keep) {
        deleteQuietly(dataDir);
      }
    }
  }

  private int run(ArgosyClient client, Path jobDir, Duration limit, ArgosyServer server) throws Exception {
    say("submitting " + jobDir + " ...");
    print(client.submit(body(SubmitCommand.expand(List.of(jobDir.toString())))));
    Path urgent = jobDir.resolve("urgent");
    boolean urgentSent = !Files.isDirectory(urgent);
    Map<String, String> lastState = new HashMap<>();
    long deadline = System.nanoTime() + limit.toNanos();
    long urgentAfter = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    long nextStatus = 0;
    List<JobView> all;
    while (true) {
      all = client.jobs(Map.of());
      for (JobView j : all) {
        String s = j.state() + "|" + String.join(",", j.clusters());
        if (!s.equals(lastState.put(j.id(), s))) {
          event(j);
        }
      }
      if (!urgentSent && (runningJob(all, "sweep-low") || System.nanoTime() > urgentAfter)) {
        say("the low-priority sweep holds the training queue's 32 GPUs; submitting the urgent gang " + urgent + " ...");
        print(client.submit(body(SubmitCommand.expand(List.of(urgent.toString())))));
        urgentSent = true;
        continue;
      }
      boolean done = urgentSent && !all.isEmpty() && all.stream().allMatch(JobView::terminal);
      if (done) {
        break;
      }
      if (System.nanoTime() > deadline) {
        say("timed out after " + limit.toSeconds() + "s; jobs not finished:");
        all.stream().filter(j -> !j.terminal()).forEach(j -> out.println("  " + j.id() + " " + j.state() + ": " + Render.reason(j)));
        out.flush();
        return Main.EXIT_FAILED;
      }
      if (System.nanoTime() > nextStatus) {
        nextStatus = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        status(all);
      }
      Thread.sleep(250);
    }
    all = all.stream().map(j -> client.job(j.namespace(), j.name())).toList();
    out.println();
    say("all jobs finished. Where each gang landed:");
    out.print(summary(all));
    out.println();
    long preemptions = server.metrics().count("argosy_preemptions_total", null);
    out.println("Preemptions: " + preemptions);
    for (String line : preempted(all)) {
      String text = "  " + line;
      out.println(text.length() <= Table.WIDTH ? text : text.substring(0, Table.WIDTH - 3) + "...");
    }
    out.println();
    out.println("Capacity now:");
    out.print(CapacityText.render(client.capacity()));
    long failed = all.stream().filter(j -> !j.state().equals("Succeeded")).count();
    say(failed == 0 ? "demo finished: " + all.size() + " jobs succeeded" : "demo finished: " + failed + " jobs did not succeed");
    return failed == 0 ? 0 : Main.EXIT_FAILED;
  }

  static String summary(List<JobView> all) {
    Table t = new Table("JOB", "QUEUE", "CLUSTER", "NODES", "DEVICES", "STATE");
    for (JobView j : all) {
      t.row(j.id(), j.queue(), j.clusters().isEmpty() ? "-" : String.join(",", j.clusters()), Render.nodes(j.placement()),
          Render.devices(j.placement()), j.state());
    }
    return t.render();
  }

  private static List<String> preempted(List<JobView> all) {
    List<String> lines = new ArrayList<>();
    for (JobView j : all) {
      for (TransitionView h : j.history() == null ? List.<TransitionView>of() : j.history()) {
        if ("Preempted".equals(h.to())) {
          lines.add(j.id() + ": " + h.reason());
        }
      }
    }
    return lines;
  }

  private static boolean runningJob(List<JobView> all, String name) {
    return all.stream().anyMatch(j -> j.name().equals(name) && j.state().equals("Running"));
  }

  private void event(JobView j) {
    String where = j.clusters().isEmpty() ? "" : " on " + String.join(",", j.clusters()) + " " + Render.nodes(j.placement());
    String why = j.state().equals("Pending") ? Render.reason(j) : j.reason();
    say(String.format("%-28s %-10s%s%s", j.id(), j.state(), where, why == null || why.isEmpty() ? "" : "  (" + why + ")"));
  }

  private void status(List<JobView> all) {
    Map<String, Integer> by = new java.util.TreeMap<>();
    all.forEach(j -> by.merge(j.state(), 1, Integer::sum));
    say("status: " + by);
  }

  private void print(io.argosy.core.view.SubmitResult r) {
    for (var o : r.objects()) {
      out.println("    " + o.kind() + " " + (o.namespace() == null ? o.name() : o.namespace() + "/" + o.name()) + " " + o.result());
    }
    out.flush();
  }

  private void waitForClusters(ArgosyClient client, int expected, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      List<ClusterView> cs = client.clusters();
      if (cs.size() >= expected && cs.stream().allMatch(ClusterView::ready)) {
        say(expected + " member clusters ready");
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the simulated clusters did not become ready within " + max.toSeconds() + "s");
  }

  private void say(String line) {
    String text = String.format("[%5.1fs] %s", (System.nanoTime() - t0) / 1e9, line);
    out.println(text.length() <= Table.WIDTH ? text : text.substring(0, Table.WIDTH - 3) + "...");
    out.flush();
  }

  private static String body(List<Path> files) throws IOException {
    StringBuilder b = new StringBuilder();
    for (Path f : files) {
      if (b.length() > 0) {
        b.append("\n---\n");
      }
      b.append(Files.readString(f));
    }
    return b.toString();
  }

  private static int portOrFree(int wanted) {
    if (wanted == 0) {
      return 0;
    }
    try (ServerSocket s = new ServerSocket(wanted, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return wanted;
    } catch (IOException e) {
      return 0;
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory
    }
  }
}
