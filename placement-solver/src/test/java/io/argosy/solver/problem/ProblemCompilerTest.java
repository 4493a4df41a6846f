package io.argosy.solver.problem;

import static io.argosy.solver.Fixtures.GIB;
import static io.argosy.solver.Fixtures.GPU;
import static io.argosy.solver.Fixtures.cluster;
import static io.argosy.solver.Fixtures.gang;
import static io.argosy.solver.Fixtures.gpuNodes;
import static io.argosy.solver.Fixtures.gpuPod;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argosy.gpu.InvalidSpecException;
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
import io.argosy.solver.packing.PartialNodeFragmentation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemCompilerTest {

  private static void compile(PlacementProblem p) {
    ProblemCompiler.compile(p, PartialNodeFragmentation.INSTANCE);
  }

  private static PlacementProblem withGangs(GangRequest... gangs) {
    return PlacementProblem.of(List.of(gangs), List.of(cluster("A", 0, gpuNodes(1, 8, 8))));
  }

  @Test
  void rejectsAPodSetWithoutPods() {
    GangRequest g = GangRequest.builder("g").pods(0, gpuPod(1)).cluster("A", 0).build();
    assertThatThrownBy(() -> compile(withGangs(g)))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("gangs[0].podSets[0].count: must be at least 1, got 0");
  }

  @Test
  void rejectsAnUnknownClusterInAffinity() {
    assertThatThrownBy(() -> compile(withGangs(gang("g", 1, 1, 1, "Z"))))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("gangs[0].clusterRanks[Z]: unknown cluster");
  }

  @Test
  void rejectsDuplicateGangIdsAndZeroWeight() {
    assertThatThrownBy(() -> compile(withGangs(gang("g", 1, 1, 1, "A"), gang("g", 1, 1, 1, "A"))))
        .hasMessage("gangs[1].id: duplicate gang 'g'");
    assertThatThrownBy(() -> compile(withGangs(gang("g", 0, 1, 1, "A"))))
        .hasMessage("gangs[0].weight: must be at least 1, got 0");
  }

  @Test
  void rejectsAWholeRequestWithAPartialShareAndAShareOverAWholeDevice() {
    PodShape partialWhole = PodShape.of(1_000, GIB,
        new AcceleratorShape(GPU, null, io.argosy.gpu.demand.DemandKind.WHOLE, 1, 500, 0, 1000));
    assertThatThrownBy(() -> compile(withGangs(GangRequest.builder("g").pods(1, partialWhole).cluster("A", 0).build())))
        .hasMessage("gangs[0].podSets[0].shape.accelerators[0].milliPerDevice: must be 1000 for WHOLE requests");
    PodShape overShare = PodShape.of(1_000, GIB, AcceleratorShape.share(GPU, null, 1, 1200, 0));
    assertThatThrownBy(() -> compile(withGangs(GangRequest.builder("g").pods(1, overShare).cluster("A", 0).build())))
        .hasMessage("gangs[0].podSets[0].shape.accelerators[0].milliPerDevice: must be within 0..1000");
  }

  @Test
  void rejectsPartsOfOneJobThatAreNotDivisibleOrDisagreeOnSpread() {
    GangRequest a = GangRequest.builder("a").job("j").divisible(true).pods(1, gpuPod(1)).cluster("A", 0).build();
    GangRequest b = GangRequest.builder("b").job("j").pods(1, gpuPod(1)).cluster("A", 0).build();
    assertThatThrownBy(() -> compile(withGangs(a, b)))
        .hasMessage("gangs[1].divisible: job 'j' has several parts, so each part must be divisible");
    GangRequest c = GangRequest.builder("c").job("j").divisible(true).spread(SpreadConstraint.clusters(2, 0))
        .pods(1, gpuPod(1)).cluster("A", 0).build();
    assertThatThrownBy(() -> compile(withGangs(a, c)))
        .hasMessage("gangs[1].spread: must equal the spread of the other parts of job 'j'");
    GangRequest bad = GangRequest.builder("d").spread(new SpreadConstraint("rack", 1, 2)).pods(1, gpuPod(1)).cluster("A", 0).build();
    assertThatThrownBy(() -> compile(withGangs(bad)))
        .hasMessage("gangs[0].spread[0].spreadByField: must be one of cluster, region, zone, provider");
  }

  @Test
  void rejectsDeviceGroupsWithImpossibleFreeAmounts() {
    ClusterOffer c = ClusterOffer.of("A", Policy.BINPACK, 0, List.of(NodeBucket.of(1, 8_000, GIB,
        DeviceGroup.shared(GPU, "A10", 24_576, List.of(1000, 500), List.of(24_576L)))));
    assertThatThrownBy(() -> compile(PlacementProblem.of(List.of(), List.of(c))))
        .hasMessage("clusters[0].nodes[0].devices[0].freeMemoryMiB: must list one amount per device (2), got 1");
    ClusterOffer d = ClusterOffer.of("A", Policy.BINPACK, 0, List.of(NodeBucket.of(1, 8_000, GIB,
        new DeviceGroup(GPU, "A100", false, 0, 1000, List.of(1000, 1001), List.of()))));
    assertThatThrownBy(() -> compile(PlacementProblem.of(List.of(), List.of(d))))
        .hasMessage("clusters[0].nodes[0].devices[0].freeMilli[1]: must be within 0..1000");
  }

  @Test
  void rejectsDuplicateClustersNegativeQuotaAndAZeroBudget() {
    assertThatThrownBy(() -> compile(PlacementProblem.of(List.of(), List.of(cluster("A", 0), cluster("A", 0)))))
        .hasMessage("clusters[1].name: duplicate cluster 'A'");
    assertThatThrownBy(() -> compile(withGangs().withQuotas(Map.of("q", Map.of(GPU, -1L)))))
        .hasMessage("queueQuotas[q][nvidia.com/gpu]: must be a non-negative amount");
    assertThatThrownBy(() -> compile(withGangs().withBudget(new SolveBudget(Duration.ZERO, Duration.ofMillis(1), 0, 0))))
        .hasMessage("budget.time: must be positive");
  }
}
