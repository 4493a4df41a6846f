package io.argosy.gpu;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Interns resource names and partition profiles as small ints, so that the fit hot path compares
 * ints instead of looking strings up. Ids are process-wide and stable for the life of the JVM; they
 * are never persisted.
 */
public final class Ids {
  private static final ConcurrentHashMap<String, Integer> IDS = new ConcurrentHashMap<>();
  private static final AtomicInteger NEXT = new AtomicInteger();

  /** Id for "nothing", e.g. a demand without a profile. */
  public static final int NONE = -1;

  private Ids() {}

  /** The id of a name; null gives {@link #NONE}. Case-sensitive, as Kubernetes resource names are. */
  public static int of(String name) {
    if (name == null) {
      return NONE;
    }
    return IDS.computeIfAbsent(name, k -> NEXT.getAndIncrement());
  }
}
