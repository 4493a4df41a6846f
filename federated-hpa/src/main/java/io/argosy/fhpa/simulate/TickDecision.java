package io.argosy.fhpa.simulate;

import java.util.List;
import java.util.Map;

/** One line of {@code argosy fhpa simulate}: the decision at {@code t} seconds. */
public record TickDecision(long t, int currentReplicas, int desiredReplicas, boolean rescaled, String reason,
    int minReplicas, int maxReplicas, Map<String, Integer> clusters, List<String> events) {}
