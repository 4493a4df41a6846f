package io.argosy.core.view;

import io.argosy.core.store.AuditEntry;
import java.util.List;

/** An audit log entry as {@code GET /v1/audit} shows it ({@code at} in RFC 3339, UTC). */
public record AuditView(long id, String at, String who, String role, String method, String path, int status,
    List<String> objects) {
  public static AuditView of(AuditEntry e) {
    return new AuditView(e.id(), e.at().toString(), e.who(), e.role(), e.method(), e.path(), e.status(), e.objects());
  }
}
