package io.argosy.core.security;

import java.util.Objects;
import java.util.Set;

/**
 * Who made a request: the token entry's name and role, and the queues (submitter) or cluster (agent)
 * it is limited to.
 */
public record Principal(String name, Role role, Set<String> queues, String cluster) {
  /** Every caller of a server started without a tokens file: the API is open (loopback by default). */
  public static final Principal OPEN = new Principal("anonymous", Role.ADMIN, Set.of(), null);

  public Principal {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    queues = Set.copyOf(queues);
  }

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }

  /** Whether the REST API (other than the agent endpoint) may be read at all. */
  public boolean mayRead() {
    return role != Role.AGENT;
  }

  /** Whether the jobs of this queue are visible (submitters see only their queues' jobs). */
  public boolean seesQueue(String queue) {
    return switch (role) {
      case ADMIN, VIEWER -> true;
      case SUBMITTER -> queues.contains(queue);
      case AGENT -> false;
    };
  }

  /** Whether jobs may be submitted to, and cancelled or deleted in, this queue. */
  public boolean mayChangeJobsOf(String queue) {
    return role == Role.ADMIN || role == Role.SUBMITTER && queues.contains(queue);
  }
}
