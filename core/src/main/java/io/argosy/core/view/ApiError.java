package io.argosy.core.view;

/**
 * The body of every 4xx/5xx answer. {@code error} is one line naming the field and the reason; the
 * other fields are set when known (a manifest error names the document, its kind and name).
 */
public record ApiError(int status, String error, String field, String reason, Integer document, String kind, String name) {
  public static ApiError of(int status, String error) {
    return new ApiError(status, error, null, null, null, null, null);
  }

  public static ApiError field(int status, String field, String reason) {
    return new ApiError(status, (field == null || field.isEmpty() ? "" : field + ": ") + reason, field, reason, null, null, null);
  }
}
