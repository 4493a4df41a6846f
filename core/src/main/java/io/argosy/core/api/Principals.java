package io.argosy.core.api;

import io.argosy.core.control.QuotaAudit;
import io.vertx.ext.web.RoutingContext;

/**
 * Who made a request, for audit entries. The one place to change when authentication names
 * principals: the Vert.x user's subject, else the token's principal the authentication handler put on
 * the context ({@code anonymous} when the API is open).
 */
final class Principals {

  private Principals() {}

  static String who(RoutingContext ctx) {
    var user = ctx.user();
    if (user != null && user.subject() != null && !user.subject().isBlank()) {
      return user.subject();
    }
    io.argosy.core.security.Principal p = ApiServer.principal(ctx);
    return p == null || p.name() == null || p.name().isBlank() ? QuotaAudit.ANONYMOUS : p.name();
  }
}
