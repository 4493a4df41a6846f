package io.argosy.fhpa.algo;

/** One metric's replica proposal and what it measured. */
public record Proposal(int replicas, String metric, MetricStatus status) {}
