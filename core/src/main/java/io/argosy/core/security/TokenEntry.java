package io.argosy.core.security;

import java.util.List;

/**
 * One line of the tokens file: who, with which role, limited to which queues or cluster, and the
 * SHA-256 of the token (hex). The token itself is never stored.
 */
public record TokenEntry(String name, Role role, List<String> queues, String cluster, String sha256) {
  public TokenEntry {
    queues = queues == null ? List.of() : List.copyOf(queues);
  }

  public Principal principal() {
    return new Principal(name, role, java.util.Set.copyOf(queues), cluster);
  }
}
