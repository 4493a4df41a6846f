package io.argosy.gpu;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Node manifests under src/test/resources/nodes, as the device plugins publish them. */
public final class Fixtures {
  private Fixtures() {}

  public static String text(String resource) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Node node(String name) {
    return Manifests.node(text("nodes/" + name + ".yaml"));
  }

  /** A pod bound to a node with one container asking for {@code limits} (YAML flow text). */
  public static Pod boundPod(String name, String limits) {
    return Manifests.pod("""
        apiVersion: v1
        kind: Pod
        metadata: {name: %s}
        spec:
          containers:
          - name: main
            resources:
              limits: {%s}
        status: {phase: Running}
        """.formatted(name, limits));
  }
}
