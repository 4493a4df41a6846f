package io.argosy.scheduler.framework;

/** A scorer and its weight in the sum. */
public record WeightedScorer(NodeScorer scorer, double weight) {}
