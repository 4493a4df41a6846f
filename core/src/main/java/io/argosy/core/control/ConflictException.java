package io.argosy.core.control;

/** The request conflicts with what exists (HTTP 409). */
public final class ConflictException extends IllegalStateException {
  public ConflictException(String message) {
    super(message);
  }
}
