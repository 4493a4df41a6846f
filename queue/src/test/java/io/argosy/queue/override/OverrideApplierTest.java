package io.argosy.queue.override;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argosy.queue.override.Overriders.CommandArgsOverrider;
import io.argosy.queue.override.Overriders.Component;
import io.argosy.queue.override.Overriders.ImageOverrider;
import io.argosy.queue.override.Overriders.MetadataOverrider;
import io.argosy.queue.override.Overriders.Operator;
import io.argosy.queue.override.Overriders.PlaintextOverrider;
import io.argosy.queue.placement.ClusterAffinity;
import io.argosy.queue.placement.LabelSelector;
import io.argosy.queue.placement.PolicyTarget;
import io.argosy.queue.placement.ResourceSelector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverrideApplierTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String BATCH = """
      {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"train","namespace":"default","labels":{"team":"ml"}},
       "spec":{"template":{"metadata":{"labels":{"app":"train"}},"spec":{
         "initContainers":[{"name":"fetch","image":"busybox:1.36"}],
         "containers":[{"name":"main","image":"docker.io/library/pytorch:2.3","command":["python"],"args":["train.py","--fast"]},
                       {"name":"side","image":"localhost:5000/sidecar@sha256:abc"}]}}}}
      """;
  static final String VOLCANO = """
      {"apiVersion":"batch.volcano.sh/v1alpha1","kind":"Job","metadata":{"name":"mpi","namespace":"default"},
       "spec":{"tasks":[{"name":"master","template":{"spec":{"containers":[{"name":"m","image":"mpi:1"}]}}},
                        {"name":"worker","template":{"spec":{"containers":[{"name":"w","image":"mpi:1"}]}}}]}}
      """;

  static OverridePolicy policy(String name, String ns, ClusterAffinity target, Overriders o) {
    return new OverridePolicy(name, ns, ns == null, List.of(), List.of(new OverrideRule(target, o)));
  }

  static Overriders image(ImageOverrider... io) {
    return new Overriders(List.of(io), null, null, null, null, null);
  }

  static JsonNode apply(String manifest, String cluster, OverridePolicy... ps) throws Exception {
    return JSON.readTree(OverrideApplier.apply(manifest, List.of(ps), cluster, Map.of("region", "eu"), Map.of("region", "eu"))
        .manifest());
  }

  static JsonNode containers(JsonNode job) {
    return job.path("spec").path("template").path("spec").path("containers");
  }

  @Test
  void imageOverriderChangesEachComponentOfEveryContainerImage() throws Exception {
    JsonNode r = apply(BATCH, "eu-1", policy("reg", null, null, image(new ImageOverrider(null, Component.Registry, Operator.replace, "registry.eu"))));
    assertThat(containers(r).get(0).path("image").asText()).isEqualTo("registry.eu/library/pytorch:2.3");
    assertThat(containers(r).get(1).path("image").asText()).isEqualTo("registry.eu/sidecar@sha256:abc");
    assertThat(r.at("/spec/template/spec/initContainers/0/image").asText()).isEqualTo("registry.eu/busybox:1.36");

    r = apply(BATCH, "eu-1", policy("tag", null, null, image(new ImageOverrider(null, Component.Tag, Operator.replace, "2.4"))));
    assertThat(containers(r).get(0).path("image").asText()).isEqualTo("docker.io/library/pytorch:2.4");
    r = apply(BATCH, "eu-1", policy("repo", null, null, image(new ImageOverrider(null, Component.Repository, Operator.add, "-cuda"))));
    assertThat(containers(r).get(0).path("image").asText()).isEqualTo("docker.io/library/pytorch-cuda:2.3");
    r = apply(BATCH, "eu-1", policy("rm", null, null, image(new ImageOverrider(null, Component.Registry, Operator.remove, null))));
    assertThat(containers(r).get(0).path("image").asText()).isEqualTo("library/pytorch:2.3");
    r = apply(BATCH, "eu-1", policy("pred", null, null,
        image(new ImageOverrider("/spec/template/spec/containers/1/image", Component.Tag, Operator.add, "v2"))));
    assertThat(containers(r).get(0).path("image").asText()).as("the predicate narrows to one image").isEqualTo("docker.io/library/pytorch:2.3");
    assertThat(containers(r).get(1).path("image").asText()).isEqualTo("localhost:5000/sidecar:v2@sha256:abc");
  }

  @Test
  void imageOverriderReachesEveryVolcanoTask() throws Exception {
    JsonNode r = apply(VOLCANO, "eu-1", policy("reg", null, null, image(new ImageOverrider(null, Component.Registry, Operator.add, "hub.cn"))));
    assertThat(r.at("/spec/tasks/0/template/spec/containers/0/image").asText()).isEqualTo("hub.cn/mpi:1");
    assertThat(r.at("/spec/tasks/1/template/spec/containers/0/image").asText()).isEqualTo("hub.cn/mpi:1");
  }

  @Test
  void commandAndArgsOverridersAddAndRemoveValuesOfTheNamedContainer() throws Exception {
    Overriders o = new Overriders(null, List.of(new CommandArgsOverrider("main", Operator.add, List.of("-u"))),
        List.of(new CommandArgsOverrider("main", Operator.remove, List.of("--fast")),
            new CommandArgsOverrider("side", Operator.add, List.of("--verbose"))), null, null, null);
    JsonNode r = apply(BATCH, "eu-1", policy("cmd", null, null, o));
    assertThat(containers(r).get(0).path("command").toString()).isEqualTo("[\"python\",\"-u\"]");
    assertThat(containers(r).get(0).path("args").toString()).isEqualTo("[\"train.py\"]");
    assertThat(containers(r).get(1).path("args").toString()).isEqualTo("[\"--verbose\"]");
  }

  @Test
  void labelsAndAnnotationsOverridersEditTheObjectAndItsPodTemplates() throws Exception {
    Overriders o = new Overriders(null, null, null,
        List.of(new MetadataOverrider(Operator.add, Map.of("region", "eu")), new MetadataOverrider(Operator.remove, Map.of("team", "")),
            new MetadataOverrider(Operator.replace, Map.of("app", "train-eu", "absent", "x"))),
        List.of(new MetadataOverrider(Operator.add, Map.of("cost-center", "42"))), null);
    JsonNode r = apply(BATCH, "eu-1", policy("meta", null, null, o));
    assertThat(r.at("/metadata/labels").toString()).isEqualTo("{\"region\":\"eu\"}");
    assertThat(r.at("/spec/template/metadata/labels").toString()).isEqualTo("{\"app\":\"train-eu\",\"region\":\"eu\"}");
    assertThat(r.at("/metadata/annotations/cost-center").asText()).isEqualTo("42");
    assertThat(r.at("/spec/template/metadata/annotations/cost-center").asText()).isEqualTo("42");
  }

  @Test
  void plaintextAppliesJsonPatchAddRemoveReplace() throws Exception {
    Overriders o = new Overriders(null, null, null, null, null, List.of(
        new PlaintextOverrider("/spec/template/spec/containers/0/image", Operator.replace, "eu/pytorch:2"),
        new PlaintextOverrider("/spec/template/spec/nodeSelector", Operator.add, Map.of("disk", "ssd")),
        new PlaintextOverrider("/spec/template/spec/containers/-", Operator.add, Map.of("name", "extra", "image", "x")),
        new PlaintextOverrider("/spec/template/spec/initContainers/0", Operator.remove, null),
        new PlaintextOverrider("/metadata/labels/team", Operator.remove, null)));
    OverrideApplier.Result res = OverrideApplier.apply(BATCH, List.of(policy("patch", "default", null, o)), "eu-1", Map.of(), Map.of());
    JsonNode r = JSON.readTree(res.manifest());
    assertThat(containers(r).get(0).path("image").asText()).isEqualTo("eu/pytorch:2");
    assertThat(r.at("/spec/template/spec/nodeSelector/disk").asText()).isEqualTo("ssd");
    assertThat(containers(r)).hasSize(3);
    assertThat(r.at("/spec/template/spec/initContainers")).isEmpty();
    assertThat(r.at("/metadata/labels").toString()).isEqualTo("{}");
    assertThat(res.changes()).hasSize(5).allMatch(c -> c.startsWith("OverridePolicy default/patch rule 0: "));
  }

  @Test
  void aPathThatDoesNotExistFailsNamingThePolicyAndRule() {
    Overriders o = new Overriders(null, null, null, null, null,
        List.of(new PlaintextOverrider("/spec/replicas/x", Operator.replace, 1)));
    assertThatThrownBy(() -> OverrideApplier.apply(BATCH, List.of(policy("bad", null, null, o)), "c", Map.of(), Map.of()))
        .isInstanceOf(OverrideException.class)
        .hasMessageContaining("ClusterOverridePolicy bad rule 0").hasMessageContaining("/spec/replicas/x");
    Overriders missing = new Overriders(null, null, null, null, null,
        List.of(new PlaintextOverrider("/spec/template/spec/hostname", Operator.replace, "x")));
    assertThatThrownBy(() -> OverrideApplier.apply(BATCH, List.of(policy("bad", null, null, missing)), "c", Map.of(), Map.of()))
        .hasMessageContaining("does not exist");
  }

  @Test
  void rulesApplyOnlyInTheirTargetClustersAndPoliciesInKarmadasOrder() throws Exception {
    ClusterAffinity eu = new ClusterAffinity(new LabelSelector(Map.of("region", "eu"), null), null, null, null);
    ClusterAffinity us = new ClusterAffinity(null, null, List.of("us-1"), null);
    OverridePolicy clusterWide = policy("z-cluster", null, eu, image(new ImageOverrider(null, Component.Registry, Operator.replace, "cluster.eu")));
    OverridePolicy namespaced = policy("a-ns", "default", eu, image(new ImageOverrider(null, Component.Registry, Operator.replace, "ns.eu")));
    OverridePolicy usOnly = policy("us", null, us, image(new ImageOverrider(null, Component.Registry, Operator.replace, "us")));
    PolicyTarget t = new PolicyTarget("batch/v1", "Job", "default", "train", Map.of());
    List<OverridePolicy> order = OverrideResolver.applicable(List.of(namespaced, usOnly, clusterWide), t);
    assertThat(order).extracting(OverridePolicy::name).containsExactly("us", "z-cluster", "a-ns");
    JsonNode r = JSON.readTree(OverrideApplier.apply(BATCH, order, "eu-1", Map.of("region", "eu"), Map.of()).manifest());
    assertThat(containers(r).get(0).path("image").asText()).as("the namespaced policy has the last word").isEqualTo("ns.eu/library/pytorch:2.3");
    r = JSON.readTree(OverrideApplier.apply(BATCH, order, "us-1", Map.of("region", "us"), Map.of()).manifest());
    assertThat(containers(r).get(0).path("image").asText()).isEqualTo("us/library/pytorch:2.3");
  }

  @Test
  void resourceSelectorsAndNamespaceDecideWhichPoliciesSelectAJob() {
    PolicyTarget t = new PolicyTarget("batch/v1", "Job", "team-a", "train", Map.of("app", "x"));
    OverridePolicy other = new OverridePolicy("p", "team-b", false, List.of(), List.of());
    OverridePolicy byKind = new OverridePolicy("p", null, true, List.of(new ResourceSelector("batch/v1", "Job", null, null, null)), List.of());
    OverridePolicy deployments = new OverridePolicy("p", null, true,
        List.of(new ResourceSelector("apps/v1", "Deployment", null, null, null)), List.of());
    assertThat(other.selects(t)).isFalse();
    assertThat(byKind.selects(t)).isTrue();
    assertThat(deployments.selects(t)).isFalse();
    assertThat(new OverridePolicy("all", "team-a", false, List.of(), List.of()).selects(t)).isTrue();
  }
}
