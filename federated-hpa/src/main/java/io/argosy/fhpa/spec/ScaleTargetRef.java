package io.argosy.fhpa.spec;

/** {@code spec.scaleTargetRef}: the workload (or, for a CronFederatedHPA, possibly a FederatedHPA) to scale. */
public record ScaleTargetRef(String apiVersion, String kind, String name) {

  public boolean isFederatedHpa() {
    return "FederatedHPA".equals(kind);
  }

  static ScaleTargetRef parse(Node n) {
    String apiVersion = n.string("apiVersion");
    return new ScaleTargetRef(apiVersion == null ? "" : apiVersion, n.requiredString("kind"), n.requiredString("name"));
  }

  @Override
  public String toString() {
    return kind + "/" + name;
  }
}
