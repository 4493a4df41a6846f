package io.argosy.core.security;

import java.util.regex.Pattern;

/**
 * Which role may call which endpoint (before object-level checks: a submitter's job calls are
 * further limited to its queues by the handlers). Pure, so that the table in docs/security.md is
 * tested directly.
 */
public final class Access {
  private static final Pattern SUBMIT = Pattern.compile("/v1/(jobs|manifests)/?");
  private static final Pattern JOB = Pattern.compile("/v1/jobs/[^/]+/[^/]+/?");
  private static final Pattern CANCEL = Pattern.compile("/v1/jobs/[^/]+/[^/]+/cancel/?");

  private Access() {}

  /** Whether the method changes something (audited, refused to viewers). */
  public static boolean mutating(String method) {
    return !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
  }

  /** Null when allowed, else the reason for a 403. */
  public static String refusal(Principal p, String method, String path) {
    switch (p.role()) {
      case ADMIN:
        return null;
      case AGENT:
        return "an agent token may only call the agent endpoint, as its own cluster";
      case VIEWER:
        if (path.startsWith("/v1/audit")) {
          return "only admins may read the audit log";
        }
        return mutating(method) ? "a viewer token may not change anything" : null;
      case SUBMITTER:
        if (path.startsWith("/v1/audit")) {
          return "only admins may read the audit log";
        }
        if (!mutating(method)) {
          return null;
        }
        boolean allowed = method.equals("POST") && (SUBMIT.matcher(path).matches() || CANCEL.matcher(path).matches())
            || method.equals("DELETE") && JOB.matcher(path).matches();
        return allowed ? null : "a submitter may only submit, cancel and delete jobs of its queues; " + method + " "
            + path + " needs an admin token";
      default:
        return "unknown role";
    }
  }
}
