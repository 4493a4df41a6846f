package io.argosy.queue.placement;

/** One entry of Karmada's ordered {@code clusterAffinities}: tried in order, the first that fits wins. */
public record ClusterAffinityTerm(String affinityName, ClusterAffinity affinity) {}
