package io.argosy.solver.score;

import static io.argosy.solver.Fixtures.GIB;
import static io.argosy.solver.Fixtures.GPU;
import static io.argosy.solver.Fixtures.cluster;
import static io.argosy.solver.Fixtures.gang;
import static io.argosy.solver.Fixtures.gpuNodes;
import static io.argosy.solver.Fixtures.gpuPod;

import ai.timefold.solver.test.api.score.stream.ConstraintVerifier;
import io.argosy.gpu.score.Policy;
import io.argosy.solver.domain.GangAssignment;
import io.argosy.solver.domain.PlacementSolution;
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
import io.argosy.solver.packing.PartialNodeFragmentation;
import io.argosy.solver.problem.CompiledProblem;
import io.argosy.solver.problem.ProblemCompiler;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One or more ConstraintVerifier tests per constraint of {@link PlacementConstraintProvider}. */
class PlacementConstraintProviderTest {

  private final ConstraintVerifier<PlacementConstraintProvider, PlacementSolution> verifier =
      ConstraintVerifier.build(new PlacementConstraintProvider(), PlacementSolution.class, GangAssignment.class);

  /** Compiles a problem and assigns gang i to the cluster named {@code clusters[i]} (null = pending). */
  private static GangAssignment[] assign(PlacementProblem problem, String... clusters) {
    CompiledProblem p = ProblemCompiler.compile(problem, PartialNodeFragmentation.INSTANCE);
    GangAssignment[] out = new GangAssignment[clusters.length];
    for (int i = 0; i < clusters.length; i++) {
      String name = clusters[i];
      out[i] = new GangAssignment(
          p.gangs().get(i),
          name == null ? null : p.clusters().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow());
    }
    return out;
  }

  private static PlacementProblem problem(List<GangRequest> gangs, ClusterOffer... clusters) {
    return new PlacementProblem(gangs, List.of(clusters), Map.of(), SolveBudget.DEFAULT);
  }

  // --- hard ---

  @Test
  void gangOfFourEightGpuPodsDoesNotFitSixteenNodesWithFourFreeGpusEach() {
    // 64 GPUs free in sum, but no node has 8
    GangAssignment[] a = assign(problem(List.of(gang("g", 1, 4, 8, "A")), cluster("A", 0, gpuNodes(16, 4, 4))), "A");
    verifier.verifyThat(PlacementConstraintProvider::gangFitsNodes).given((Object[]) a).penalizesBy(4);
  }

  @Test
  void gangThatFitsNodeByNodeIsNotPenalised() {
    GangAssignment[] a = assign(problem(List.of(gang("g", 1, 4, 8, "A")), cluster("A", 0, gpuNodes(4, 8, 8))), "A");
    verifier.verifyThat(PlacementConstraintProvider::gangFitsNodes).given((Object[]) a).penalizesBy(0);
  }

  @Test
  void onlyThePodsOfTheGangThatNoLongerFitArePenalised() {
    // two 2x8 gangs on three 8-GPU nodes: the second (queue order) cannot fit whole
    GangAssignment[] a = assign(problem(
        List.of(gang("first", 1, 2, 8, "A"), gang("second", 1, 2, 8, "A")), cluster("A", 0, gpuNodes(3, 8, 8))),
        "A", "A");
    verifier.verifyThat(PlacementConstraintProvider::gangFitsNodes).given((Object[]) a).penalizesBy(2);
  }

  @Test
  void fitIsCheckedAtDeviceLevelForSharesAndPartitions() {
    ClusterOffer c = ClusterOffer.of("A", Policy.BINPACK, 0, List.of(
        NodeBucket.of(1, 64_000, 256 * GIB,
            DeviceGroup.shared(GPU, "A10", 24_576, List.of(600, 600), List.of(12_000L, 12_000L)),
            DeviceGroup.partitions("nvidia.com/mig-3g.40gb", "A100-80GB", 1, 428))));
    GangRequest shares = GangRequest.builder("shares").cluster("A", 0)
        .pods(3, PodShape.of(1_000, GIB, AcceleratorShape.share(GPU, null, 1, 500, 10_000))).build();
    GangRequest migs = GangRequest.builder("migs").cluster("A", 0)
        .pods(2, PodShape.of(1_000, GIB, AcceleratorShape.partition("nvidia.com/mig-3g.40gb", null, 1, 428))).build();
    // 3 shares of 500 milli on two devices with 600 free: only two fit; 2 MIG instances on one: only one
    GangAssignment[] a = assign(problem(List.of(shares, migs), c), "A", "A");
    verifier.verifyThat(PlacementConstraintProvider::gangFitsNodes).given((Object[]) a).penalizesBy(5);
  }

