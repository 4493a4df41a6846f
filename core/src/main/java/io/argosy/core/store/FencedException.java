package io.argosy.core.store;

/**
 * A write was refused because this control plane is no longer the leader: another one was elected
 * with a higher term since (fencing). The deposed leader must stop; nothing it wrote after losing
 * the lock was committed.
 */
public final class FencedException extends IllegalStateException {
  public FencedException(String message) {
    super(message);
  }
}
