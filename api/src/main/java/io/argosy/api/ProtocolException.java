package io.argosy.api;

/** A frame that is not a valid protocol message; the message says what is wrong with it. */
public final class ProtocolException extends RuntimeException {
  public ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
