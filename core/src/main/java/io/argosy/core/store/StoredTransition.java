package io.argosy.core.store;

import java.time.Instant;

/** One entry of a job's history: {@code from} is null for the submission. */
public record StoredTransition(String from, String to, String reason, Instant at) {}
