package io.argosy.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One mutating API call: who (the token entry's name), its role, the method and path, the answer's
 * status, when, and the objects it named. Never the token or the request body.
 *
 * @param id the store's sequence (0 before it is written)
 */
public record AuditEntry(long id, Instant at, String who, String role, String method, String path, int status,
    List<String> objects) {
  public AuditEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(who, "who");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    objects = objects == null ? List.of() : List.copyOf(objects);
  }
}
