package io.argosy.api;

/**
 * Labels and annotations on the Deployments (and their pods) the agents create for service
 * workloads. The pods carry no {@link Ownership#MANAGED_BY} label: they are not job pods, and
 * count against capacity like any other pod of the cluster.
 */
public final class ServiceOwnership {
  private ServiceOwnership() {}

  /** Label on the Deployment and its pod template: the service as {@link PodNames#labelValue(String)} of {@code namespace/name}. */
  public static final String SERVICE = "argosy.io/service";
  /** Annotation on the Deployment: the service {@code namespace/name}. */
  public static final String SERVICE_ID = "argosy.io/service-id";
  /** Annotation on the Deployment: the control plane's revision of the service it applied. */
  public static final String REVISION = "argosy.io/service-revision";
}
