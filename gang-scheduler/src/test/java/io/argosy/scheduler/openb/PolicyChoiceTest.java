package io.argosy.scheduler.openb;

import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.gpu.frag.TaskClass;
import io.argosy.gpu.frag.WorkloadMix;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each policy's choice on tiny crafted clusters (the best score wins; the lowest index on ties). */
class PolicyChoiceTest {

  private static TraceNode g2(String name) {
    return new TraceNode(name, 96_000, 393_216, 8, "G2");
  }

  private static TraceNode t4(String name) {
    return new TraceNode(name, 104_000, 524_288, 2, "T4");
  }

  private static TaskDemand whole(long cpu) {
    return new TaskDemand(cpu, 1024, 1, 1000, Set.of());
  }

  private static TaskDemand share(long cpu, int milli) {
    return new TaskDemand(cpu, 1024, 1, milli, Set.of());
  }

  private static TaskDemand cpuOnly(long cpu) {
    return new TaskDemand(cpu, 1024, 0, 0, Set.of());
  }

  /** The node the experiment would pick (first best in index order) and its GPU mask. */
  private static int[] choose(PlacementPolicy p, ClusterState s, TaskDemand t) {
    ClusterState.Cursor c = s.cursor();
    GpuChoice choice = new GpuChoice();
    int best = -1;
    int mask = 0;
    double top = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < s.size(); i++) {
      if (!t.fits(c.at(i))) {
        continue;
      }
      double score = p.score(c, t, choice);
      if (score > top) {
        top = score;
        best = i;
        mask = choice.mask();
      }
    }
    return new int[] {best, mask};
  }

  private static double score(PlacementPolicy p, ClusterState s, int node, TaskDemand t) {
    return p.score(s.cursor().at(node), t, new GpuChoice());
  }

  @Test
  void bestFitPicksTheNodeLeftWithLeastFreeCpuAndGpu() {
    ClusterState s = new ClusterState(List.of(g2("a"), g2("b")));
    for (int g = 0; g < 6; g++) {
      s.place(1, whole(4_000), 1 << g);
    }
    assertThat(choose(new BestFitPolicy(), s, whole(4_000))).containsExactly(1, 1 << 6);
    // int((1 - (0.5 * 68/128 + 0.5 * 1/8)) * 100) = 67
    assertThat(score(new BestFitPolicy(), s, 1, whole(4_000))).isEqualTo(67);
  }

  @Test
  void bestFitTakesTheTightestSharedGpu() {
    ClusterState s = new ClusterState(List.of(g2("a")));
    s.place(0, share(1_000, 300), 1); // GPU 0: 700 free
    s.place(0, share(1_000, 600), 2); // GPU 1: 400 free
    assertThat(choose(new BestFitPolicy(), s, share(1_000, 400))).containsExactly(0, 2);
    assertThat(choose(new BestFitPolicy(), s, share(1_000, 500))).containsExactly(0, 1);
  }

  @Test
  void dotProductPrefersTheNodeWhoseFreeVectorIsLeastAlignedWithTheTask() {
    ClusterState s = new ClusterState(List.of(g2("a"), g2("b")));
    for (int g = 0; g < 6; g++) {
      s.place(1, whole(12_000), 1 << g);
    }
    // a: (96/128)(4/128) + (8/8)(1/8) = 0.148; b: (24/128)(4/128) + (2/8)(1/8) = 0.037
    assertThat(choose(new DotProductPolicy(), s, whole(4_000))[0]).isEqualTo(1);
    assertThat(score(new DotProductPolicy(), s, 0, whole(4_000))).isEqualTo(92);
    assertThat(score(new DotProductPolicy(), s, 1, whole(4_000))).isEqualTo(98);
  }

  @Test
  void packingPrefersSharedGpusThenUsedNodesThenSmallIdleNodes() {
    ClusterState s = new ClusterState(List.of(t4("idle-small"), g2("idle-big"), g2("used")));
    s.place(2, share(1_000, 500), 1);
    GpuPackingPolicy p = new GpuPackingPolicy();
    assertThat(choose(p, s, share(1_000, 300))).containsExactly(2, 1); // case 1: 100 - 50/10
    assertThat(score(p, s, 2, share(1_000, 300))).isEqualTo(95);
    assertThat(choose(p, s, share(1_000, 600))).containsExactly(2, 2); // case 2 on the used node
    assertThat(score(p, s, 2, whole(1_000))).isEqualTo(49);
    assertThat(score(p, s, 0, whole(1_000))).isEqualTo(31); // idle 2-GPU node: 33 - 2
    assertThat(score(p, s, 1, whole(1_000))).isEqualTo(25); // idle 8-GPU node: 33 - 8
    assertThat(score(p, s, 2, cpuOnly(1_000))).isZero();
  }

  @Test
  void clusteringKeepsTasksOfTheSameKindTogether() {
    ClusterState s = new ClusterState(List.of(g2("shares"), g2("wholes"), g2("idle")));
    s.place(0, share(1_000, 500), 1);
    s.place(1, whole(1_000), 1);
    GpuClusteringPolicy p = new GpuClusteringPolicy();
    assertThat(choose(p, s, share(1_000, 200))[0]).isEqualTo(0);
    assertThat(choose(p, s, whole(1_000))[0]).isEqualTo(1);
    // nobody runs 2-GPU tasks yet: the idle node (25..50) beats nodes of other kinds (0..25)
    assertThat(choose(p, s, new TaskDemand(1_000, 1, 2, 1000, Set.of()))[0]).isEqualTo(2);
    // 25 * (8000 - 7500) / 8000 + 75 = 76 (integer arithmetic)
    assertThat(score(p, s, 0, share(1_000, 200))).isEqualTo(76);
  }

  @Test
  void fgdPutsTheHalfTaskOnTheHalfFreeGpu() {
    WorkloadMix mix =
        WorkloadMix.of(List.of(TaskClass.of(1_000, 1, 1000, 1), TaskClass.of(1_000, 1, 500, 1)));
    ClusterState s =
        new ClusterState(List.of(new TraceNode("fresh", 32_000, 65_536, 2, "V100M16"), new TraceNode("half", 32_000, 65_536, 2, "V100M16")));
    s.place(1, share(1_000, 500), 1);
    FgdPolicy p = new FgdPolicy(mix);
    // half node: frag 250 -> 0, int(100 * sigmoid(0.25)) = 56; fresh node: 0 -> 250, 43
    assertThat(score(p, s, 1, share(1_000, 500))).isEqualTo(56);
    assertThat(score(p, s, 0, share(1_000, 500))).isEqualTo(43);
    assertThat(choose(p, s, share(1_000, 500))).containsExactly(1, 1);
  }

  @Test
  void randomPicksAmongFeasibleNodesOnly() {
    ClusterState s = new ClusterState(List.of(g2("a"), t4("b"), g2("full")));
    for (int g = 0; g < 8; g++) {
      s.place(2, whole(1_000), 1 << g);
    }
    int[] hits = new int[3];
    for (long seed = 0; seed < 200; seed++) {
      hits[choose(new RandomPolicy(seed), s, whole(1_000))[0]]++;
    }
    assertThat(hits[0]).isPositive();
    assertThat(hits[1]).isPositive();
    assertThat(hits[2]).isZero();
    assertThat(new RandomPolicy(1).nodeLocal()).isFalse();
  }

  private static final WorkloadMix TWELVE_CORES_PER_GPU =
      WorkloadMix.of(List.of(TaskClass.of(12_000, 1, 1000, 1), TaskClass.of(20_000, 0, 0, 1)));

  @Test
  void argosySendsCpuOnlyTasksWhereNoGpuIsFree() {
    ClusterState s = new ClusterState(List.of(g2("empty"), g2("gpus-taken")));
    for (int g = 0; g < 8; g++) {
      s.place(1, whole(4_000), 1 << g);
    }
    ArgosyPolicy argosy = new ArgosyPolicy(TWELVE_CORES_PER_GPU, List.of(g2("x")));
    assertThat(choose(argosy, s, cpuOnly(8_000))[0]).isEqualTo(1);
  }

  @Test
  void argosyAvoidsLeavingFreeGpusWithoutCpuWhereFgdSeesNoDifference() {
    // both nodes: 4 free GPUs; a has 40 cores (about 12 per GPU), b has 96
    TraceNode a = new TraceNode("a", 40_000, 131_072, 4, "V100M16");
    TraceNode b = new TraceNode("b", 96_000, 131_072, 4, "V100M16");
    ClusterState s = new ClusterState(List.of(a, b));
    TaskDemand heavy = whole(20_000);
    FgdPolicy fgd = new FgdPolicy(TWELVE_CORES_PER_GPU);
    // FGD: after the task a still has 20 cores >= 12 for the next GPU task: no change on either
    assertThat(score(fgd, s, 0, heavy)).isEqualTo(score(fgd, s, 1, heavy));
    ArgosyPolicy argosy = new ArgosyPolicy(TWELVE_CORES_PER_GPU, List.of(a, b));
    // Argosy: on a, 3 GPUs would be left with 20 cores, enough for 1.67 of them
    assertThat(score(argosy, s, 0, heavy)).isLessThan(score(argosy, s, 1, heavy));
    assertThat(choose(argosy, s, heavy)[0]).isEqualTo(1);
  }

  @Test
  void argosyKeepsModelsThatRestrictedTasksNeedForThem() {
    WorkloadMix mix =
        WorkloadMix.of(
            List.of(
                new TaskClass(4_000, 1, 1000, Set.of("T4"), 1), TaskClass.of(4_000, 1, 1000, 1)));
    List<TraceNode> nodes = List.of(t4("t4"), g2("g2"));
    ClusterState s = new ClusterState(nodes);
    assertThat(ArgosyPolicy.pressure(mix, nodes)).containsOnlyKeys("T4");
    // half the demand must land on 2 of 10 GPUs: 0.5 / 2 per T4 GPU vs 1 / 10 per GPU overall
    assertThat(ArgosyPolicy.pressure(mix, nodes).get("T4")).isCloseTo(2.5, org.assertj.core.api.Assertions.within(1e-9));
    ArgosyPolicy argosy = new ArgosyPolicy(mix, nodes);
    assertThat(choose(argosy, s, whole(4_000))[0]).isEqualTo(1);
    // a task that only T4 can serve still goes there
    assertThat(choose(argosy, s, new TaskDemand(4_000, 1024, 1, 1000, Set.of("T4")))[0]).isZero();
  }
}
