package io.argosy.solver.model;

/**
 * Karmada {@code spreadConstraints} entry for a divisible job: the parts placed this cycle should
 * cover between {@code minGroups} and {@code maxGroups} distinct values of {@code spreadByField}.
 *
 * @param spreadByField {@code cluster}, {@code region}, {@code zone} or {@code provider}
 * @param minGroups fewest distinct groups (0 = no lower bound)
 * @param maxGroups most distinct groups (0 = no upper bound)
 */
public record SpreadConstraint(String spreadByField, int minGroups, int maxGroups) {

  public static final String CLUSTER = "cluster";

  public static SpreadConstraint clusters(int minGroups, int maxGroups) {
    return new SpreadConstraint(CLUSTER, minGroups, maxGroups);
  }

  /** Groups missing below the minimum or beyond the maximum, for {@code groups} distinct groups. */
  public int violation(int groups) {
    if (groups < minGroups) {
      return minGroups - groups;
    }
    if (maxGroups > 0 && groups > maxGroups) {
      return groups - maxGroups;
    }
    return 0;
  }
}
