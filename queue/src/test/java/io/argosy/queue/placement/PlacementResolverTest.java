package io.argosy.queue.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacementResolverTest {
  private static final String VC = "batch.volcano.sh/v1alpha1";
  private final PlacementResolver resolver = new PlacementResolver();

  private static PropagationPolicy policy(String name, String ns, int priority, ResourceSelector sel, String cluster) {
    Placement p = new Placement(new ClusterAffinity(null, null, List.of(cluster), null), null, null, null, null);
    return new PropagationPolicy(name, ns, ns == null, priority, List.of(sel), p);
  }

  private static ResourceSelector kindOnly() {
    return new ResourceSelector(VC, "Job", null, null, null);
  }

  private static ResourceSelector byLabel(String k, String v) {
    return new ResourceSelector(VC, "Job", null, null, new LabelSelector(Map.of(k, v), null));
  }

  private static ResourceSelector byName(String n) {
    return new ResourceSelector(VC, "Job", null, n, null);
  }

  private final PolicyTarget mpi = new PolicyTarget(VC, "Job", "default", "mpi", Map.of("team", "hpc"));

  @Test
  void highestPriorityWinsThenTheMostSpecificSelectorThenName() {
    resolver.put(policy("all-jobs", "default", 0, kindOnly(), "c-kind"));
    resolver.put(policy("hpc-jobs", "default", 0, byLabel("team", "hpc"), "c-label"));
    assertThat(resolver.resolve(mpi).orElseThrow().name()).isEqualTo("hpc-jobs");
    resolver.put(policy("this-job", "default", 0, byName("mpi"), "c-name"));
    assertThat(resolver.resolve(mpi).orElseThrow().name()).isEqualTo("this-job");
    resolver.put(policy("urgent", "default", 5, kindOnly(), "c-urgent"));
    assertThat(resolver.placementFor(mpi).clusterAffinity().clusterNames()).containsExactly("c-urgent");
    resolver.put(policy("a-urgent", "default", 5, kindOnly(), "c-a"));
    assertThat(resolver.resolve(mpi).orElseThrow().name()).isEqualTo("a-urgent");
  }

  @Test
  void aNamespacedPolicyBeatsEveryClusterPolicyWhateverItsPriorityAsKarmadasDetectorDoes() {
    resolver.put(policy("cluster-urgent", null, 100, byName("mpi"), "c-cluster"));
    assertThat(resolver.resolve(mpi).orElseThrow().name()).isEqualTo("cluster-urgent");
    resolver.put(policy("ns-plain", "default", 0, kindOnly(), "c-ns"));
    assertThat(resolver.resolve(mpi).orElseThrow().name()).isEqualTo("ns-plain");
    resolver.remove(false, "default", "ns-plain");
    resolver.put(policy("b-cluster", null, 100, byName("mpi"), "c-b"));
    assertThat(resolver.resolve(mpi).orElseThrow().name()).as("equal priority and specificity: name order")
        .isEqualTo("b-cluster");
    resolver.put(policy("a-cluster", null, 100, byLabel("team", "hpc"), "c-a"));
    assertThat(resolver.resolve(mpi).orElseThrow().name()).as("a name selector beats a label selector")
        .isEqualTo("b-cluster");
  }

  @Test
  void theClusterDefaultPlacesOnlyJobsNoOtherPolicySelects() {
    Placement p = new Placement(new ClusterAffinity(null, null, List.of("fallback"), null), null, null, null, null);
    resolver.put(new PropagationPolicy("z-default", null, true, -10,
        List.of(new ResourceSelector("v1", "ConfigMap", null, "nothing", null)), p, true));
    assertThat(resolver.resolve(mpi).orElseThrow().name()).isEqualTo("z-default");
    assertThat(resolver.resolve(mpi).orElseThrow().displayName()).isEqualTo("ClusterPropagationPolicy z-default");
    resolver.put(policy("hpc", null, 0, byLabel("team", "hpc"), "c-hpc"));
    assertThat(resolver.resolve(mpi).orElseThrow().name()).isEqualTo("hpc");
    PolicyTarget other = new PolicyTarget(VC, "Job", "default", "other", Map.of());
    assertThat(resolver.placementFor(other).clusterAffinity().clusterNames()).containsExactly("fallback");
  }

  @Test
  void aNamespacedPolicyOnlySelectsItsNamespaceAndBeatsAnEqualClusterPolicy() {
    resolver.put(policy("elsewhere", "other", 9, kindOnly(), "x"));
    assertThat(resolver.resolve(mpi)).isEmpty();
    resolver.put(policy("z-cluster", null, 0, kindOnly(), "cluster"));
    resolver.put(policy("z-cluster", "default", 0, kindOnly(), "namespaced"));
    assertThat(resolver.resolve(mpi).orElseThrow().clusterScoped()).isFalse();
    assertThat(resolver.placementFor(new PolicyTarget("batch/v1", "Job", "default", "k", Map.of()))).isEqualTo(Placement.ANY);
  }

  @Test
  void aNameSelectorIgnoresItsLabelSelectorAsInKarmada() {
    ResourceSelector s = new ResourceSelector(VC, "Job", null, "mpi", new LabelSelector(Map.of("team", "other"), null));
    assertThat(s.matches(mpi)).isTrue();
    assertThat(byLabel("team", "other").matches(mpi)).isFalse();
  }

  @Test
  void clusterAffinityMatchesNamesExclusionsLabelsAndFields() {
    ClusterAffinity a = new ClusterAffinity(
        new LabelSelector(null, List.of(new LabelSelectorRequirement("gpu", "Exists", null))),
        new FieldSelector(List.of(new LabelSelectorRequirement("region", "NotIn", List.of("cn-south-1")))),
        List.of("m1", "m2"), List.of("m2"));
    assertThat(a.matches("m1", Map.of("gpu", "h100"), Map.of("region", "eu-west-1"))).isTrue();
    assertThat(a.matches("m2", Map.of("gpu", "h100"), Map.of())).isFalse();
    assertThat(a.matches("m1", Map.of(), Map.of())).isFalse();
    assertThat(a.matches("m1", Map.of("gpu", "a"), Map.of("region", "cn-south-1"))).isFalse();
    assertThat(a.matches("m3", Map.of("gpu", "a"), Map.of())).isFalse();
  }

  @Test
  void tolerationsFollowKubernetesRules() {
    assertThat(new ClusterToleration(null, "Exists", null, null, null).tolerates("any", "v", "NoExecute")).isTrue();
    assertThat(new ClusterToleration(null, null, null, "NoSchedule", null).tolerates("k", "v", "NoSchedule")).isFalse();
    assertThat(new ClusterToleration("k", "Equal", "v", "NoSchedule", null).tolerates("k", "v", "NoSchedule")).isTrue();
    assertThat(new ClusterToleration("k", "Equal", "v", "NoSchedule", null).tolerates("k", "v", "NoExecute")).isFalse();
  }
}
