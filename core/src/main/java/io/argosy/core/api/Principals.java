package io.argosy.core.api;

import io.argosy.core.control.QuotaAudit;
import io.vertx.ext.web.RoutingContext;

/**
 * Who made a request, for audit entries. The one place to change when authentication names
 * principals: the Vert.x user's subject, else a {@code principal} the authentication handler put on
 * the context, else {@code anonymous}.
 */
final class Principals {
  static final String CONTEXT_KEY = "principal";

  private Principals() {}

  static String who(RoutingContext ctx) {
    var user = ctx.user();
    if (user != null && user.subject() != null && !user.subject().isBlank()) {
      return user.subject();
    }
    Object p = ctx.get(CONTEXT_KEY);
    return p == null || p.toString().isBlank() ? QuotaAudit.ANONYMOUS : p.toString();
  }
}
