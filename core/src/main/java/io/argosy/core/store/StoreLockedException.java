package io.argosy.core.store;

/**
 * Another control plane holds the store (the SQLite data directory's lock file, or PostgreSQL's
 * leader lock). A standby waits and tries again; anything else reports it.
 */
public final class StoreLockedException extends IllegalStateException {
  public StoreLockedException(String message) {
    super(message);
  }
}
