package io.argosy.gpu;

/**
 * Input that cannot be accepted: a manifest, node or catalog entry. The message always names the
 * field path and the reason, e.g. {@code spec.containers[0].resources.limits[nvidia.com/gpucores]:
 * 120 is over 100}. Callers surface it as HTTP 4xx or CLI exit code 2.
 */
public final class InvalidSpecException extends RuntimeException {
  private final String field;
  private final String reason;

  public InvalidSpecException(String field, String reason) {
    super(field == null || field.isEmpty() ? reason : field + ": " + reason);
    this.field = field == null ? "" : field;
    this.reason = reason;
  }

  /** The field path, e.g. {@code spec.containers[1].resources.limits[nvidia.com/gpu]}. */
  public String field() {
    return field;
  }

  /** The reason without the field path. */
  public String reason() {
    return reason;
  }

  /** The same error with its field path prefixed, e.g. by a parser that embeds a pod spec. */
  public InvalidSpecException under(String prefix) {
    String f = field.isEmpty() ? prefix : prefix + "." + field;
    InvalidSpecException e = new InvalidSpecException(f, reason);
    e.setStackTrace(getStackTrace());
    return e;
  }
}
