package io.argosy.scheduler.cycle;

import static io.argosy.scheduler.testing.Harness.binding;
import static io.argosy.scheduler.testing.Harness.pending;
import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.scheduler.fleet.PodPlacement;
import io.argosy.scheduler.testing.Harness;
import io.argosy.scheduler.testing.Nodes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cluster taints against Karmada clusterTolerations; node taints, selectors and affinity against the pod template. */
class TaintTolerationTest {

  private static String job(String name, String extraLabel) {
    return """
        ---
        apiVersion: batch.volcano.sh/v1alpha1
        kind: Job
        metadata:
          name: %s
          labels: {%s: "true"}
        spec:
          minAvailable: 1
          tasks:
          - name: worker
            replicas: 1
            template:
              spec:
                containers: [{name: w, image: x, resources: {limits: {nvidia.com/gpu: 1}}}]
        """.formatted(name, extraLabel);
  }

  @Test
  void noScheduleAndNoExecuteClusterTaintsNeedATolerationPreferNoScheduleDoesNot() {
    Harness h = new Harness()
        .cluster("dedicated", Map.of(), List.of("team=ml:NoSchedule"),
            Nodes.many("d", 1, n -> Nodes.nvidia(n, "NVIDIA-A100-SXM4-80GB", 8)))
        .cluster("draining", Map.of(), List.of("maintenance:NoExecute"),
            Nodes.many("m", 1, n -> Nodes.nvidia(n, "NVIDIA-A100-SXM4-80GB", 8)))
        .cluster("soft", Map.of(), List.of("spot=true:PreferNoSchedule"),
            Nodes.many("s", 1, n -> Nodes.nvidia(n, "NVIDIA-A100-SXM4-80GB", 1)));
    h.submit("""
        apiVersion: policy.karmada.io/v1alpha1
        kind: PropagationPolicy
        metadata: {name: ml, namespace: default}
        spec:
          resourceSelectors:
          - {apiVersion: batch.volcano.sh/v1alpha1, kind: Job, labelSelector: {matchLabels: {ml: "true"}}}
          placement:
            clusterAffinity: {clusterNames: [dedicated]}
            clusterTolerations:
            - {key: team, operator: Equal, value: ml, effect: NoSchedule}
        ---
        apiVersion: policy.karmada.io/v1alpha1
        kind: PropagationPolicy
        metadata: {name: wrong-value, namespace: default}
        spec:
          resourceSelectors:
          - {apiVersion: batch.volcano.sh/v1alpha1, kind: Job, labelSelector: {matchLabels: {other: "true"}}}
          placement:
            clusterTolerations:
            - {key: team, operator: Equal, value: web, effect: NoSchedule}
        """);
    h.submit(job("plain", "none") + job("ml-job", "ml") + job("other-1", "other") + job("other-2", "other"));
    CycleResult r = h.cycle();
    assertThat(binding(r, "ml-job").cluster()).isEqualTo("dedicated");
    assertThat(binding(r, "plain").cluster()).isEqualTo("soft"); // PreferNoSchedule does not filter
    assertThat(pending(r, "other-1").reasons()).containsExactly(
        "cluster dedicated: taint team=ml:NoSchedule not tolerated",
        "cluster draining: taint maintenance:NoExecute not tolerated",
        "cluster soft: 1/1 tasks in gang unschedulable: insufficient nvidia.com/gpu on 1 node");
  }

  @Test
  void nodeTaintsSelectorsAndAffinityComeFromThePodTemplate() {
    Harness h = new Harness().cluster("gpu", List.of(
        Nodes.nvidia("fenced-0", "NVIDIA-A100-SXM4-80GB", 8).taint("nvidia.com/gpu", "present", "NoSchedule").build(),
        Nodes.nvidia("reserved-0", "NVIDIA-A100-SXM4-80GB", 8).taint("reserved", "infer", "NoSchedule").build(),
        Nodes.nvidia("h100-0", "NVIDIA-H100-80GB-HBM3", 8).label("pool", "h100").build(),
        Nodes.node("cpu-0").label("pool", "cpu").build()));
    h.submit("""
        apiVersion: batch.volcano.sh/v1alpha1
        kind: Job
        metadata: {name: gpu-any}
        spec:
          minAvailable: 1
          tasks:
          - name: w
            replicas: 1
            template:
              spec:
                affinity:
                  nodeAffinity:
                    requiredDuringSchedulingIgnoredDuringExecution:
                      nodeSelectorTerms:
                      - matchExpressions:
                        - {key: pool, operator: NotIn, values: [h100]}
                containers: [{name: w, image: x, resources: {limits: {nvidia.com/gpu: 8}}}]
        ---
        apiVersion: batch.volcano.sh/v1alpha1
        kind: Job
        metadata: {name: on-h100}
        spec:
          minAvailable: 1
          tasks:
          - name: w
            replicas: 1
            template:
              spec:
                nodeSelector: {pool: h100}
                containers: [{name: w, image: x, resources: {limits: {nvidia.com/gpu: 8}}}]
        ---
        apiVersion: batch.volcano.sh/v1alpha1
        kind: Job
        metadata: {name: infer}
        spec:
          minAvailable: 1
          tasks:
          - name: w
            replicas: 1
            template:
              spec:
                tolerations: [{key: reserved, operator: Equal, value: infer, effect: NoSchedule}]
                containers: [{name: w, image: x, resources: {limits: {nvidia.com/gpu: 1}}}]
        ---
        apiVersion: batch.volcano.sh/v1alpha1
        kind: Job
        metadata: {name: cpu-only}
        spec:
          minAvailable: 1
          tasks:
          - name: w
            replicas: 1
            template:
              spec:
                nodeSelector: {pool: cpu}
                containers: [{name: w, image: x, resources: {requests: {cpu: "2"}}}]
        ---
        apiVersion: batch.volcano.sh/v1alpha1
        kind: Job
        metadata: {name: no-room}
        spec:
          minAvailable: 1
          tasks:
          - name: w
            replicas: 1
            template:
              spec:
                affinity:
                  nodeAffinity:
                    requiredDuringSchedulingIgnoredDuringExecution:
                      nodeSelectorTerms:
                      - matchExpressions:
                        - {key: pool, operator: NotIn, values: [h100]}
                containers: [{name: w, image: x, resources: {limits: {nvidia.com/gpu: 1}}}]
        """);
    CycleResult r = h.cycle();
    // ExtendedResourceToleration: asking for nvidia.com/gpu tolerates the nvidia.com/gpu taint; reserved-0 needs its own
    assertThat(binding(r, "gpu-any").pods()).extracting(PodPlacement::node).containsExactly("fenced-0");
    assertThat(binding(r, "on-h100").pods()).extracting(PodPlacement::node).containsExactly("h100-0");
    assertThat(binding(r, "infer").pods()).extracting(PodPlacement::node).containsExactly("reserved-0");
    assertThat(binding(r, "cpu-only").pods()).extracting(PodPlacement::node).containsExactly("cpu-0");
    assertThat(pending(r, "no-room").reasons()).containsExactly("cluster gpu: 1/1 tasks in gang unschedulable: "
        + "insufficient nvidia.com/gpu on 1 node, no nvidia.com/gpu on 1 node, node affinity on 1 node, "
        + "untolerated taint reserved=infer:NoSchedule on 1 node");
  }
}
