package io.argosy.queue.manifest;

import io.argosy.queue.job.ServiceWorkload;

/** An {@code apps/v1} Deployment, parsed into a service workload (scheduled in a later issue). */
public record DeploymentManifest(int documentIndex, ServiceWorkload workload) implements Manifest {
  @Override
  public String apiVersion() {
    return "apps/v1";
  }

  @Override
  public String kind() {
    return "Deployment";
  }

  @Override
  public String displayName() {
    return workload.id().toString();
  }
}
