package io.argosy.queue.placement;

/** Karmada {@code weightPreference.staticWeightList[]}: clusters matching {@code targetCluster} get {@code weight}. */
public record StaticClusterWeight(ClusterAffinity targetCluster, long weight) {}