  @Test
  void queueQuotaCountsEachExceededResourceOnceAcrossClusters() {
    PlacementProblem p = problem(
        List.of(GangRequest.builder("a").queue("q").pods(1, gpuPod(8)).cluster("A", 0).cluster("B", 0).build(),
            GangRequest.builder("b").queue("q").pods(1, gpuPod(8)).cluster("A", 0).cluster("B", 0).build()),
        cluster("A", 0, gpuNodes(1, 8, 8)), cluster("B", 0, gpuNodes(1, 8, 8)))
        .withQuotas(Map.of("q", Map.of(GPU, 8L, "cpu", 100_000L)));
    verifier.verifyThat(PlacementConstraintProvider::queueQuota).given((Object[]) assign(p, "A", "B")).penalizesBy(1);
    verifier.verifyThat(PlacementConstraintProvider::queueQuota).given((Object[]) assign(p, "A", null)).penalizesBy(0);
  }

  @Test
  void clusterOutsideTheGangsAffinityIsPenalisedPerPod() {
    PlacementProblem p = problem(List.of(gang("g", 1, 3, 1, "A")), cluster("A", 0, gpuNodes(4, 8, 8)), cluster("B", 0, gpuNodes(4, 8, 8)));
    verifier.verifyThat(PlacementConstraintProvider::clusterAffinity).given((Object[]) assign(p, "B")).penalizesBy(3);
    verifier.verifyThat(PlacementConstraintProvider::clusterAffinity).given((Object[]) assign(p, "A")).penalizesBy(0);
  }

  @Test
  void untoleratedNoScheduleTaintIsPenalisedAndPreferNoScheduleIsNot() {
    ClusterOffer tainted = new ClusterOffer("T", Map.of(), List.of(new Taint("dedicated", "research", Taint.NO_SCHEDULE)),
        Policy.BINPACK, 0, List.of(gpuNodes(2, 8, 8)));
    ClusterOffer soft = new ClusterOffer("S", Map.of(), List.of(new Taint("dedicated", "x", Taint.PREFER_NO_SCHEDULE)),
        Policy.BINPACK, 0, List.of(gpuNodes(2, 8, 8)));
    GangRequest plain = gang("plain", 1, 2, 1, "T", "S");
    GangRequest tolerant = GangRequest.builder("tolerant").pods(2, gpuPod(1)).cluster("T", 0)
        .tolerate(new Toleration("dedicated", Toleration.EQUAL, "research", Taint.NO_SCHEDULE)).build();
    PlacementProblem p = problem(List.of(plain, tolerant), tainted, soft);
    verifier.verifyThat(PlacementConstraintProvider::clusterTaints).given((Object[]) assign(p, "T", "T")).penalizesBy(2);
    verifier.verifyThat(PlacementConstraintProvider::clusterTaints).given((Object[]) assign(p, "S", "T")).penalizesBy(0);
  }

  // --- medium ---

  @Test
  void placedDemandRewardsWeightTimesMilliGpuIncludingShares() {
    GangRequest whole = GangRequest.builder("whole").weight(3).pods(2, gpuPod(4)).cluster("A", 0).build();
    GangRequest share = GangRequest.builder("share").weight(2).cluster("A", 0)
        .pods(1, PodShape.of(1_000, GIB, AcceleratorShape.share(GPU, null, 1, 300, 4_000))).build();
    GangRequest pending = GangRequest.builder("pending").weight(5).pods(1, gpuPod(8)).cluster("A", 0).build();
    ClusterOffer c = ClusterOffer.of("A", Policy.BINPACK, 0, List.of(gpuNodes(2, 8, 8),
        NodeBucket.of(1, 8_000, 32 * GIB, DeviceGroup.sharedFree(GPU, "A10", 24_576, 1))));
    GangAssignment[] a = assign(problem(List.of(whole, share, pending), c), "A", "A", null);
    // 3 x 8000 + 2 x 300; the pending gang earns nothing
    verifier.verifyThat(PlacementConstraintProvider::placedDemand).given((Object[]) a).rewardsWith(24_600);
  }

  // --- soft ---

  @Test
  void fragmentationGrowsWhenAGangHalfFillsAFreshNode() {
    PlacementProblem p = problem(List.of(gang("g", 1, 1, 4, "A")), cluster("A", 0, gpuNodes(2, 8, 8)));
    verifier.verifyThat(PlacementConstraintProvider::fragmentationGrowth).given((Object[]) assign(p, "A")).penalizesBy(4_000L);
  }

  @Test
  void fillingAPartlyUsedNodeShrinksFragmentation() {
    // one node has 4 of 8 free (fragmented 4 GPUs); binpack puts the 4-GPU pod there
    PlacementProblem p = problem(List.of(gang("g", 1, 1, 4, "A")), cluster("A", 4_000, gpuNodes(1, 4, 8), gpuNodes(1, 8, 8)));
    verifier.verifyThat(PlacementConstraintProvider::fragmentationReduction).given((Object[]) assign(p, "A")).rewardsWith(4_000L);
    verifier.verifyThat(PlacementConstraintProvider::fragmentationGrowth).given((Object[]) assign(p, "A")).penalizesBy(0L);
  }

