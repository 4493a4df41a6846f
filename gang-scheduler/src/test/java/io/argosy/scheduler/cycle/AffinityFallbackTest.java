package io.argosy.scheduler.cycle;

import static io.argosy.scheduler.testing.Harness.binding;
import static io.argosy.scheduler.testing.Harness.pending;
import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.scheduler.testing.Harness;
import io.argosy.scheduler.testing.Nodes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Karmada's clusterAffinity and ordered clusterAffinities fallback, applied to whole gangs. */
class AffinityFallbackTest {
  private Harness h;

  @BeforeEach
  void fleet() {
    h = new Harness()
        .cluster("onprem-1", Map.of("tier", "onprem", "region", "eu-west"), List.of(),
            Nodes.many("op1", 1, n -> Nodes.nvidia(n, "NVIDIA-A100-SXM4-80GB", 8)))
        .cluster("onprem-2", Map.of("tier", "onprem", "region", "eu-central"), List.of(),
            Nodes.many("op2", 1, n -> Nodes.nvidia(n, "NVIDIA-A100-SXM4-80GB", 4)))
        .cluster("cloud-1", Map.of("tier", "cloud", "region", "us-east", "provider", "aws"), List.of(),
            Nodes.many("c1", 4, n -> Nodes.nvidia(n, "NVIDIA-H100-80GB-HBM3", 8)));
    h.submit("""
        apiVersion: policy.karmada.io/v1alpha1
        kind: PropagationPolicy
        metadata: {name: onprem-first, namespace: default}
        spec:
          resourceSelectors:
          - apiVersion: batch.volcano.sh/v1alpha1
            kind: Job
            labelSelector: {matchLabels: {burst: "true"}}
          placement:
            clusterAffinities:
            - affinityName: onprem
              labelSelector: {matchLabels: {tier: onprem}}
            - affinityName: cloud
              fieldSelector:
                matchExpressions:
                - {key: provider, operator: In, values: [aws]}
        ---
        apiVersion: policy.karmada.io/v1alpha1
        kind: PropagationPolicy
        metadata: {name: eu-only, namespace: default}
        spec:
          resourceSelectors:
          - apiVersion: batch.volcano.sh/v1alpha1
            kind: Job
            labelSelector: {matchLabels: {eu: "true"}}
          placement:
            clusterAffinity:
              fieldSelector:
                matchExpressions:
                - {key: region, operator: In, values: [eu-west, eu-central]}
              exclude: [onprem-1]
        """);
  }

  private static String job(String name, String label, int replicas, int gpus) {
    return """
        ---
        apiVersion: batch.volcano.sh/v1alpha1
        kind: Job
        metadata:
          name: %s
          labels: {%s: "true"}
        spec:
          minAvailable: %d
          tasks:
          - name: worker
            replicas: %d
            template:
              spec:
                containers: [{name: w, image: x, resources: {limits: {nvidia.com/gpu: %d}}}]
        """.formatted(name, label, replicas, replicas, gpus);
  }

  @Test
  void theFirstTermIsUsedWhileAnyOfItsClustersCanTakeTheGang() {
    h.submit(job("a", "burst", 2, 4) + job("b", "burst", 1, 4) + job("c", "burst", 1, 4));
    CycleResult r = h.cycle();
    // 12 on-prem GPUs take a (8) and b (4); only then does c fall back to the cloud term
    assertThat(binding(r, "a").cluster()).startsWith("onprem-");
    assertThat(binding(r, "b").cluster()).startsWith("onprem-");
    assertThat(binding(r, "c").cluster()).isEqualTo("cloud-1");
  }

  @Test
  void aGangTooBigForEveryOnPremClusterFallsBackToTheCloudTerm() {
    h.submit(job("big", "burst", 2, 8));
    CycleResult r = h.cycle();
    assertThat(binding(r, "big").cluster()).isEqualTo("cloud-1");
  }

  @Test
  void pendingReasonsNameTheTermEachClusterWasTriedUnder() {
    h.submit(job("giant", "burst", 5, 8));
    CycleResult r = h.cycle();
    assertThat(pending(r, "giant").reasons()).containsExactly(
        "affinity onprem: cluster cloud-1: does not match clusterAffinity",
        "affinity onprem: cluster onprem-1: 5/5 tasks in gang unschedulable: gang needs 40 nvidia.com/gpu, cluster has 8 free",
        "affinity onprem: cluster onprem-2: 5/5 tasks in gang unschedulable: insufficient nvidia.com/gpu on 1 node",
        "affinity cloud: cluster cloud-1: 5/5 tasks in gang unschedulable: gang needs 40 nvidia.com/gpu, cluster has 32 free",
        "affinity cloud: clusters onprem-1, onprem-2: does not match clusterAffinity");
  }

  @Test
  void fieldSelectorAndExcludeNarrowTheClusters() {
    h.submit(job("eu", "eu", 1, 4) + job("eu-too-big", "eu", 1, 8));
    CycleResult r = h.cycle();
    assertThat(binding(r, "eu").cluster()).isEqualTo("onprem-2");
    assertThat(pending(r, "eu-too-big").reasons()).containsExactly(
        "cluster cloud-1: does not match clusterAffinity",
        "cluster onprem-1: excluded by clusterAffinity",
        "cluster onprem-2: 1/1 tasks in gang unschedulable: insufficient nvidia.com/gpu on 1 node");
  }
}
