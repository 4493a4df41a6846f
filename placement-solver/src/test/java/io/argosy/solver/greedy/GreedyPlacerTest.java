package io.argosy.solver.greedy;

import static io.argosy.solver.Fixtures.GPU;
import static io.argosy.solver.Fixtures.cluster;
import static io.argosy.solver.Fixtures.gang;
import static io.argosy.solver.Fixtures.gpuNodes;
import static io.argosy.solver.Fixtures.gpuPod;
import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.gpu.score.Policy;
import io.argosy.solver.PlacementSolver;
import io.argosy.solver.model.ClusterOffer;
import io.argosy.solver.model.GangRequest;
import io.argosy.solver.model.PlacementPlan;
import io.argosy.solver.model.PlacementProblem;
import io.argosy.solver.model.SolveBudget;
import io.argosy.solver.model.SpreadConstraint;
import io.argosy.solver.model.Taint;
import io.argosy.solver.model.Toleration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GreedyPlacerTest {

  private final PlacementSolver solver = new PlacementSolver();

  private PlacementPlan greedy(List<GangRequest> gangs, ClusterOffer... clusters) {
    return solver.greedy(new PlacementProblem(gangs, List.of(clusters), Map.of(), SolveBudget.DEFAULT));
  }

  @Test
  void takesGangsInQueueOrderAndBackfillsWhatStillFits() {
    PlacementPlan plan = greedy(
        List.of(gang("first", 1, 1, 8, "A"), gang("too-big", 1, 2, 8, "A"), gang("small", 1, 1, 4, "A")),
        cluster("A", 0, gpuNodes(1, 8, 8), gpuNodes(1, 4, 4)));
    assertThat(plan.clusterOf("first")).contains("A");
    assertThat(plan.clusterOf("too-big")).isEmpty();
    assertThat(plan.clusterOf("small")).contains("A");
    assertThat(plan.score().feasible()).isTrue();
  }

  @Test
  void prefersTheFirstClusterAffinitiesTermThatFits() {
    GangRequest g = GangRequest.builder("g").pods(1, gpuPod(4)).cluster("A", 1).cluster("B", 0).cluster("C", 0).build();
    GangRequest big = GangRequest.builder("big").pods(1, gpuPod(8)).cluster("B", 0).cluster("A", 1).build();
    PlacementPlan plan = greedy(List.of(big, g),
        cluster("A", 0, gpuNodes(2, 8, 8)), cluster("B", 0, gpuNodes(1, 8, 8)), cluster("C", 0, gpuNodes(1, 4, 4)));
    assertThat(plan.clusterOf("big")).contains("B");
    assertThat(plan.clusterOf("g")).as("B is full; C is the other rank-0 cluster").contains("C");
  }

  @Test
  void binpackPicksTheBusiestClusterAndSpreadTheIdlest() {
    ClusterOffer busy = cluster("busy", 24_000, gpuNodes(1, 8, 8), gpuNodes(3, 0, 8));
    ClusterOffer idle = cluster("idle", 0, gpuNodes(4, 8, 8));
    GangRequest binpack = gang("binpack", 1, 1, 2, "busy", "idle");
    GangRequest spread = GangRequest.builder("spread").pods(1, gpuPod(2)).cluster("busy", 0).cluster("idle", 0)
        .policy(Policy.SPREAD).build();
    PlacementPlan plan = greedy(List.of(binpack, spread), busy, idle);
    assertThat(plan.clusterOf("binpack")).contains("busy");
    assertThat(plan.clusterOf("spread")).contains("idle");
  }

  @Test
  void staysWithinTheQueuesRemainingQuota() {
    List<GangRequest> gangs = List.of(
        GangRequest.builder("a").queue("q").pods(1, gpuPod(4)).cluster("A", 0).build(),
        GangRequest.builder("b").queue("q").pods(1, gpuPod(4)).cluster("A", 0).build(),
        GangRequest.builder("c").queue("q").pods(1, gpuPod(2)).cluster("A", 0).build());
    PlacementPlan plan = solver.greedy(new PlacementProblem(gangs, List.of(cluster("A", 0, gpuNodes(2, 8, 8))),
        Map.of("q", Map.of(GPU, 6L)), SolveBudget.DEFAULT));
    assertThat(plan.clusterOf("a")).contains("A");
    assertThat(plan.clusterOf("b")).as("4 + 4 > 6").isEmpty();
    assertThat(plan.clusterOf("c")).contains("A");
  }

  @Test
  void keepsOutOfClustersWithUntoleratedTaints() {
    ClusterOffer tainted = new ClusterOffer("T", Map.of(), List.of(new Taint("gpu", "", Taint.NO_EXECUTE)),
        Policy.BINPACK, 8_000, List.of(gpuNodes(2, 8, 8)));
    GangRequest plain = gang("plain", 1, 1, 8, "T", "U");
    GangRequest tolerant = GangRequest.builder("tolerant").pods(1, gpuPod(8)).cluster("T", 0)
        .tolerate(new Toleration("gpu", Toleration.EXISTS, null, null)).build();
    PlacementPlan plan = greedy(List.of(plain, tolerant), tainted, cluster("U", 0, gpuNodes(1, 8, 8)));
    assertThat(plan.clusterOf("plain")).contains("U");
    assertThat(plan.clusterOf("tolerant")).contains("T");
  }

  @Test
  void spreadsTheFirstPartsOfADivisibleJobToReachMinGroupsAndStopsAtMaxGroups() {
    List<GangRequest> parts = List.of(part("p0", 2, 0), part("p1", 2, 0), part("p2", 2, 0));
    PlacementPlan plan = greedy(parts, cluster("A", 16_000, gpuNodes(4, 8, 8)), cluster("B", 0, gpuNodes(4, 8, 8)));
    assertThat(plan.clusterOf("p0")).contains("A");
    assertThat(plan.clusterOf("p1")).as("second group before binpacking again").contains("B");
    assertThat(plan.clusterOf("p2")).contains("A");

    List<GangRequest> capped = List.of(part("q0", 0, 1), part("q1", 0, 1), part("q2", 0, 1));
    PlacementPlan one = greedy(capped, cluster("A", 0, gpuNodes(2, 8, 8)), cluster("B", 0, gpuNodes(4, 8, 8)));
    assertThat(one.clusterOf("q0")).contains("A");
    assertThat(one.clusterOf("q1")).contains("A");
    assertThat(one.clusterOf("q2")).as("A is full and maxGroups is 1").isEmpty();
  }

  private static GangRequest part(String id, int min, int max) {
    return GangRequest.builder(id).job("job").divisible(true).spread(SpreadConstraint.clusters(min, max))
        .pods(1, gpuPod(8)).cluster("A", 0).cluster("B", 0).build();
  }
}
