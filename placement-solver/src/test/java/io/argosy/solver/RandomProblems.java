package io.argosy.solver;

import static io.argosy.solver.Fixtures.GIB;
import static io.argosy.solver.Fixtures.GPU;

import io.argosy.gpu.score.Policy;
import io.argosy.solver.model.AcceleratorShape;
import io.argosy.solver.model.ClusterOffer;
import io.argosy.solver.model.DeviceGroup;
import io.argosy.solver.model.GangRequest;
import io.argosy.solver.model.NodeBucket;
import io.argosy.solver.model.PlacementProblem;
import io.argosy.solver.model.PodShape;
import io.argosy.solver.model.SolveBudget;
import io.argosy.solver.model.SpreadConstraint;
import io.argosy.solver.model.Taint;
import io.argosy.solver.model.Toleration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Small contended problems using every feature: whole GPUs, MIG instances, vGPU shares, NPUs,
 * quotas, affinity ranks, taints, divisible jobs with spread constraints, both policies.
 */
public final class RandomProblems {

  private static final String MIG = "nvidia.com/mig-3g.40gb";
  private static final String NPU = "huawei.com/Ascend910";

  private RandomProblems() {}

  public static PlacementProblem generate(long seed, int clusters, int gangs) {
    Random r = new Random(seed);
    List<ClusterOffer> offers = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int c = 0; c < clusters; c++) {
      String name = "c" + c;
      names.add(name);
      List<NodeBucket> nodes = new ArrayList<>();
      nodes.add(NodeBucket.of(1 + r.nextInt(3), 64_000, 512 * GIB, DeviceGroup.whole(GPU, "A100-80GB", 4 + r.nextInt(5), 0)));
      nodes.add(NodeBucket.of(1 + r.nextInt(2), 64_000, 512 * GIB, DeviceGroup.whole(GPU, "A100-80GB", r.nextInt(5), 4)));
      if (r.nextBoolean()) {
        nodes.add(NodeBucket.of(1, 32_000, 128 * GIB, DeviceGroup.shared(GPU, "T4", 15_360,
            List.of(1000, 600, 300), List.of(15_360L, 9_000L, 4_000L))));
      }
      if (r.nextBoolean()) {
        nodes.add(NodeBucket.of(1, 64_000, 512 * GIB, DeviceGroup.partitions(MIG, "A100-80GB", 1 + r.nextInt(4), 428)));
      }
      if (r.nextBoolean()) {
        nodes.add(NodeBucket.of(1 + r.nextInt(2), 96_000, 768 * GIB, DeviceGroup.whole(NPU, "Ascend910B", 2 + r.nextInt(7), 0)));
      }
      List<Taint> taints = c == clusters - 1 ? List.of(new Taint("dedicated", "x", Taint.NO_SCHEDULE)) : List.of();
      offers.add(new ClusterOffer(name, Map.of("region", c % 2 == 0 ? "east" : "west"), taints,
          r.nextInt(4) == 0 ? Policy.SPREAD : Policy.BINPACK, 1_000L * r.nextInt(16), nodes));
    }
    List<GangRequest> list = new ArrayList<>();
    int job = 0;
    while (list.size() < gangs) {
      PodShape shape = switch (r.nextInt(6)) {
        case 0, 1 -> PodShape.of(4_000, 32 * GIB, AcceleratorShape.whole(GPU, r.nextBoolean() ? null : "A100-80GB", 1 + r.nextInt(8)));
        case 2 -> PodShape.of(1_000, 8 * GIB, AcceleratorShape.share(GPU, null, 1, 100 * (2 + r.nextInt(6)), 1_000L * (1 + r.nextInt(8))));
        case 3 -> PodShape.of(1_000, 8 * GIB, AcceleratorShape.partition(MIG, null, 1, 428));
        case 4 -> PodShape.of(8_000, 64 * GIB, AcceleratorShape.whole(NPU, null, 1 + r.nextInt(8)));
        default -> PodShape.of(2_000, 8 * GIB);
      };
      int pods = 1 + r.nextInt(3);
      int parts = r.nextInt(8) == 0 ? 2 : 1;
      String queue = "q" + r.nextInt(3);
      long weight = 1 + r.nextInt(3);
      List<String> allowed = new ArrayList<>(names);
      if (r.nextInt(3) == 0) {
        allowed = allowed.subList(0, 1 + r.nextInt(names.size()));
      }
      boolean tolerate = r.nextBoolean();
      boolean ordered = r.nextInt(4) == 0;
      for (int p = 0; p < parts; p++) {
        GangRequest.Builder b = GangRequest.builder("j" + job + (parts > 1 ? "-" + p : ""))
            .job("j" + job).queue(queue).weight(weight).priority((int) weight * 100).pods(pods, shape).divisible(parts > 1);
        for (int i = 0; i < allowed.size(); i++) {
          b.cluster(allowed.get(i), ordered && i > 0 ? 1 : 0);
        }
        if (tolerate) {
          b.tolerate(new Toleration("dedicated", Toleration.EXISTS, null, Taint.NO_SCHEDULE));
        }
        if (parts > 1) {
          b.spread(SpreadConstraint.clusters(2, 0));
        }
        list.add(b.build());
      }
      job++;
    }
    return new PlacementProblem(list, offers, Map.of("q0", Map.of(GPU, 10L), "q1", Map.of("cpu", 40_000L)), SolveBudget.DEFAULT);
  }
}
