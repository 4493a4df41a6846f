package io.argosy.core.security;

import java.util.Locale;

/** What a token may do. docs/security.md has the table of endpoints per role. */
public enum Role {
  /** Everything: queues, quotas, priority classes, policy, clusters, every job, the audit log. */
  ADMIN,
  /** Submits jobs to its queues, and sees and cancels only the jobs of those queues; reads the rest. */
  SUBMITTER,
  /** Reads everything but the audit log; changes nothing. */
  VIEWER,
  /** A member cluster's agent: the agent endpoint only, and only as its own cluster. */
  AGENT;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code admin}, {@code submitter}, {@code viewer}, {@code agent}; null for anything else. */
  public static Role parse(String s) {
    if (s == null) {
      return null;
    }
    for (Role r : values()) {
      if (r.wire().equals(s.strip().toLowerCase(Locale.ROOT))) {
        return r;
      }
    }
    return null;
  }
}
