package io.argosy.core.cli;

/** Thrown by a verb for input it cannot accept; the CLI prints the message on one line, exit 2. */
public final class InvalidInputException extends RuntimeException {
  public InvalidInputException(String message) {
    super(message);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
