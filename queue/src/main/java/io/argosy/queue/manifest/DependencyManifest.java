package io.argosy.queue.manifest;

/**
 * An object jobs depend on (a ConfigMap, Secret, ServiceAccount or PersistentVolumeClaim), kept by
 * the control plane and created in whichever member cluster a job using it lands on.
 *
 * @param json the document as compact JSON with its namespace set (a Secret's data included: never log it)
 */
public record DependencyManifest(int documentIndex, String kind, String namespace, String name, String json)
    implements Manifest {
  @Override
  public String apiVersion() {
    return "v1";
  }

  @Override
  public String displayName() {
    return namespace + "/" + name;
  }

  /** {@code Kind/namespace/name}: the key a job's references are looked up by. */
  public String key() {
    return kind + "/" + namespace + "/" + name;
  }

  @Override
  public String toString() {
    return "DependencyManifest[" + key() + "]"; // never the content: it may be a Secret
  }
}
