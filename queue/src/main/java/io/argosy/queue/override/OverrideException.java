package io.argosy.queue.override;

/** An override that cannot be applied to a manifest (a JSON-patch path that does not exist, say). */
public final class OverrideException extends RuntimeException {
  private final String policy;

  public OverrideException(String policy, String message) {
    super(policy + ": " + message);
    this.policy = policy;
  }

  /** The policy and rule, e.g. {@code OverridePolicy default/eu rule 0}. */
  public String policy() {
    return policy;
  }
}
