package io.argosy.queue.admin;

/** The three quota kinds of a queue, as in {@code argosy quota set Q --capability|--guarantee|--deserved}. */
public enum QuotaKind {
  CAPABILITY,
  GUARANTEE,
  DESERVED
}
