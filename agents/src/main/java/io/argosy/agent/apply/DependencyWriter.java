package io.argosy.agent.apply;

import io.argosy.api.Dependency;
import io.argosy.api.Ownership;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Creates the objects a binding's pods reference (ConfigMaps, Secrets, ServiceAccounts, PVCs) in
 * the member cluster, and deletes them when no binding uses them. An object Argosy created carries
 * {@value Ownership#MANAGED_BY} and lists its users in {@value Ownership#USED_BY}; an object that
 * already existed without the label belongs to someone else: it is used as it is and never
 * deleted. Blocking fabric8 calls: run on the agent's write thread. Contents are never logged.
 */
public final class DependencyWriter {
  private final KubernetesClient client;

  public DependencyWriter(KubernetesClient client) {
    this.client = client;
  }

  /** Creates what is missing and records the binding as a user; returns the keys Argosy manages. */
  public List<String> apply(List<Dependency> deps, String bindingId) {
    List<String> managed = new ArrayList<>();
    for (Dependency d : deps) {
      HasMetadata obj = client.getKubernetesSerialization().unmarshal(d.manifest(), HasMetadata.class);
      Map<String, String> labels = new LinkedHashMap<>(obj.getMetadata().getLabels() == null ? Map.of() : obj.getMetadata().getLabels());
      labels.put(Ownership.MANAGED_BY, Ownership.ARGOSY);
      obj.getMetadata().setLabels(labels);
      Map<String, String> ann = new LinkedHashMap<>(obj.getMetadata().getAnnotations() == null ? Map.of() : obj.getMetadata().getAnnotations());
      ann.put(Ownership.USED_BY, bindingId);
      obj.getMetadata().setAnnotations(ann);
      obj.getMetadata().setNamespace(d.namespace());
      obj.getMetadata().setResourceVersion(null);
      try {
        client.resource(obj).inNamespace(d.namespace()).create();
        managed.add(d.key());
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw new KubernetesClientException("cannot create " + d.key() + ": HTTP " + e.getCode(), e.getCode(), null);
        }
        HasMetadata existing = client.resource(obj).inNamespace(d.namespace()).get();
        if (existing != null && isManaged(existing)) {
          client.resource(existing).inNamespace(d.namespace()).edit(o -> {
            Set<String> users = users(o);
            users.add(bindingId);
            o.getMetadata().getAnnotations().put(Ownership.USED_BY, String.join(",", users));
            return o;
          });
          managed.add(d.key());
        }
      }
    }
    return managed;
  }

  /** Deletes an object Argosy created (by {@code Kind/namespace/name}); one made by someone else is left alone. */
  public boolean delete(String key, String manifest) {
    HasMetadata obj = client.getKubernetesSerialization().unmarshal(manifest, HasMetadata.class);
    String ns = key.split("/", 3)[1];
    HasMetadata existing = client.resource(obj).inNamespace(ns).get();
    if (existing == null || !isManaged(existing)) {
      return false;
    }
    client.resource(existing).inNamespace(ns).delete();
    return true;
  }

  private static boolean isManaged(HasMetadata o) {
    Map<String, String> l = o.getMetadata().getLabels();
    return l != null && Ownership.ARGOSY.equals(l.get(Ownership.MANAGED_BY));
  }

  static Set<String> users(HasMetadata o) {
    if (o.getMetadata().getAnnotations() == null) {
      o.getMetadata().setAnnotations(new LinkedHashMap<>());
    }
    String v = o.getMetadata().getAnnotations().get(Ownership.USED_BY);
    return v == null || v.isBlank() ? new LinkedHashSet<>() : new TreeSet<>(Arrays.asList(v.split(",")));
  }
}