  @Test
  void aGangThatFillsFreshNodesExactlyLeavesFragmentationAlone() {
    PlacementProblem whole = problem(List.of(gang("g", 1, 1, 8, "A")), cluster("A", 0, gpuNodes(1, 8, 8)));
    verifier.verifyThat(PlacementConstraintProvider::fragmentationGrowth).given((Object[]) assign(whole, "A")).penalizesBy(0L);
    verifier.verifyThat(PlacementConstraintProvider::fragmentationReduction).given((Object[]) assign(whole, "A")).rewardsWith(0L);
  }

  /** Cluster A is 50% used (8 GPUs used, 8 free); one binpack gang, one spread gang. */
  private static PlacementProblem halfBusyCluster() {
    GangRequest binpack = GangRequest.builder("b").pods(1, gpuPod(4)).cluster("A", 0).build();
    GangRequest spread = GangRequest.builder("s").pods(1, gpuPod(2)).cluster("A", 0).policy(Policy.SPREAD).build();
    return problem(List.of(binpack, spread), cluster("A", 8_000, gpuNodes(1, 8, 8)));
  }

  @Test
  void binpackGangsEarnTheirDemandTimesTheClustersUtilisation() {
    PlacementProblem p = halfBusyCluster();
    verifier.verifyThat(PlacementConstraintProvider::binpackPreference).given(assign(p, "A", null)[0]).rewardsWith(2_000L);
    verifier.verifyThat(PlacementConstraintProvider::binpackPreference).given(assign(p, null, "A")[1]).rewardsWith(0L);
  }

  @Test
  void spreadGangsPayTheirDemandTimesTheClustersUtilisation() {
    PlacementProblem p = halfBusyCluster();
    verifier.verifyThat(PlacementConstraintProvider::spreadPreference).given(assign(p, null, "A")[1]).penalizesBy(1_000L);
    verifier.verifyThat(PlacementConstraintProvider::spreadPreference).given(assign(p, "A", null)[0]).penalizesBy(0L);
  }

  @Test
  void lowerClusterAffinitiesTermsCostPerRankStep() {
    GangRequest g = GangRequest.builder("g").pods(1, gpuPod(1)).cluster("A", 0).cluster("B", 2).build();
    PlacementProblem p = problem(List.of(g), cluster("A", 0, gpuNodes(1, 8, 8)), cluster("B", 0, gpuNodes(1, 8, 8)));
    verifier.verifyThat(PlacementConstraintProvider::affinityOrder).given((Object[]) assign(p, "B"))
        .penalizesBy(2 * PlacementConstraintProvider.ORDER_WEIGHT);
    verifier.verifyThat(PlacementConstraintProvider::affinityOrder).given((Object[]) assign(p, "A")).penalizesBy(0);
  }

  @Test
  void divisibleJobBelowMinGroupsOrAboveMaxGroupsIsPenalisedPerGroup() {
    List<GangRequest> parts = List.of(
        part("p0", SpreadConstraint.clusters(2, 0)), part("p1", SpreadConstraint.clusters(2, 0)),
        part("p2", SpreadConstraint.clusters(2, 0)));
    ClusterOffer[] cs = {cluster("A", 0, gpuNodes(2, 8, 8)), cluster("B", 0, gpuNodes(2, 8, 8)), cluster("C", 0, gpuNodes(2, 8, 8))};
    verifier.verifyThat(PlacementConstraintProvider::spreadConstraints)
        .given((Object[]) assign(problem(parts, cs), "A", "A", "A")).penalizesBy(PlacementConstraintProvider.ORDER_WEIGHT);
    verifier.verifyThat(PlacementConstraintProvider::spreadConstraints)
        .given((Object[]) assign(problem(parts, cs), "A", "B", "A")).penalizesBy(0);
    List<GangRequest> capped = List.of(
        part("p0", SpreadConstraint.clusters(0, 1)), part("p1", SpreadConstraint.clusters(0, 1)),
        part("p2", SpreadConstraint.clusters(0, 1)));
    verifier.verifyThat(PlacementConstraintProvider::spreadConstraints)
        .given((Object[]) assign(problem(capped, cs), "A", "B", "C")).penalizesBy(2 * PlacementConstraintProvider.ORDER_WEIGHT);
  }

  @Test
  void everyPendingGangCostsItsWeight() {
    PlacementProblem p = problem(
        List.of(GangRequest.builder("a").weight(2).pods(1, gpuPod(1)).cluster("A", 0).build(),
            GangRequest.builder("b").weight(1).pods(1, PodShape.of(1_000, GIB)).cluster("A", 0).build()),
        cluster("A", 0, gpuNodes(1, 8, 8)));
    verifier.verifyThat(PlacementConstraintProvider::pendingGangs).given((Object[]) assign(p, null, null))
        .penalizesBy(3 * PlacementConstraintProvider.PENDING_WEIGHT);
    verifier.verifyThat(PlacementConstraintProvider::pendingGangs).given((Object[]) assign(p, "A", null))
        .penalizesBy(PlacementConstraintProvider.PENDING_WEIGHT);
  }

  private static GangRequest part(String id, SpreadConstraint spread) {
    return GangRequest.builder(id).job("job").divisible(true).spread(spread).pods(1, gpuPod(1))
        .cluster("A", 0).cluster("B", 0).cluster("C", 0).build();
  }
}
