package io.argosy.solver.greedy;

import static io.argosy.solver.Fixtures.GIB;
import static io.argosy.solver.Fixtures.GPU;
import static io.argosy.solver.Fixtures.cluster;
import static io.argosy.solver.Fixtures.gang;
import static io.argosy.solver.Fixtures.gpuNodes;
import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.gpu.score.Policy;
import io.argosy.solver.model.AcceleratorShape;
import io.argosy.solver.model.ClusterOffer;
import io.argosy.solver.model.ContentionReport;
import io.argosy.solver.model.DeviceGroup;
import io.argosy.solver.model.GangRequest;
import io.argosy.solver.model.NodeBucket;
import io.argosy.solver.model.PlacementProblem;
import io.argosy.solver.model.PodShape;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentionTest {

  @Test
  void moreDemandThanFreeDevicesOfTheTypeIsContended() {
    ContentionReport r = Contention.check(PlacementProblem.of(
        List.of(gang("a", 1, 2, 8, "A"), gang("b", 1, 1, 8, "A")), List.of(cluster("A", 0, gpuNodes(2, 8, 8)))));
    assertThat(r.contended()).isTrue();
    assertThat(r.types()).singleElement().satisfies(t -> {
      assertThat(t.typeKey()).isEqualTo("nvidia.com/gpu[A100-80GB]");
      assertThat(t.demandMilli()).isEqualTo(24_000);
      assertThat(t.freeMilli()).isEqualTo(16_000);
    });
  }

  @Test
  void onlyClustersTheGangsMayUseCount() {
    ContentionReport r = Contention.check(PlacementProblem.of(
        List.of(gang("a", 1, 2, 8, "A")), List.of(cluster("A", 0, gpuNodes(1, 8, 8)), cluster("B", 0, gpuNodes(8, 8, 8)))));
    assertThat(r.contended()).isTrue();
  }

  @Test
  void enoughFreeCapacityIsNotContendedAndGreedyLeftoversMakeItStranded() {
    PlacementProblem p = PlacementProblem.of(List.of(gang("a", 1, 1, 8, "A")), List.of(cluster("A", 0, gpuNodes(4, 4, 4))));
    assertThat(Contention.check(p).contended()).isFalse();
    assertThat(Contention.check(p).solverWorthwhile()).isFalse();
    ContentionReport afterGreedy = Contention.check(p, 1);
    assertThat(afterGreedy.stranded()).isTrue();
    assertThat(afterGreedy.solverWorthwhile()).isTrue();
  }

  @Test
  void sharesCountFreeMilliAndWholeRequestsOnlyWhollyFreeDevices() {
    ClusterOffer c = ClusterOffer.of("A", Policy.BINPACK, 0, List.of(NodeBucket.of(1, 64_000, 64 * GIB,
        DeviceGroup.shared(GPU, "A10", 24_576, List.of(1000, 600), List.of(24_576L, 10_000L)))));
    GangRequest shares = GangRequest.builder("s").cluster("A", 0)
        .pods(3, PodShape.of(1_000, GIB, AcceleratorShape.share(GPU, null, 1, 500, 1_000))).build();
    GangRequest whole = GangRequest.builder("w").cluster("A", 0)
        .pods(1, PodShape.of(1_000, GIB, AcceleratorShape.whole(GPU, null, 2))).build();
    ContentionReport r = Contention.check(PlacementProblem.of(List.of(shares, whole), List.of(c)));
    assertThat(r.types()).extracting(ContentionReport.TypePressure::typeKey)
        .containsExactly("share:nvidia.com/gpu", "nvidia.com/gpu");
    assertThat(r.types().get(0).freeMilli()).isEqualTo(1_600);
    assertThat(r.types().get(0).contended()).isFalse();
    assertThat(r.types().get(1).freeMilli()).isEqualTo(1_000);
    assertThat(r.types().get(1).contended()).isTrue();
  }
}
