package io.argosy.queue.job;

/** The Kubernetes kind a job was submitted as; agents recreate that object in the member cluster. */
public enum JobKind {
  VOLCANO_JOB("batch.volcano.sh/v1alpha1", "Job"),
  BATCH_JOB("batch/v1", "Job"),
  /** A bare Pod: a gang of one. */
  POD("v1", "Pod");

  private final String apiVersion;
  private final String kind;

  JobKind(String apiVersion, String kind) {
    this.apiVersion = apiVersion;
    this.kind = kind;
  }

  public String apiVersion() {
    return apiVersion;
  }

  public String kind() {
    return kind;
  }
}
