package io.argosy.agent.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.agent.sim.FleetFile;
import io.argosy.agent.sim.SimOptions;
import io.argosy.agent.sim.SimulatedCluster;
import io.argosy.api.Dependency;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Dependencies against a simulated member cluster over HTTP: created labelled, shared, deleted, others' left alone. */
class DependencyWriterTest {
  SimulatedCluster cluster;
  KubernetesClient client;
  DependencyWriter writer;

  @BeforeEach
  void setUp() {
    cluster = SimulatedCluster.start(FleetFile.parse("""
        clusters:
          - name: m
            nodes: [{namePrefix: cpu, count: 1, cpu: "4", memory: 8Gi}]
        """).clusters().get(0), new SimOptions(0.01, 50, 10));
    client = cluster.client();
    writer = new DependencyWriter(client);
  }

  @AfterEach
  void tearDown() {
    cluster.close();
  }

  static Dependency configMap(String name, String value) {
    return new Dependency("ConfigMap", "default", name,
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"default\"},"
            + "\"data\":{\"k\":\"" + value + "\"}}");
  }

  @Test
  void createdObjectsAreLabelledSharedByBindingsAndDeletedButAUsersOwnObjectIsNeverTouched() {
    client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("users-own")
        .endMetadata().addToData("k", "theirs").build()).create();
    Dependency secret = new Dependency("Secret", "default", "token",
        "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"token\",\"namespace\":\"default\"},\"data\":{\"t\":\"c2VjcmV0\"}}");

    List<String> managed = writer.apply(List.of(configMap("cfg", "1"), secret, configMap("users-own", "ours")), "b-1");
    assertThat(managed).containsExactly("ConfigMap/default/cfg", "Secret/default/token");
    var cfg = client.configMaps().inNamespace("default").withName("cfg").get();
    assertThat(cfg.getData()).containsEntry("k", "1");
    assertThat(cfg.getMetadata().getLabels()).containsEntry("argosy.io/managed-by", "argosy");
    assertThat(cfg.getMetadata().getAnnotations()).containsEntry("argosy.io/used-by", "b-1");
    assertThat(client.secrets().inNamespace("default").withName("token").get().getData()).containsEntry("t", "c2VjcmV0");
    assertThat(client.configMaps().inNamespace("default").withName("users-own").get().getData()).containsEntry("k", "theirs");

    assertThat(writer.apply(List.of(configMap("cfg", "1")), "b-2")).containsExactly("ConfigMap/default/cfg");
    assertThat(client.configMaps().inNamespace("default").withName("cfg").get().getMetadata().getAnnotations())
        .containsEntry("argosy.io/used-by", "b-1,b-2");

    assertThat(writer.delete("ConfigMap/default/users-own", configMap("users-own", "ours").manifest())).isFalse();
    assertThat(client.configMaps().inNamespace("default").withName("users-own").get()).isNotNull();
    assertThat(writer.delete("ConfigMap/default/cfg", configMap("cfg", "1").manifest())).isTrue();
    assertThat(client.configMaps().inNamespace("default").withName("cfg").get()).isNull();
    assertThat(writer.delete("Secret/default/token", secret.manifest())).isTrue();
    assertThat(client.secrets().inNamespace("default").withName("token").get()).isNull();
  }
}
