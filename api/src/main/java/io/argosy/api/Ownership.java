package io.argosy.api;

/**
 * Labels and annotations Argosy writes on the objects an agent creates. The agent finds, reports
 * and deletes exactly the objects carrying {@link #MANAGED_BY}{@code =}{@link #ARGOSY}.
 */
public final class Ownership {
  private Ownership() {}

  public static final String MANAGED_BY = "argosy.io/managed-by";
  public static final String ARGOSY = "argosy";
  /** Label: the job as {@link PodNames#labelValue(String)}. */
  public static final String JOB = "argosy.io/job";
  /** Label: the binding id. */
  public static final String BINDING = "argosy.io/binding";
  /** Label: the task name. */
  public static final String TASK = "argosy.io/task";
  /** Annotation: the job id exactly, {@code namespace/name} (labels cannot hold it). */
  public static final String JOB_ID = "argosy.io/job-id";
  /** Annotation: the pod's {@code io.argosy.gpu.fit.Assignment} as JSON, for every device mode. */
  public static final String DEVICES = io.argosy.gpu.inventory.AssignmentAnnotation.KEY;
  /** Annotation in simulated member clusters: a pod's runtime in seconds, on the job or its pod template. */
  public static final String SIM_RUNTIME = "sim.argosy.io/runtime-seconds";
  /**
   * Annotation on a dependency (ConfigMap, Secret, ...) an agent created: the bindings using it,
   * comma-separated. The agent deletes the object when none of them has a live pod any more.
   */
  public static final String USED_BY = "argosy.io/used-by";
  /** Annotation on a Volcano Job: pod name to node, the placement the agent pinned. */
  public static final String PLACEMENT = "argosy.io/placement";
}
