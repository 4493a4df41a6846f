package io.argosy.gpu.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.argosy.gpu.Fixtures;
import io.argosy.gpu.Manifests;
import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.demand.DemandParser;
import io.argosy.gpu.demand.PodDemand;
import io.argosy.gpu.fit.Assignment;
import io.argosy.gpu.fit.FitResult;
import io.argosy.gpu.fit.NodeState;
import io.argosy.gpu.inventory.InventoryReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScorerTest {
  private final InventoryReader reader = new InventoryReader(Catalog.builtin());
  private final DemandParser parser = new DemandParser(Catalog.builtin());

  private NodeState cpuNode(String usedCpu) {
    NodeState s = new NodeState(reader.read(Manifests.node("""
        apiVersion: v1
        kind: Node
        metadata: {name: n}
        status: {capacity: {cpu: "10", memory: 10Gi, pods: "10"}}
        """)));
    if (!usedCpu.equals("0")) {
      s.allocate(fit(s, parser.parse(Manifests.podWithLimits("cpu: '" + usedCpu + "'"))));
    }
    return s;
  }

  private static Assignment fit(NodeState s, PodDemand d) {
    return ((FitResult.Fits) s.fit(d, ScoringPolicy.DEFAULT)).assignment();
  }

  @Test
  void nodeScoreIsVolcanosBinpackFormula() {
    NodeState s = cpuNode("2");
    PodDemand pod = parser.parse(Manifests.podWithLimits("cpu: '2', memory: 2Gi"));
    Assignment a = fit(s, pod);
    // ((2+2)/10 * 1 + 2/10 * 1) / 2 * 100
    assertThat(Scorer.score(s, pod, a, ScoringPolicy.of(Policy.BINPACK, Policy.BINPACK))).isCloseTo(30.0, within(1e-9));
    assertThat(Scorer.score(s, pod, a, ScoringPolicy.of(Policy.SPREAD, Policy.SPREAD))).isCloseTo(70.0, within(1e-9));
    ScoringPolicy cpuHeavy = new ScoringPolicy(Policy.BINPACK, Policy.BINPACK, 1, 3, 1, 1, 1);
    // (0.4*3 + 0.2*1) / 4 * 100
    assertThat(Scorer.score(s, pod, a, cpuHeavy)).isCloseTo(35.0, within(1e-9));
  }

  @Test
  void binpackPrefersFullerNodesSpreadEmptierOnesAndThePodDecides() {
    NodeState full = cpuNode("6");
    NodeState empty = cpuNode("0");
    PodDemand pod = parser.parse(Manifests.podWithLimits("cpu: '1'"));
    ScoringPolicy binpack = ScoringPolicy.of(Policy.BINPACK, Policy.SPREAD);
    assertThat(Scorer.score(full, pod, fit(full, pod), binpack)).isGreaterThan(Scorer.score(empty, pod, fit(empty, pod), binpack));
    Map<String, String> spread = Map.of("hami.io/node-scheduler-policy", "spread");
    var p = Manifests.podWithLimits("cpu: '1'");
    p.getMetadata().setAnnotations(spread);
    PodDemand spreadPod = parser.parse(p);
    assertThat(Scorer.score(full, spreadPod, fit(full, spreadPod), binpack))
        .isLessThan(Scorer.score(empty, spreadPod, fit(empty, spreadPod), binpack));
  }

  @Test
  void deviceLevelScoreRewardsPackingSharesOntoBusyGpus() {
    var running = Manifests.pod("""
        apiVersion: v1
        kind: Pod
        metadata: {name: r, annotations: {hami.io/vgpu-devices-allocated: 'GPU-a2,NVIDIA,20480,50:;'}}
        spec: {containers: [{name: c, resources: {limits: {nvidia.com/gpu: 1, nvidia.com/gpumem: 20480, nvidia.com/gpucores: 50}}}]}
        """);
    NodeState s = reader.stateOf(Fixtures.node("hami-vgpu-a100"), List.of(running));
    PodDemand share = parser.parse(Manifests.podWithLimits("nvidia.com/gpu: 1, nvidia.com/gpumem: 10240, nvidia.com/gpucores: 25"));
    ScoringPolicy binpack = ScoringPolicy.of(Policy.BINPACK, Policy.BINPACK);
    ScoringPolicy spread = ScoringPolicy.of(Policy.BINPACK, Policy.SPREAD);
    Assignment onBusy = ((FitResult.Fits) s.fit(share, binpack)).assignment();
    Assignment onIdle = ((FitResult.Fits) s.fit(share, spread)).assignment();
    assertThat(onBusy.containers().get(0).grants().get(0).deviceId()).isEqualTo("GPU-a2");
    assertThat(onIdle.containers().get(0).grants().get(0).deviceId()).isEqualTo("GPU-a1");
    assertThat(Scorer.deviceScore(s, onBusy, Policy.BINPACK)).isCloseTo(75.0, within(1e-9));
    assertThat(Scorer.deviceScore(s, onIdle, Policy.BINPACK)).isCloseTo(25.0, within(1e-9));
    assertThat(Scorer.score(s, share, onBusy, binpack)).isGreaterThan(Scorer.score(s, share, onIdle, binpack));
    assertThat(Scorer.score(s, share, onIdle, spread)).isGreaterThan(Scorer.score(s, share, onBusy, spread));
    for (Assignment a : List.of(onBusy, onIdle)) {
      assertThat(Scorer.score(s, share, a, binpack)).isBetween(0.0, 100.0);
      assertThat(Scorer.score(s, share, a, spread)).isBetween(0.0, 100.0);
    }
  }
}
