package io.argosy.core.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argosy.agent.sim.ClusterSpec;
import io.argosy.agent.sim.FleetFile;
import io.argosy.agent.sim.FleetSpec;
import io.argosy.gpu.InvalidSpecException;
import io.argosy.queue.manifest.ManifestException;
import io.argosy.scheduler.cycle.PendingJob;
import io.argosy.scheduler.fleet.GangBinding;
import io.argosy.scheduler.fleet.PlacementMode;
import io.argosy.scheduler.fleet.PodPlacement;
import io.argosy.scheduler.framework.Reservation;
import io.argosy.scheduler.framework.SchedulerConfig;
import io.argosy.scheduler.invariant.InvariantChecker;
import io.argosy.scheduler.preempt.Preemption;
import io.argosy.scheduler.simulate.ClusterInput;
import io.argosy.scheduler.simulate.Simulation;
import io.argosy.scheduler.simulate.SimulationResult;
import io.argosy.solver.model.SolveBudget;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code argosy simulate --fleet FLEET.yaml --jobs JOBS.yaml}: one scheduling run over a fleet file,
 * offline, with the real scheduler (gang-scheduler's {@link Simulation}): the bindings (cluster, pod →
 * node and devices), why the other jobs are pending, per cluster, and what was preempted. Exit 0 when
 * the run completes, 2 with one line for invalid input, 1 if the invariant checker finds a violation.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = "Run one scheduling pass of a jobs file over a fleet file (offline): bindings and pending reasons.")
public final class SimulateCommand implements Callable<Integer> {

  @Option(names = "--fleet", required = true, paramLabel = "FLEET.yaml",
      description = "Fleet file: clusters with labels, taints and nodes (Node manifests or templates).")
  Path fleetFile;

  @Option(names = "--jobs", required = true, paramLabel = "JOBS.yaml",
      description = "Multi-document YAML: Volcano Jobs, batch Jobs, Pods, Queues, PriorityClasses, Karmada policies.")
  Path jobsFile;

  @Option(names = "--policy", paramLabel = "MODE",
      description = "Default node placement where neither the job nor the cluster says: binpack, spread, fragmentation or argosy.")
  String policy;

  @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json.")
  String output;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  static final long SOLVER_MOVES = 5_000;

  @Override
  public Integer call() throws IOException {
    if (!output.equals("text") && !output.equals("json")) {
      throw new InvalidInputException("-o must be text or json, got '" + output + "'");
    }
    // reproducible: the placement solver is limited by moves, not by wall-clock time
    SchedulerConfig config = SchedulerConfig.defaults().withSolver(SolveBudget.moves(SOLVER_MOVES, 1));
    if (policy != null) {
      try {
        config = config.withDefaultMode(PlacementMode.parse(policy, "--policy"));
      } catch (InvalidSpecException e) {
        throw new InvalidInputException(e.getMessage());
      }
    }
    FleetSpec fleet;
    try {
      fleet = FleetFile.parse(read(fleetFile));
    } catch (InvalidSpecException e) {
      throw new InvalidInputException(fleetFile + ": " + e.getMessage());
    }
    List<ClusterInput> clusters = new ArrayList<>();
    for (ClusterSpec c : fleet.clusters()) {
      clusters.add(new ClusterInput(c.name(), c.labels(), c.taints(), c.nodes()));
    }
    String jobs = read(jobsFile);
    Simulation sim;
    try {
      sim = Simulation.of(clusters, jobs, config);
    } catch (ManifestException e) {
      throw new InvalidInputException(jobsFile + ": " + e.getMessage());
    } catch (InvalidSpecException e) {
      String where = e.field().startsWith("clusters[") ? fleetFile.toString() : jobsFile.toString();
      throw new InvalidInputException(where + ": " + e.getMessage());
    }
    SimulationResult r = sim.run();
    PrintWriter out = spec.commandLine().getOut();
    if (output.equals("json")) {
      out.println(JSON.writeValueAsString(json(r)));
    } else {
      text(r, out);
    }
    out.flush();
    if (!r.violations().isEmpty()) {
      PrintWriter err = spec.commandLine().getErr();
      for (InvariantChecker.Violation v : r.violations()) {
        err.println("simulate: invariant violated: " + v);
      }
      err.flush();
      return 1;
    }
    return 0;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(file + ": no such file");
    } catch (IOException e) {
      throw new InvalidInputException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** The stable JSON of docs/cli.md. */
  static ObjectNode json(SimulationResult r) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode bindings = root.putArray("bindings");
    for (GangBinding b : r.bindings()) {
      ObjectNode o = bindings.addObject();
      o.put("job", b.job().toString());
      o.put("cluster", b.cluster());
      o.put("bindingId", b.bindingId());
      ArrayNode pods = o.putArray("pods");
      for (PodPlacement p : b.pods()) {
        ObjectNode po = pods.addObject();
        po.put("name", p.podName());
        po.put("task", p.task());
        po.put("node", p.node());
        ArrayNode devices = po.putArray("devices");
        p.devices().forEach(devices::add);
      }
    }
    ArrayNode pending = root.putArray("pending");
    for (PendingJob p : r.pending()) {
      ObjectNode o = pending.addObject();
      o.put("job", p.job().toString());
      ArrayNode reasons = o.putArray("reasons");
      p.reasons().forEach(reasons::add);
    }
    ArrayNode preempted = root.putArray("preempted");
    for (Preemption p : r.preempted()) {
      ObjectNode o = preempted.addObject();
      o.put("job", p.victim().toString());
      o.put("by", p.preemptor().toString());
      o.put("kind", p.kind().name().toLowerCase(Locale.ROOT));
      ArrayNode cs = o.putArray("clusters");
      p.clusters().forEach(cs::add);
      o.put("reason", p.reason());
    }
    ArrayNode reservations = root.putArray("reservations");
    for (Reservation res : r.reservations()) {
      ObjectNode o = reservations.addObject();
      o.put("job", res.job().toString());
      o.put("cluster", res.cluster());
      o.put("start", res.start().toString());
    }
    root.put("cycles", r.cycles());
    return root;
  }

  private static void text(SimulationResult r, PrintWriter out) {
    for (GangBinding b : r.bindings()) {
      out.println("BOUND    " + b.job() + " -> cluster " + b.cluster() + " (" + b.pods().size() + " pods)");
      for (PodPlacement p : b.pods()) {
        List<String> d = p.devices();
        out.println("  " + p.podName() + "  node " + p.node() + (d.isEmpty() ? "" : "  devices " + String.join(",", d)));
      }
    }
    for (Preemption p : r.preempted()) {
      out.println("EVICTED  " + p.victim() + " (" + p.kind().name().toLowerCase(Locale.ROOT) + " by " + p.preemptor()
          + ", clusters " + String.join(",", p.clusters()) + ")");
    }
    for (PendingJob p : r.pending()) {
      out.println("PENDING  " + p.job());
      for (String reason : p.reasons()) {
        out.println("  " + reason);
      }
    }
    for (Reservation res : r.reservations()) {
      out.println("RESERVED " + res.cluster() + " for " + res.job() + " from " + res.start());
    }
  }
}
