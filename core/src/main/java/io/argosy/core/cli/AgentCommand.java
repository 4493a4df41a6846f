package io.argosy.core.cli;

import io.argosy.agent.ClusterAgent;
import io.argosy.api.AgentMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code argosy agent}: the per-cluster agent as its own process in (or next to) a member cluster
 * (pull mode). Runs until interrupted.
 */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = "Run the agent for one member cluster: report its capacity to the control plane and apply bindings.")
public final class AgentCommand implements Callable<Integer> {

  @Option(names = "--cluster", required = true, description = "Member cluster name, as the control plane knows it.")
  String cluster;

  @Option(names = "--kubeconfig", description = "Kubeconfig of the member cluster (default: in-cluster service account).")
  Path kubeconfig;

  @Option(names = "--server", required = true, description = "Control plane URL, e.g. https://argosy.example.com:8080.")
  String server;

  @Option(names = "--token-file", required = true, description = "File holding the cluster's bearer token.")
  Path tokenFile;

  @Option(names = "--ca-cert", description = "PEM certificate(s) to trust for an https:// server with a private CA"
      + " (default: the JDK's CAs).")
  Path caCert;

  @Option(names = "--label", description = "Cluster label key=value (repeatable), e.g. region=eu-west-1.")
  List<String> labels = new ArrayList<>();

  @Option(names = "--taint", description = "Cluster taint key[=value]:Effect (repeatable).")
  List<String> taints = new ArrayList<>();

  /** Set by tests to stop the agent; the process otherwise runs until SIGINT/SIGTERM. */
  CountDownLatch stop = new CountDownLatch(1);

  @Override
  public Integer call() throws InterruptedException {
    String token = readToken();
    if (!server.matches("https?://.+")) {
      throw new InvalidInputException("--server: must be an http:// or https:// URL, got '" + server + "'");
    }
    if (kubeconfig != null && !Files.isReadable(kubeconfig)) {
      throw new InvalidInputException("--kubeconfig: cannot read " + kubeconfig);
    }
    Map<String, String> labelMap = new LinkedHashMap<>();
    for (String l : labels) {
      int eq = l.indexOf('=');
      if (eq <= 0) {
        throw new InvalidInputException("--label: expected key=value, got '" + l + "'");
      }
      labelMap.put(l.substring(0, eq), l.substring(eq + 1));
    }
    for (String t : taints) {
      if (!t.matches("[^=:]+(=[^:]*)?:(NoSchedule|PreferNoSchedule|NoExecute)")) {
        throw new InvalidInputException("--taint: expected key[=value]:NoSchedule|PreferNoSchedule|NoExecute, got '" + t + "'");
      }
    }
    ClusterAgent.Builder b = ClusterAgent.builder().cluster(cluster).server(server).token(token).mode(AgentMode.PULL)
        .labels(labelMap).taints(taints);
    if (caCert != null) {
      if (!Files.isReadable(caCert)) {
        throw new InvalidInputException("--ca-cert: cannot read " + caCert);
      }
      b.caCert(caCert);
    }
    if (kubeconfig != null) {
      b.kubeconfig(kubeconfig);
    } else {
      b.inCluster();
    }
    try (ClusterAgent agent = b.build().start()) {
      Thread hook = new Thread(stop::countDown, "argosy-agent-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      System.err.println("argosy agent: cluster " + cluster + " reporting to " + server);
      stop.await();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down
      }
    }
    return 0;
  }

  private String readToken() {
    try {
      String t = Files.readString(tokenFile).strip();
      if (t.isEmpty()) {
        throw new InvalidInputException("--token-file: " + tokenFile + " is empty");
      }
      return t;
    } catch (IOException e) {
      throw new InvalidInputException("--token-file: cannot read " + tokenFile + ": " + e.getMessage());
    }
  }
}
