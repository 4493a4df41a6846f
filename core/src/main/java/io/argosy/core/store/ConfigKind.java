package io.argosy.core.store;

/**
 * The configuration objects the control plane keeps, each a JSON document under a name. Each kind
 * has its own table, so a server database can index and constrain them separately.
 */
public enum ConfigKind {
  /** Tenant queues with their quota ({@code QueueSpec}). */
  QUEUE("queues"),
  /** Kubernetes PriorityClasses. */
  PRIORITY_CLASS("priority_classes"),
  /** Karmada (Cluster)PropagationPolicies, as submitted. */
  PLACEMENT_POLICY("placement_policies"),
  /** Member clusters: cordon, admin taints, first seen, last Hello. */
  CLUSTER("clusters"),
  /** Settings such as the scheduling policy. */
  SETTING("settings"),
  /** Karmada (Cluster)OverridePolicies, as submitted (schema v3). */
  OVERRIDE_POLICY("override_policies"),
  /**
   * Objects jobs depend on (ConfigMaps, Secrets, ServiceAccounts, PersistentVolumeClaims), keyed
   * {@code Kind/namespace/name}; Secret data encrypted (schema v3).
   */
  DEPENDENCY("dependencies"),
  /** The manifest a binding sent after override policies, when they changed it, keyed by binding id (schema v3). */
  BINDING_MANIFEST("binding_manifests");

  private final String table;

  ConfigKind(String table) {
    this.table = table;
  }

  public String table() {
    return table;
  }
}
