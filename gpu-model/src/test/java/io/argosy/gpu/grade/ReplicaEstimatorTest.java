package io.argosy.gpu.grade;

import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.gpu.Fixtures;
import io.argosy.gpu.Manifests;
import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.demand.DemandParser;
import io.argosy.gpu.demand.PodDemand;
import io.argosy.gpu.fit.NodeState;
import io.argosy.gpu.inventory.InventoryReader;
import io.argosy.gpu.score.ScoringPolicy;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ReplicaEstimatorTest {
  private static final long GI = 1L << 30;
  private final Catalog catalog = Catalog.builtin();
  private final InventoryReader reader = new InventoryReader(catalog);
  private final DemandParser parser = new DemandParser(catalog);

  private NodeState cpuNode(String cpu, String memory) {
    return new NodeState(reader.read(Manifests.node("""
        apiVersion: v1
        kind: Node
        metadata: {name: n}
        status: {capacity: {cpu: "%s", memory: %s, pods: "500"}}
        """.formatted(cpu, memory))));
  }

  @Test
  void karmadasNineDefaultGrades() {
    ResourceGrades g = ResourceGrades.karmadaDefault();
    assertThat(g.dimensions()).extracting(ResourceGrades.Dimension::name).containsExactly("cpu", "memory");
    assertThat(g.dimensions().get(0).mins())
        .containsExactly(0L, 1000L, 2000L, 4000L, 8000L, 16000L, 32000L, 64000L, 128000L);
    assertThat(g.dimensions().get(1).mins())
        .containsExactly(0L, 4 * GI, 16 * GI, 32 * GI, 64 * GI, 128 * GI, 256 * GI, 512 * GI, 1024 * GI);
    ResourceGrades.Dimension cpu = g.dimensions().get(0);
    assertThat(cpu.gradeOf(999)).isZero();
    assertThat(cpu.gradeOf(1000)).isEqualTo(1);
    assertThat(cpu.gradeOf(127_999)).isEqualTo(7);
    assertThat(cpu.gradeOf(500_000)).isEqualTo(8);
  }

  @Test
  void summaryCountsNodesPerGradeIncludingAcceleratorClasses() {
    NodeState gpu = reader.stateOf(Fixtures.node("nvidia-whole-a100"), List.of());
    NodeState small = cpuNode("3", "8Gi");
    ResourceGrades grades = ResourceGrades.forNodes(List.of(gpu, small));
    assertThat(grades.dimensions()).extracting(ResourceGrades.Dimension::name)
        .containsExactly("cpu", "memory", "NVIDIA/A100-80GB/devices", "NVIDIA/A100-80GB/milli");
    GradeSummary s = grades.summarize(List.of(gpu, small));
    assertThat(s.nodes()).isEqualTo(2);
    assertThat(s.nodesPerGrade("cpu")).containsExactly(0, 0, 1, 0, 0, 0, 0, 1, 0);
    // 7 healthy free A100s: grade [4, 8)
    assertThat(s.nodesPerGrade("NVIDIA/A100-80GB/devices")).containsExactly(1, 0, 0, 1, 0, 0, 0, 0, 0);
  }

  @Test
  void exactAndGradeBasedEstimatesOnAGpuNode() {
    NodeState gpu = reader.stateOf(Fixtures.node("nvidia-whole-a100"), List.of());
    PodDemand pod = parser.parse(Manifests.podWithLimits("nvidia.com/gpu: 1, cpu: '8', memory: 64Gi"));
    // 7 healthy GPUs, 126 cores / 8, 1001 GiB / 64: the GPUs bind
    assertThat(ReplicaEstimator.exact(pod, List.of(gpu), ScoringPolicy.DEFAULT, 1000)).isEqualTo(7);
    assertThat(gpu.podsUsed()).as("estimating changes no node").isZero();
    GradeSummary s = ResourceGrades.forNodes(List.of(gpu)).summarize(List.of(gpu));
    // grade minimums: 4 devices, 64 cores, 512 GiB
    assertThat(ReplicaEstimator.byGrades(pod, s, catalog)).isEqualTo(4);
    PodDemand mig = parser.parse(Manifests.podWithLimits("nvidia.com/mig-3g.40gb: 1"));
    NodeState migNode = reader.stateOf(Fixtures.node("nvidia-mig-mixed-a100"), List.of());
    assertThat(ReplicaEstimator.exact(mig, List.of(migNode), ScoringPolicy.DEFAULT, 1000)).isEqualTo(8);
    assertThat(ReplicaEstimator.exactPerNode(mig, List.of(migNode, gpu), ScoringPolicy.DEFAULT, 1000))
        .containsExactly(8, 0);
    PodDemand ascend = parser.parse(Manifests.podWithLimits("huawei.com/Ascend910: 1"));
    assertThat(ReplicaEstimator.byGrades(ascend, s, catalog)).as("no Ascend class in the summary").isZero();
  }

  @Property(tries = 200, seed = "99")
  void gradeBasedNeverExceedsExactForCpuMemoryAndWholeDevices(
      @ForAll @IntRange(min = 1, max = 300) int cores,
      @ForAll @IntRange(min = 1, max = 2048) int memGi,
      @ForAll @IntRange(min = 0, max = 8) int gpus,
      @ForAll @IntRange(min = 100, max = 16000) int podMilli,
      @ForAll @IntRange(min = 1, max = 64) int podGi,
      @ForAll @IntRange(min = 0, max = 3) int podGpus) {
    NodeState node = new NodeState(reader.read(Manifests.node("""
        apiVersion: v1
        kind: Node
        metadata: {name: n, labels: {nvidia.com/gpu.product: NVIDIA-L4}}
        status: {capacity: {cpu: "%d", memory: %dGi, pods: "1000", nvidia.com/gpu: "%d"}}
        """.formatted(cores, memGi, gpus))));
    PodDemand pod = parser.parse(Manifests.podWithLimits(
        "cpu: %dm, memory: %dGi%s".formatted(podMilli, podGi, podGpus == 0 ? "" : ", nvidia.com/gpu: " + podGpus)));
    long exact = ReplicaEstimator.exact(pod, List.of(node), ScoringPolicy.DEFAULT, 100_000);
    GradeSummary s = ResourceGrades.forNodes(List.of(node)).summarize(List.of(node));
    long graded = ReplicaEstimator.byGrades(pod, s, catalog);
    assertThat(graded).isLessThanOrEqualTo(exact);
    assertThat(exact).isEqualTo(Math.min(Math.min(cores * 1000L / podMilli, (long) memGi / podGi),
        podGpus == 0 ? Long.MAX_VALUE : gpus / podGpus));
  }
}
