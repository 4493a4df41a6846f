package io.argosy.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The agent's kubeconfig reader gives the client configuration fabric8's own reader gives. */
class KubeconfigsTest {
  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static void same(String yaml) {
    Config ours = Kubeconfigs.read(yaml);
    Config fabric8 = Config.fromKubeconfig(yaml);
    assertThat(ours).isEqualTo(fabric8);
    assertThat(ours.getMasterUrl()).isEqualTo(fabric8.getMasterUrl());
  }

  @Test
  void bearerTokenAndNamespace() {
    String yaml = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: east
          cluster: {server: "http://127.0.0.1:6443"}
        users:
        - name: admin
          user: {token: s3cret}
        contexts:
        - name: east
          context: {cluster: east, user: admin, namespace: batch}
        current-context: east
        """;
    same(yaml);
    // equality is field by field: another token is another configuration
    assertThat(Kubeconfigs.read(yaml.replace("s3cret", "other"))).isNotEqualTo(Config.fromKubeconfig(yaml));
  }

  @Test
  void certificatesAndTheCurrentOfSeveralContexts() {
    same("""
        apiVersion: v1
        kind: Config
        clusters:
        - name: a
          cluster: {server: "https://a.example:6443", certificate-authority-data: %s, tls-server-name: api.a}
        - name: b
          cluster: {server: "https://b.example:6443", insecure-skip-tls-verify: true, proxy-url: "http://proxy:3128"}
        users:
        - name: ua
          user: {client-certificate-data: %s, client-key-data: %s}
        - name: ub
          user: {username: u, password: p}
        contexts:
        - name: a
          context: {cluster: a, user: ua}
        - name: b
          context: {cluster: b, user: ub, namespace: gpu}
        current-context: b
        preferences: {}
        extensions:
        - name: ext
          extension: {note: kept}
        """.formatted(b64("ca"), b64("cert"), b64("key")));
  }

  @Test
  void aKubeconfigFabric8RefusesIsRefused() {
    String notYaml = "clusters: [ {name: a, cluster: {server: ";
    assertThatThrownBy(() -> Config.fromKubeconfig(notYaml)).isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> Kubeconfigs.read(notYaml)).isInstanceOf(RuntimeException.class);
  }
}
