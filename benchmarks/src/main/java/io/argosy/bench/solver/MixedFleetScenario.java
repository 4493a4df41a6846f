package io.argosy.bench.solver;

import io.argosy.gpu.score.Policy;
import io.argosy.solver.model.AcceleratorShape;
import io.argosy.solver.model.ClusterOffer;
import io.argosy.solver.model.GangRequest;
import io.argosy.solver.model.PlacementProblem;
import io.argosy.solver.model.PodShape;
import io.argosy.solver.model.SolveBudget;
import io.argosy.solver.model.SpreadConstraint;
import io.argosy.solver.model.Taint;
import io.argosy.solver.model.Toleration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code mixed-8}: eight clusters, each drawing two or three node types from NVIDIA whole GPUs
 * (A100/H100 ×8, V100 ×4), MIG mixed-strategy A100s (all-3g.40gb, all-1g.10gb), HAMi vGPU (A10,
 * T4 ×4, shared by memory and cores) and Huawei Ascend 910 (×8), with 4 to 16 nodes of each. Running
 * load: pods of the same workload mix placed by each cluster's policy until 30–70% (per cluster) of
 * its GPU is allocated. Pending gangs are drawn from a fixed workload mix until their GPU demand is 1.5× the free
 * GPU of the fleet; see {@link #gang} for the mix, affinity, taint, quota and division rules.
 */
final class MixedFleetScenario {

  static final String FAMILY = "mixed-8";
  static final double DEMAND_FACTOR = 1.5;

  private static final String GPU = "nvidia.com/gpu";
  private static final String NPU = "huawei.com/Ascend910";
  private static final String MIG3 = "nvidia.com/mig-3g.40gb";
  private static final String MIG1 = "nvidia.com/mig-1g.10gb";
  private static final long GIB = SimNode.GIB;
  private static final String[] QUEUES = {"team-a", "team-b", "team-c", "team-d"};

  private MixedFleetScenario() {}

  static Scenario generate(long seed) {
    Random rnd = new Random(seed);
    List<ClusterOffer> clusters = new ArrayList<>();
    long fleetFree = 0;
    for (int c = 0; c < 8; c++) {
      String name = "m-" + c;
      double util = 0.3 + 0.4 * rnd.nextDouble();
      List<SimNode> nodes = new ArrayList<>();
      int types = 2 + rnd.nextInt(2);
      List<Integer> pool = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7));
      for (int t = 0; t < types; t++) {
        int type = pool.remove(rnd.nextInt(pool.size()));
        int count = 4 + rnd.nextInt(13);
        for (int n = 0; n < count; n++) {
          nodes.add(node(type));
        }
      }
      Policy policy = c % 4 == 3 ? Policy.SPREAD : Policy.BINPACK;
      load(nodes, util, policy, rnd);
      long cap = 0;
      long free = 0;
      for (SimNode n : nodes) {
        cap += n.capacityGpuMilli();
        free += n.freeGpuMilli();
      }
      fleetFree += free;
      List<Taint> taints = c == 7 ? List.of(new Taint("dedicated", "research", Taint.NO_SCHEDULE)) : List.of();
      clusters.add(new ClusterOffer(
          name, Map.of("region", c < 4 ? "east" : "west"), taints, policy, cap - free, SimNode.buckets(nodes)));
    }

    List<GangRequest> arrivals = new ArrayList<>();
    Map<String, Long> teamAGpus = new HashMap<>();
    long demand = 0;
    int job = 0;
    while (demand < DEMAND_FACTOR * fleetFree) {
      List<GangRequest> parts = gang(rnd, "j" + job++, clusters.size());
      for (GangRequest g : parts) {
        arrivals.add(g);
        demand += g.gpuMilli();
        if (g.queue().equals("team-a")) {
          teamAGpus.merge(GPU, g.quota().getOrDefault(GPU, 0L), Long::sum);
        }
      }
    }
    // team-a may use 60% of the whole GPUs it asks for this cycle; the other teams are unlimited
    Map<String, Map<String, Long>> quotas = Map.of("team-a", Map.of(GPU, teamAGpus.getOrDefault(GPU, 0L) * 6 / 10));
    PlacementProblem problem = new PlacementProblem(GangOrder.order(arrivals), clusters, quotas, SolveBudget.DEFAULT);
    return new Scenario(FAMILY, seed, problem,
        "8 clusters of mixed NVIDIA whole/MIG/vGPU and Ascend nodes, 30-70% allocated by the same mix; demand 1.5x free GPU");
  }

  /** Node types: cores, memory and devices of one node. */
  private static SimNode node(int type) {
    return switch (type) {
      case 0 -> new SimNode(128_000, 1024 * GIB).with(new SimNode.Devices(GPU, "A100-80GB", false, 0, 1000, 8));
      case 1 -> new SimNode(128_000, 1024 * GIB).with(new SimNode.Devices(GPU, "H100-80GB", false, 0, 1000, 8));
      case 2 -> new SimNode(64_000, 512 * GIB).with(new SimNode.Devices(GPU, "V100-32GB", false, 0, 1000, 4));
      case 3 -> new SimNode(128_000, 1024 * GIB).with(new SimNode.Devices(MIG3, "A100-80GB", false, 0, 428, 16));
      case 4 -> new SimNode(128_000, 1024 * GIB).with(new SimNode.Devices(MIG1, "A100-80GB", false, 0, 142, 56));
      case 5 -> new SimNode(64_000, 256 * GIB).with(new SimNode.Devices(GPU, "A10", true, 24_576, 1000, 4));
      case 6 -> new SimNode(64_000, 256 * GIB).with(new SimNode.Devices(GPU, "T4", true, 15_360, 1000, 4));
      default -> new SimNode(192_000, 1536 * GIB).with(new SimNode.Devices(NPU, "Ascend910B", false, 0, 1000, 8));
    };
  }

  /**
   * Running load: single pods drawn from the same workload mix, each placed by the cluster's policy
   * (binpack: the fitting node with the least free GPU; spread: the most), until {@code util} of the
   * cluster's GPU is allocated or 200 draws in a row find no room.
   */
  private static void load(List<SimNode> nodes, double util, Policy policy, Random rnd) {
    long capacity = 0;
    for (SimNode n : nodes) {
      capacity += n.capacityGpuMilli();
    }
    long target = (long) (util * capacity);
    long allocated = 0;
    int misses = 0;
    while (allocated < target && misses < 200) {
      PodShape pod = gang(rnd, "load", 8).get(0).podSets().get(0).shape();
      SimNode best = null;
      for (SimNode n : nodes) {
        if (n.fits(pod) && (best == null || (policy == Policy.SPREAD
            ? n.freeGpuMilli() > best.freeGpuMilli() : n.freeGpuMilli() < best.freeGpuMilli()))) {
          best = n;
        }
      }
      if (best == null || pod.gpuMilli() == 0) {
        misses++;
        continue;
      }
      long before = best.freeGpuMilli();
      best.place(pod);
      allocated += before - best.freeGpuMilli();
      misses = 0;
    }
  }

  /**
   * One arrival: a gang, or 2–3 parts of a divisible job (8%, spread over at least 2 clusters).
   * Mix by GPU kind: 22% 8-GPU training (half pinned to A100 or H100), 18% 4-GPU, 15% 1–2 GPU,
   * 12% MIG instances, 10% vGPU shares, 18% Ascend, 5% CPU-only. Priorities 100/500/1000 with
   * weights 1/2/3 (50/30/20%). Affinity: 60% any cluster, 25% a random 2–4 clusters, 15% ordered
   * clusterAffinities (two preferred clusters, then the rest). 20% tolerate the research taint.
   */
  private static List<GangRequest> gang(Random rnd, String id, int clusters) {
    double r = rnd.nextDouble();
    int pods;
    PodShape shape;
    if (r < 0.22) {
      pods = pick(rnd, 1, 2, 4);
      double m = rnd.nextDouble();
      String model = m < 0.5 ? null : m < 0.75 ? "A100-80GB" : "H100-80GB";
      shape = PodShape.of(32_000, 256 * GIB, AcceleratorShape.whole(GPU, model, 8));
    } else if (r < 0.40) {
      pods = pick(rnd, 1, 2, 4);
      shape = PodShape.of(16_000, 128 * GIB, AcceleratorShape.whole(GPU, null, 4));
    } else if (r < 0.55) {
      pods = pick(rnd, 1, 2, 3);
      shape = PodShape.of(4_000, 32 * GIB, AcceleratorShape.whole(GPU, null, pick(rnd, 1, 2)));
    } else if (r < 0.67) {
      pods = 1 + rnd.nextInt(6);
      shape = rnd.nextDouble() < 0.6
          ? PodShape.of(2_000, 16 * GIB, AcceleratorShape.partition(MIG3, null, 1, 428))
          : PodShape.of(2_000, 16 * GIB, AcceleratorShape.partition(MIG1, null, 1, 142));
    } else if (r < 0.77) {
      pods = 1 + rnd.nextInt(4);
      int milli = pick(rnd, 250, 500);
      shape = PodShape.of(2_000, 8 * GIB, AcceleratorShape.share(GPU, null, 1, milli, milli == 250 ? 6_000 : 10_000));
    } else if (r < 0.95) {
      pods = pick(rnd, 1, 2, 4);
      int npus = pick(rnd, 8, 4, 2);
      shape = PodShape.of(3_000L * npus, 24 * GIB * npus, AcceleratorShape.whole(NPU, null, npus));
    } else {
      pods = 1 + rnd.nextInt(4);
      shape = PodShape.of(8_000, 32 * GIB);
    }
    double p = rnd.nextDouble();
    int priority = p < 0.5 ? 100 : p < 0.8 ? 500 : 1000;
    long weight = priority == 100 ? 1 : priority == 500 ? 2 : 3;
    String queue = QUEUES[rnd.nextInt(QUEUES.length)];

    Map<String, Integer> ranks = new HashMap<>();
    double a = rnd.nextDouble();
    if (a < 0.60) {
      for (int c = 0; c < clusters; c++) {
        ranks.put("m-" + c, 0);
      }
    } else if (a < 0.85) {
      int k = 2 + rnd.nextInt(3);
      while (ranks.size() < k) {
        ranks.put("m-" + rnd.nextInt(clusters), 0);
      }
    } else {
      for (int c = 0; c < clusters; c++) {
        ranks.put("m-" + c, 1);
      }
      int first = rnd.nextInt(clusters);
      ranks.put("m-" + first, 0);
      ranks.put("m-" + (first + 1) % clusters, 0);
    }
    boolean tolerates = rnd.nextDouble() < 0.2;
    int parts = rnd.nextDouble() < 0.08 ? 2 + rnd.nextInt(2) : 1;

    List<GangRequest> out = new ArrayList<>();
    for (int i = 0; i < parts; i++) {
      GangRequest.Builder b = GangRequest.builder(parts == 1 ? id : id + "-p" + i)
          .job(id).queue(queue).priority(priority).weight(weight).pods(pods, shape)
          .divisible(parts > 1);
      ranks.forEach(b::cluster);
      if (tolerates) {
        b.tolerate(new Toleration("dedicated", Toleration.EQUAL, "research", Taint.NO_SCHEDULE));
      }
      if (parts > 1) {
        b.spread(SpreadConstraint.clusters(2, 0));
      }
      out.add(b.build());
    }
    return out;
  }

  private static int pick(Random rnd, int... options) {
    return options[rnd.nextInt(options.length)];
  }
}
