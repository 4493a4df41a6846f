package io.argosy.solver.problem;

/**
 * A queue's remaining quota over the resource keys it limits.
 *
 * @param name queue name
 * @param keys resource names with a limit
 * @param remaining remaining quota per key, aligned with keys
 */
public record CompiledQueue(String name, String[] keys, long[] remaining) {

  public boolean limited() {
    return keys.length > 0;
  }

  /** Keys whose summed usage exceeds the remaining quota. */
  public int exceeded(long[] usage) {
    int n = 0;
    for (int k = 0; k < keys.length; k++) {
      if (usage[k] > remaining[k]) {
        n++;
      }
    }
    return n;
  }

  // identity semantics: Timefold hashes group keys on every move, and one compiled object stands
  // for exactly one input object
  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
