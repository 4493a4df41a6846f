package io.argosy.queue.placement;

/**
 * Karmada {@code spreadConstraints[]}: spread over groups of clusters formed by a field
 * ({@code cluster}, {@code region}, {@code zone}, {@code provider}) or a cluster label.
 *
 * @param spreadByField the field, or null when spreading by label
 * @param spreadByLabel the cluster label, or null when spreading by field
 * @param maxGroups at most this many groups (0 = no limit)
 * @param minGroups at least this many groups
 */
public record SpreadConstraint(String spreadByField, String spreadByLabel, int maxGroups, int minGroups) {}
