package io.argosy.queue.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.demand.DemandParser;
import io.argosy.queue.override.OverridePolicy;
import io.argosy.queue.override.Overriders;
import io.argosy.queue.placement.PropagationPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class KarmadaOverrideDecoderTest {
  private final ManifestParser parser = new ManifestParser(new DemandParser(Catalog.builtin()), NameGenerator.seeded(1));

  private static String op(String overriders) {
    return """
        apiVersion: policy.karmada.io/v1alpha1
        kind: OverridePolicy
        metadata: {name: eu, namespace: ml}
        spec:
          resourceSelectors: [{apiVersion: batch/v1, kind: Job}]
          overrideRules:
            - targetCluster: {clusterNames: [eu-1], fieldSelector: {matchExpressions: [{key: region, operator: In, values: [eu]}]}}
              overriders:
        %s
        """.formatted(overriders.indent(8));
  }

  private ManifestException rejected(String yaml) {
    try {
      parser.parse(yaml);
    } catch (ManifestException e) {
      return e;
    }
    throw new AssertionError("accepted: " + yaml);
  }

  @Test
  void everyOverriderIsRead() {
    OverridePolicyManifest m = (OverridePolicyManifest) parser.parse(op("""
        imageOverrider: [{component: Registry, operator: replace, value: registry.eu}]
        commandOverrider: [{containerName: main, operator: add, value: ["-u"]}]
        argsOverrider: [{containerName: main, operator: remove, value: ["--fast"]}]
        labelsOverrider: [{operator: add, value: {region: eu}}]
        annotationsOverrider: [{operator: remove, value: {note: ""}}]
        plaintext: [{path: /spec/template/spec/nodeSelector, operator: add, value: {disk: ssd}}, {path: /metadata/labels/x, operator: remove}]
        """)).get(0);
    OverridePolicy p = m.policy();
    assertThat(m.kind()).isEqualTo("OverridePolicy");
    assertThat(p.namespace()).isEqualTo("ml");
    assertThat(p.rules()).hasSize(1);
    Overriders o = p.rules().get(0).overriders();
    assertThat(o.image()).containsExactly(new Overriders.ImageOverrider(null, Overriders.Component.Registry, Overriders.Operator.replace, "registry.eu"));
    assertThat(o.command().get(0).value()).containsExactly("-u");
    assertThat(o.args().get(0).operator()).isEqualTo(Overriders.Operator.remove);
    assertThat(o.labels().get(0).value()).containsEntry("region", "eu");
    assertThat(o.annotations()).hasSize(1);
    assertThat(o.plaintext()).hasSize(2);
    assertThat(p.rules().get(0).targets("eu-1", java.util.Map.of(), java.util.Map.of("region", "eu"))).isTrue();
    assertThat(p.rules().get(0).targets("eu-2", java.util.Map.of(), java.util.Map.of("region", "eu"))).isFalse();
  }

  @Test
  void anUnknownOverriderIsRejectedWithItsFieldPath() {
    ManifestException e = rejected(op("fooOverrider: [{operator: add}]"));
    assertThat(e.field()).isEqualTo("spec.overrideRules[0].overriders.fooOverrider");
    assertThat(e.reason()).contains("unknown overrider").contains("imageOverrider");
    assertThat(rejected(op("fieldOverrider: []")).field()).isEqualTo("spec.overrideRules[0].overriders.fieldOverrider");
  }

  @Test
  void aBadJsonPatchPathIsRejectedWithItsFieldPath() {
    ManifestException e = rejected(op("plaintext: [{path: spec/replicas, operator: replace, value: 1}]"));
    assertThat(e.field()).isEqualTo("spec.overrideRules[0].overriders.plaintext[0].path");
    assertThat(e.reason()).contains("invalid JSON-patch path").contains("must start with '/'");
    assertThat(rejected(op("plaintext: [{path: /a~2b, operator: add, value: 1}]")).field())
        .isEqualTo("spec.overrideRules[0].overriders.plaintext[0].path");
    assertThat(rejected(op("plaintext: [{path: /a, operator: move, value: 1}]")).field())
        .isEqualTo("spec.overrideRules[0].overriders.plaintext[0].operator");
    assertThat(rejected(op("plaintext: [{path: /a, operator: add}]")).field())
        .isEqualTo("spec.overrideRules[0].overriders.plaintext[0].value");
  }

  @Test
  void badImageAndCommandOverridersAreRejectedWithTheirFieldPaths() {
    assertThat(rejected(op("imageOverrider: [{component: Host, operator: replace, value: x}]")).field())
        .isEqualTo("spec.overrideRules[0].overriders.imageOverrider[0].component");
    assertThat(rejected(op("imageOverrider: [{component: Tag, operator: replace}]")).field())
        .isEqualTo("spec.overrideRules[0].overriders.imageOverrider[0].value");
    assertThat(rejected(op("commandOverrider: [{containerName: main, operator: replace, value: [x]}]")).field())
        .isEqualTo("spec.overrideRules[0].overriders.commandOverrider[0].operator");
    assertThat(rejected(op("argsOverrider: [{operator: add, value: [x]}]")).field())
        .isEqualTo("spec.overrideRules[0].overriders.argsOverrider[0].containerName");
  }

  @Test
  void conflictingClusterAffinityAndClusterAffinitiesAreRejectedWithTheFieldNamed() {
    ManifestException e = rejected("""
        apiVersion: policy.karmada.io/v1alpha1
        kind: PropagationPolicy
        metadata: {name: both}
        spec:
          resourceSelectors: [{apiVersion: batch/v1, kind: Job}]
          placement:
            clusterAffinity: {clusterNames: [a]}
            clusterAffinities: [{affinityName: first, clusterNames: [b]}]
        """);
    assertThat(e.field()).isEqualTo("spec.placement.clusterAffinities");
    assertThat(e.reason()).contains("can not co-exist");
  }

  @Test
  void theClusterDefaultAnnotationIsReadAndOnlyAllowedOnClusterPolicies() {
    String cpp = """
        apiVersion: policy.karmada.io/v1alpha1
        kind: %s
        metadata: {name: fallback, annotations: {policy.argosy.io/cluster-default: "%s"}}
        spec:
          resourceSelectors: [{apiVersion: batch/v1, kind: Job}]
        """;
    PropagationPolicy p = ((PropagationPolicyManifest) parser.parse(cpp.formatted("ClusterPropagationPolicy", "true")).get(0)).policy();
    assertThat(p.clusterDefault()).isTrue();
    assertThat(rejected(cpp.formatted("PropagationPolicy", "true")).field())
        .isEqualTo("metadata.annotations[policy.argosy.io/cluster-default]");
    assertThat(rejected(cpp.formatted("ClusterPropagationPolicy", "yes")).field())
        .isEqualTo("metadata.annotations[policy.argosy.io/cluster-default]");
  }

  @Test
  void theDeprecatedSingleRuleFormIsRead() {
    List<Manifest> ms = parser.parse("""
        apiVersion: policy.karmada.io/v1alpha1
        kind: ClusterOverridePolicy
        metadata: {name: old}
        spec:
          targetCluster: {clusterNames: [a]}
          overriders:
            labelsOverrider: [{operator: add, value: {x: y}}]
        """);
    OverridePolicy p = ((OverridePolicyManifest) ms.get(0)).policy();
    assertThat(p.clusterScoped()).isTrue();
    assertThat(p.rules()).hasSize(1);
    assertThat(p.resourceSelectors()).isEmpty();
  }
}
