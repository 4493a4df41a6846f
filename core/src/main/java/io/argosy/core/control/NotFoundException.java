package io.argosy.core.control;

/** The named object does not exist (HTTP 404). */
public final class NotFoundException extends IllegalArgumentException {
  public NotFoundException(String message) {
    super(message);
  }
}
