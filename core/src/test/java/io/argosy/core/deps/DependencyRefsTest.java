package io.argosy.core.deps;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DependencyRefsTest {
  @Test
  void everyKindOfReferenceInEveryPodTemplateIsFound() {
    String volcano = """
        {"apiVersion":"batch.volcano.sh/v1alpha1","kind":"Job","metadata":{"name":"j","namespace":"ml"},"spec":{"tasks":[
          {"name":"a","template":{"spec":{"serviceAccountName":"trainer","imagePullSecrets":[{"name":"regcred"}],
            "volumes":[{"name":"v","configMap":{"name":"cfg"}},{"name":"d","persistentVolumeClaim":{"claimName":"data"}},
                       {"name":"p","projected":{"sources":[{"secret":{"name":"proj"}}]}}],
            "containers":[{"name":"c","envFrom":[{"secretRef":{"name":"env-secret"}}],
                           "env":[{"name":"X","valueFrom":{"configMapKeyRef":{"name":"keys","key":"x"}}}]}]}}},
          {"name":"b","template":{"spec":{"serviceAccountName":"default","containers":[{"name":"c"}]}}}]}}
        """;
    assertThat(DependencyRefs.of(volcano)).containsExactlyInAnyOrder("ConfigMap/ml/cfg", "PersistentVolumeClaim/ml/data",
        "Secret/ml/proj", "Secret/ml/env-secret", "ConfigMap/ml/keys", "Secret/ml/regcred", "ServiceAccount/ml/trainer");
    assertThat(DependencyRefs.of("{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"},\"spec\":{\"volumes\":[{\"secret\":{\"secretName\":\"s\"}}]}}"))
        .containsExactly("Secret/default/s");
  }
}
