package io.argosy.core.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.argosy.gpu.InvalidSpecException;
import io.argosy.scheduler.openb.OpenbBenchmark;
import io.argosy.scheduler.openb.OpenbData;
import io.argosy.scheduler.openb.OpenbSimulation;
import io.argosy.scheduler.openb.PublishedResults;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code argosy bench ...}: offline benchmarks. Each benchmark is a subcommand. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Offline benchmarks. openb runs in this CLI; scale, load, agent-startup, agent-heap, solver and jmh"
          + " run the benchmarks module's programs through the argosy launcher script (see benchmarks/README.md)."
    },
    subcommands = {BenchCommand.Openb.class})
public final class BenchCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * {@code argosy bench openb}: the FGD paper's trace experiment (see docs/cli.md for the JSON).
   */
  @Command(
      name = "openb",
      mixinStandardHelpOptions = true,
      description = {
        "Replays an openb pod list on the openb GPU nodes with the FGD paper's protocol and reports"
            + " the allocated GPU share at 100%% and 130%% of capacity arrived, per policy, over seeds"
            + " 42, 43, ..."
      })
  static final class Openb implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--pods", required = true, description = "pod list CSV, e.g. openb_pod_list_default.csv")
    Path pods;

    @Option(names = "--nodes", required = true, description = "node list CSV, e.g. openb_node_list_gpu_node.csv")
    Path nodes;

    @Option(
        names = "--policy",
        split = ",",
        defaultValue = "argosy",
        description = "policies: argosy, fgd, bestfit, dotprod, packing, clustering, random (default: ${DEFAULT-VALUE})")
    List<String> policies;

    @Option(names = "--seeds", defaultValue = "10", description = "number of seeds from 42 (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--tune", defaultValue = "1.3", description = "arrived GPU request as a multiple of capacity (default: ${DEFAULT-VALUE})")
    double tune;

    @Option(names = "--clusters", defaultValue = "1", description = "split the nodes round-robin into this many clusters (default: ${DEFAULT-VALUE})")
    int clusters;

    @Option(
        names = "--tie-break",
        defaultValue = "node-order",
        description = "node-order (the paper's simulator) or random (default: ${DEFAULT-VALUE})")
    String tieBreak;

    @Option(names = "--expected", description = "published results CSV (default: fgd-expected/analysis_allo_discrete.csv beside the pod list)")
    Path expected;

    @Option(names = "--threads", description = "parallel runs (default: available processors)")
    Integer threads;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE})")
    String output;

    @Override
    public Integer call() throws Exception {
      String format = output.toLowerCase(Locale.ROOT);
      if (!format.equals("table") && !format.equals("json")) {
        throw new InvalidInputException("--output: must be table or json, got '" + output + "'");
      }
      if (seeds < 1 || seeds > 1000) {
        throw new InvalidInputException("--seeds: must be between 1 and 1000, got " + seeds);
      }
      OpenbSimulation.TieBreak ties =
          switch (tieBreak.toLowerCase(Locale.ROOT)) {
            case "node-order" -> OpenbSimulation.TieBreak.NODE_ORDER;
            case "random" -> OpenbSimulation.TieBreak.RANDOM;
            default -> throw new InvalidInputException(
                "--tie-break: must be node-order or random, got '" + tieBreak + "'");
          };
      for (Path p : List.of(pods, nodes)) {
        if (!Files.isRegularFile(p)) {
          throw new InvalidInputException(p + ": no such file");
        }
      }
      OpenbData data;
      OpenbBenchmark.Config config;
      List<OpenbBenchmark.PolicyResult> results;
      try {
        data = OpenbData.load(nodes, pods);
        if (clusters > data.nodes().size()) {
          throw new InvalidSpecException(
              "clusters", "must be at most the number of nodes (" + data.nodes().size() + ")");
        }
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        config =
            new OpenbBenchmark.Config(
                policies, OpenbBenchmark.Config.paperSeeds(seeds), tune, clusters, t, ties);
        results = OpenbBenchmark.run(data, config);
      } catch (InvalidSpecException e) {
        throw new InvalidInputException(e.getMessage(), e);
      }
      PublishedResults published =
          PublishedResults.load(expected != null ? expected : PublishedResults.besidePods(pods));
      PrintWriter out = spec.commandLine().getOut();
      if (format.equals("json")) {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        out.println(json.writeValueAsString(report(data, config, results, published)));
      } else {
        printTable(out, data, config, results, published);
      }
      out.flush();
      return 0;
    }

    /** The JSON document; its shape is pinned by tests and documented in docs/cli.md. */
    static Map<String, Object> report(
        OpenbData data,
        OpenbBenchmark.Config config,
        List<OpenbBenchmark.PolicyResult> results,
        PublishedResults published) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("benchmark", "openb");
      doc.put("variant", data.variant());
      doc.put("nodes", data.nodes().size());
      doc.put("gpus", data.totalGpus());
      doc.put("pods", data.pods().size());
      doc.put("tune", config.tune());
      doc.put("clusters", config.clusters());
      doc.put("tieBreak", config.tieBreak() == OpenbSimulation.TieBreak.RANDOM ? "random" : "node-order");
      doc.put("seeds", config.seeds());
      List<Map<String, Object>> rows = new ArrayList<>();
      for (OpenbBenchmark.PolicyResult r : results) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("policy", r.policy());
        row.put("alloc100", stat(r.mean100(), r.std100()));
        row.put("alloc130", stat(r.mean130(), r.std130()));
        row.put(
            "published",
            published.of(data.variant(), r.policy()).map(Openb::publishedStat).orElse(null));
        List<Map<String, Object>> perSeed = new ArrayList<>();
        for (OpenbBenchmark.SeedResult s : r.seeds()) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("seed", s.seed());
          m.put("alloc100", round(s.alloc100()));
          m.put("alloc130", round(s.alloc130()));
          m.put("arrivals", s.arrivals());
          m.put("placed", s.placed());
          m.put("failed", s.failed());
          perSeed.add(m);
        }
        row.put("runs", perSeed);
        rows.add(row);
      }
      doc.put("results", rows);
      Map<String, Object> paper = new LinkedHashMap<>();
      for (String p : List.of("fgd", "bestfit", "dotprod", "packing", "clustering", "random")) {
        published.of(data.variant(), p).ifPresent(f -> paper.put(p, publishedStat(f)));
      }
      doc.put("paper", paper.isEmpty() ? null : paper);
      return doc;
    }

    private static Map<String, Object> stat(double mean, double std) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("mean", round(mean));
      m.put("std", round(std));
      return m;
    }

    private static Map<String, Object> publishedStat(PublishedResults.Figures f) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("alloc100", stat(f.mean100(), f.std100()));
      m.put("alloc130", stat(f.mean130(), f.std130()));
      m.put("seeds", f.seeds());
      return m;
    }

    /** Three decimals; null when no arrival came near the bucket (a tiny trace). */
    private static Double round(double x) {
      return Double.isNaN(x) ? null : Math.round(x * 1000) / 1000.0;
    }

    private static void printTable(
        PrintWriter out,
        OpenbData data,
        OpenbBenchmark.Config config,
        List<OpenbBenchmark.PolicyResult> results,
        PublishedResults published) {
      out.printf(
          Locale.ROOT,
          "openb %s: %d nodes, %d GPUs, %d pods; tune %.2f, %d cluster(s), %d seed(s) from %d%n",
          data.variant(),
          data.nodes().size(),
          data.totalGpus(),
          data.pods().size(),
          config.tune(),
          config.clusters(),
          config.seeds().size(),
          config.seeds().get(0));
      out.printf(
          Locale.ROOT,
          "%-11s %15s %15s   %-22s%n",
          "POLICY",
          "ALLOC@100%",
          "ALLOC@130%",
          "PUBLISHED @100 / @130");
      for (OpenbBenchmark.PolicyResult r : results) {
        // ours is compared with the paper's FGD, every baseline with its own published figure
        String paperPolicy = r.policy().equals("argosy") ? "fgd" : r.policy();
        Optional<PublishedResults.Figures> f = published.of(data.variant(), paperPolicy);
        String paper =
            f.map(
                    x ->
                        String.format(
                            Locale.ROOT,
                            "%6.2f / %6.2f%s",
                            x.mean100(),
                            x.mean130(),
                            paperPolicy.equals(r.policy()) ? "" : " (fgd)"))
                .orElse("-");
        out.printf(
            Locale.ROOT,
            "%-11s %7.2f ± %-5.2f %7.2f ± %-5.2f   %s%n",
            r.policy(),
            r.mean100(),
            r.std100(),
            r.mean130(),
            r.std130(),
            paper);
      }
    }
  }
}
