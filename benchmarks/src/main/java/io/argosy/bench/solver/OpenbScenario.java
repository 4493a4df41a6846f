package io.argosy.bench.solver;

import io.argosy.gpu.score.Policy;
import io.argosy.solver.model.AcceleratorShape;
import io.argosy.solver.model.ClusterOffer;
import io.argosy.solver.model.GangRequest;
import io.argosy.solver.model.PlacementProblem;
import io.argosy.solver.model.PodShape;
import io.argosy.solver.model.SolveBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code openb-8}: the openb GPU cluster (1213 nodes, 6212 GPUs) cut into 8 clusters of consecutive
 * node-list rows (the list interleaves models, so every cluster gets a mix). Running load: pods of
 * the trace, from a seed-dependent offset in file order, each sent to a random cluster and placed
 * there on the best-fitting node (the clusters' binpack policy), until 60% of the GPU capacity is
 * allocated. Pending
 * gangs: the following multi-GPU pods (num_gpu ≥ 2) in file order; a pod joins the open gang of its
 * exact shape (cpu, memory, GPUs), and a gang closes at its target size drawn from {1, 2, 4}. Gangs
 * are added until their GPU demand is {@link #DEMAND_FACTOR}× the free GPU. Priorities 100/500/1000
 * (weights 1/2/3) are drawn 50/30/20%; every cluster is admitted; no quotas.
 */
final class OpenbScenario {

  static final String FAMILY = "openb-8";
  static final double LOAD = 0.60;
  static final double DEMAND_FACTOR = 1.3;
  private static final String GPU = "nvidia.com/gpu";
  private static final long MIB = 1L << 20;
  private static final String[] QUEUES = {"team-a", "team-b", "team-c", "team-d"};

  private record NodeRow(String name, long cpuMilli, long memoryMiB, int gpus, String model) {}

  private record PodRow(String name, long cpuMilli, long memoryMiB, int gpus, int gpuMilli) {}

  private OpenbScenario() {}

  static Scenario generate(long seed, Path traceDir, String podFile) {
    List<NodeRow> nodeRows = readNodes(traceDir.resolve("openb_node_list_gpu_node.csv"));
    List<PodRow> pods = readPods(traceDir.resolve(podFile));
    Random rnd = new Random(seed);

    List<List<SimNode>> clusters = new ArrayList<>();
    List<SimNode> all = new ArrayList<>();
    int per = (nodeRows.size() + 7) / 8;
    for (int c = 0; c < 8; c++) {
      List<SimNode> nodes = new ArrayList<>();
      for (int i = c * per; i < Math.min(nodeRows.size(), (c + 1) * per); i++) {
        NodeRow r = nodeRows.get(i);
        SimNode n = new SimNode(r.cpuMilli(), r.memoryMiB() * MIB)
            .with(new SimNode.Devices(GPU, r.model(), true, memoryOf(r.model()), 1000, r.gpus()));
        nodes.add(n);
        all.add(n);
      }
      clusters.add(nodes);
    }
    long capacity = 0;
    for (SimNode n : all) {
      capacity += n.capacityGpuMilli();
    }

    int at = (int) ((seed * 997) % pods.size());
    long allocated = 0;
    int scanned = 0;
    while (allocated < LOAD * capacity && scanned < pods.size()) {
      PodRow p = pods.get(at);
      at = (at + 1) % pods.size();
      scanned++;
      // a random cluster, then the best-fitting node there: the clusters' own binpack policy
      List<SimNode> cluster = clusters.get(rnd.nextInt(clusters.size()));
      SimNode best = null;
      for (SimNode n : cluster) {
        if (fits(n, p) && (best == null || n.freeGpuMilli() < best.freeGpuMilli())) {
          best = n;
        }
      }
      if (best != null && tryPlace(best, p)) {
        allocated += (long) p.gpus() * p.gpuMilli();
      }
    }
    long free = capacity - allocated;

    List<ClusterOffer> offers = new ArrayList<>();
    for (int c = 0; c < 8; c++) {
      long cap = 0;
      long f = 0;
      for (SimNode n : clusters.get(c)) {
        cap += n.capacityGpuMilli();
        f += n.freeGpuMilli();
      }
      offers.add(ClusterOffer.of("ob-" + c, Policy.BINPACK, cap - f, SimNode.buckets(clusters.get(c))));
    }

    List<GangRequest> arrivals = new ArrayList<>();
    Map<PodRow, int[]> open = new LinkedHashMap<>();
    Map<PodRow, String> openId = new LinkedHashMap<>();
    long demand = 0;
    int gangs = 0;
    for (int s = 0; s < pods.size() && demand < DEMAND_FACTOR * free; s++) {
      PodRow p = pods.get(at);
      at = (at + 1) % pods.size();
      if (p.gpus() < 2) {
        continue;
      }
      PodRow shape = new PodRow("", p.cpuMilli(), p.memoryMiB(), p.gpus(), p.gpuMilli());
      int[] sizeAndCount = open.get(shape);
      if (sizeAndCount == null) {
        sizeAndCount = new int[] {pickSize(rnd), 0};
        open.put(shape, sizeAndCount);
        openId.put(shape, "g" + gangs++);
      }
      sizeAndCount[1]++;
      demand += (long) p.gpus() * p.gpuMilli();
      if (sizeAndCount[1] == sizeAndCount[0]) {
        arrivals.add(gang(openId.get(shape), shape, sizeAndCount[1], rnd, offers));
        open.remove(shape);
        openId.remove(shape);
      }
    }
    for (Map.Entry<PodRow, int[]> e : open.entrySet()) {
      arrivals.add(gang(openId.get(e.getKey()), e.getKey(), e.getValue()[1], rnd, offers));
    }
    PlacementProblem problem = new PlacementProblem(GangOrder.order(arrivals), offers, Map.of(), SolveBudget.DEFAULT);
    return new Scenario(FAMILY, seed, problem,
        "openb GPU nodes in 8 clusters, 60% allocated by trace pods; gangs of multi-GPU pods, demand 1.3x free GPU");
  }

  private static GangRequest gang(String id, PodRow shape, int pods, Random rnd, List<ClusterOffer> offers) {
    double p = rnd.nextDouble();
    int priority = p < 0.5 ? 100 : p < 0.8 ? 500 : 1000;
    AcceleratorShape acc = shape.gpuMilli() >= 1000
        ? AcceleratorShape.whole(GPU, null, shape.gpus())
        : AcceleratorShape.share(GPU, null, shape.gpus(), shape.gpuMilli(), 0);
    GangRequest.Builder b = GangRequest.builder(id)
        .queue(QUEUES[rnd.nextInt(QUEUES.length)])
        .priority(priority)
        .weight(priority == 100 ? 1 : priority == 500 ? 2 : 3)
        .pods(pods, PodShape.of(shape.cpuMilli(), shape.memoryMiB() * MIB, acc));
    for (ClusterOffer o : offers) {
      b.cluster(o.name(), 0);
    }
    return b.build();
  }

  private static int pickSize(Random rnd) {
    double r = rnd.nextDouble();
    return r < 0.3 ? 1 : r < 0.7 ? 2 : 4;
  }

  private static boolean fits(SimNode n, PodRow p) {
    if (n.cpuMilli - n.cpuUsed < p.cpuMilli() || n.memoryBytes - n.memUsed < p.memoryMiB() * MIB) {
      return false;
    }
    SimNode.Devices d = n.devices.get(0);
    int ok = 0;
    for (int m : d.freeMilli) {
      if (p.gpuMilli() >= 1000 ? m == 1000 : m >= p.gpuMilli()) {
        ok++;
      }
    }
    return ok >= p.gpus();
  }

  /** Places a trace pod on a node if it fits: whole GPUs on wholly free devices, a share on the tightest device. */
  private static boolean tryPlace(SimNode n, PodRow p) {
    if (n.cpuMilli - n.cpuUsed < p.cpuMilli() || n.memoryBytes - n.memUsed < p.memoryMiB() * MIB) {
      return false;
    }
    SimNode.Devices d = n.devices.get(0);
    if (p.gpus() > 0) {
      if (p.gpuMilli() >= 1000) {
        List<Integer> free = new ArrayList<>();
        for (int i = 0; i < d.freeMilli.length; i++) {
          if (d.freeMilli[i] == 1000) {
            free.add(i);
          }
        }
        if (free.size() < p.gpus()) {
          return false;
        }
        for (int k = 0; k < p.gpus(); k++) {
          d.freeMilli[free.get(k)] = 0;
          d.freeMemoryMiB[free.get(k)] = 0;
        }
      } else {
        int best = -1;
        for (int i = 0; i < d.freeMilli.length; i++) {
          if (d.freeMilli[i] >= p.gpuMilli() && (best < 0 || d.freeMilli[i] < d.freeMilli[best])) {
            best = i;
          }
        }
        if (best < 0) {
          return false;
        }
        d.freeMilli[best] -= p.gpuMilli();
      }
    }
    n.cpuUsed += p.cpuMilli();
    n.memUsed += p.memoryMiB() * MIB;
    n.podsUsed++;
    return true;
  }

  private static long memoryOf(String model) {
    return switch (model) {
      case "P100", "V100M16" -> 16_384;
      case "T4" -> 15_360;
      case "A10" -> 24_576;
      default -> 32_768;
    };
  }

  private static List<NodeRow> readNodes(Path file) {
    List<NodeRow> out = new ArrayList<>();
    for (String[] f : csv(file)) {
      int gpus = Integer.parseInt(f[3]);
      if (gpus > 0) {
        out.add(new NodeRow(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), gpus, f[4]));
      }
    }
    return out;
  }

  private static List<PodRow> readPods(Path file) {
    List<PodRow> out = new ArrayList<>();
    for (String[] f : csv(file)) {
      out.add(new PodRow(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4])));
    }
    return out;
  }

  private static List<String[]> csv(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      List<String[]> out = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        if (!line.isBlank()) {
          out.add(line.split(",", -1));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read openb trace file " + file, e);
    }
  }
}
