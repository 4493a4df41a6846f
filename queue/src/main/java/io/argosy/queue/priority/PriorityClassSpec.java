package io.argosy.queue.priority;

/**
 * A Kubernetes {@code scheduling.k8s.io/v1} PriorityClass.
 *
 * @param value the priority; higher runs (and preempts) first
 * @param globalDefault whether jobs without a priorityClassName get this value
 * @param preemptionPolicy {@code PreemptLowerPriority} (default) or {@code Never}
 */
public record PriorityClassSpec(String name, int value, boolean globalDefault, String preemptionPolicy, String description) {
  public static final String PREEMPT_LOWER_PRIORITY = "PreemptLowerPriority";
  public static final String NEVER = "Never";

  public PriorityClassSpec {
    preemptionPolicy = preemptionPolicy == null || preemptionPolicy.isEmpty() ? PREEMPT_LOWER_PRIORITY : preemptionPolicy;
    description = description == null ? "" : description;
  }

  /** False when jobs of this class must not evict others ({@code preemptionPolicy: Never}). */
  public boolean mayPreempt() {
    return !NEVER.equals(preemptionPolicy);
  }
}
