package io.argosy.api;

import java.util.Objects;

/**
 * An object a job's pods reference (ConfigMap, Secret, ServiceAccount, PersistentVolumeClaim),
 * carried in a {@link Binding} so the agent creates it in the member cluster before the pods.
 *
 * @param kind {@code ConfigMap}, {@code Secret}, {@code ServiceAccount} or {@code PersistentVolumeClaim}
 * @param manifest the object as JSON ({@code apiVersion: v1}); a Secret's data: never log it
 */
public record Dependency(String kind, String namespace, String name, String manifest) {
  public Dependency {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(manifest, "manifest");
  }

  /** {@code Kind/namespace/name}. */
  public String key() {
    return kind + "/" + namespace + "/" + name;
  }

  @Override
  public String toString() {
    return "Dependency[" + key() + "]"; // never the manifest: it may hold a Secret
  }
}
